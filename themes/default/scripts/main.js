/* coursebuilder player, main.js: starts the player once every other script is defined (it comes
   last in the theme's script list). Wires the page-wide controls (screen links, Previous, Next,
   Exit, the contents drawer, the address's #sN), saves when the page is hidden, finishes the
   session when it goes away, then restores the learner's state and shows the first screen (or, back at the
   bookmark, a welcome with a way to the beginning). */
(function (CB) {
  "use strict";

  var $ = CB.$;

  var toggle = document.querySelector(".toc-toggle"), chrome = $("chrome");
  toggle.addEventListener("click", CB.screens.toggleToc);
  /* The drawer of small screens: Escape, or the focus leaving it, closes it. */
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !CB.screens.tocOpen()) return;
    CB.screens.closeToc();
    toggle.focus();
  });
  $("toc").addEventListener("focusout", function (event) {
    var to = event.relatedTarget;
    if (to && !$("toc").contains(to) && to !== toggle) CB.screens.closeToc();
  });
  /* The sticky header's height, for the drawer's top and the scroll padding of anchors. */
  function measure() { document.documentElement.style.setProperty("--chrome-h", chrome.offsetHeight + "px"); }
  if (window.ResizeObserver) new ResizeObserver(measure).observe(chrome);
  measure();
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-screen], a[data-end]");
    if (!link) return;
    event.preventDefault();
    if (link.hasAttribute("data-end")) CB.screens.end();
    else CB.screens.show(+link.getAttribute("data-screen"), true, link.getAttribute("data-anchor"));
  });
  $("prev").addEventListener("click", CB.screens.previous);
  $("end-plan").addEventListener("input", CB.ending.keepPlan);
  $("next").addEventListener("click", function () { CB.screens.show(CB.screens.current() + 1); });
  $("exit").addEventListener("click", function () {
    CB.storage.finish();
    CB.notice(CB.T.exit_done);
    $("exit").disabled = true;
  });
  window.addEventListener("hashchange", function () {
    var match = /^#s(\d+)$/.exec(location.hash);
    if (match && +match[1] !== CB.screens.current()) CB.screens.show(+match[1]);
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden" && !CB.storage.finished()) CB.storage.save(true);
  });
  window.addEventListener("pagehide", function (event) {
    if (event.persisted) { if (!CB.storage.finished()) CB.storage.save(true); } else CB.storage.finish();
  });

  CB.screens.adopt(1, $("screens").firstElementChild);
  CB.quiz.register(JSON.parse($("first-screen-data").textContent));
  var start = CB.storage.start();
  var hash = /^#s(\d+)$/.exec(location.hash);
  if (hash) start = +hash[1];
  if ("scrollRestoration" in history) history.scrollRestoration = "manual"; // the player places the page itself
  CB.screens.show(start, false); // the page opens at its top; the first Tab reaches the header
  /* Back at the bookmark: say so, politely, with a way to the beginning. */
  if (!hash && start > 1 && CB.storage.resumed()) {
    var welcome = $("welcome");
    welcome.hidden = false;
    $("welcome-text").textContent = CB.T.welcome_back;
    $("welcome-continue").addEventListener("click", function () {
      welcome.hidden = true;
      document.querySelector("section.screen:not([hidden]) h1").focus();
    });
    $("welcome-restart").addEventListener("click", function () { welcome.hidden = true; CB.screens.show(1); });
  }
})(window.CB = window.CB || {});

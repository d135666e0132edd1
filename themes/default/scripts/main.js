/* coursebuilder player, main.js: starts the player once every other script is defined (it comes
   last in the theme's script list). Wires the page-wide controls (screen links, Previous, Next,
   Exit, the contents toggle, the address's #sN), saves when the page is hidden, finishes the
   session when it goes away, then restores the learner's state and shows the first screen. */
(function (CB) {
  "use strict";

  var $ = CB.$;

  document.querySelector(".toc-toggle").addEventListener("click", CB.screens.toggleToc);
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-screen]");
    if (!link) return;
    event.preventDefault();
    CB.screens.show(+link.getAttribute("data-screen"), true, link.getAttribute("data-anchor"));
  });
  $("prev").addEventListener("click", function () { CB.screens.show(CB.screens.current() - 1); });
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
  CB.screens.show(start, start !== 1);
})(window.CB = window.CB || {});

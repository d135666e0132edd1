/* coursebuilder player, screens.js: moving between screens. The first screen is in the page; each
   other one arrives as a package-local script, screens/NNNN.js, that calls window.__cbScreen(n,
   {html, quizzes}) (builder/render.py writes them). show(n) loads a screen if needed, hides the old
   one, marks the new one seen, updates the pager, title, progress and status, moves the focus
   (and the page back to its top), saves, and loads the next screen ahead. Also the table of contents' drawer on small screens. */
(function (CB) {
  "use strict";

  var sections = {}, waiting = {}, current = 0;

  /* The screen already in the page (the first, as built). */
  function adopt(n, section) { sections[n] = section; }

  window.__cbScreen = function (n, payload) {
    CB.quiz.register(payload.quizzes);
    var holder = document.createElement("div");
    holder.innerHTML = payload.html;
    var section = holder.firstElementChild;
    section.hidden = true;
    CB.$("screens").appendChild(section);
    sections[n] = section;
    (waiting[n] || []).forEach(function (cb) { cb(); });
    delete waiting[n];
  };

  function load(n, done) {
    if (sections[n]) { done(); return; }
    if (waiting[n]) { waiting[n].push(done); return; }
    waiting[n] = [done];
    var script = document.createElement("script");
    script.src = "screens/" + ("000" + n).slice(-4) + ".js";
    script.onerror = function () {
      delete waiting[n];
      document.head.removeChild(script);
      CB.notice(CB.T.load_failed);
    };
    document.head.appendChild(script);
  }

  /* `focus` false: leave the focus where it is; `anchor`: the id of a section to scroll to. */
  function show(n, focus, anchor) {
    var config = CB.config, T = CB.T;
    if (n > config.screens && CB.ending && current) { end(); return; }
    n = Math.max(1, Math.min(config.screens, n | 0));
    load(n, function () {
      if (CB.ending) CB.ending.hide();
      if (sections[current]) sections[current].hidden = true;
      if (current === 0 && n !== 1) sections[1].hidden = true; // resumed elsewhere: hide the built-in first screen
      if (current && CB.$("notice").textContent === T.standalone) CB.notice(""); // said once, on the first screen
      current = n;
      var section = sections[n];
      section.hidden = false;
      CB.quiz.wire(section);
      if (CB.scenario) CB.scenario.wire(section); // a theme's own script list may leave it out
      CB.state.seen[n] = true;
      CB.$("prev").disabled = n === 1;
      CB.$("next").hidden = false;
      CB.$("next").disabled = n === config.screens && !CB.ending; // the last screen's Next: the ending
      CB.$("next").querySelector(".label").textContent = n === config.screens ? T.finish : T.next;
      CB.$("position").textContent = CB.fmt(T.screen_of, { n: n, total: config.screens });
      var title = section.querySelector("h1");
      document.title = CB.fmt(T.page_title, { screen: title.textContent, course: config.title });
      CB.progress.bar();
      CB.progress.status();
      CB.progress.assessmentNote(section);
      closeToc();
      var target = anchor && document.getElementById(anchor);
      if (target) { target.setAttribute("tabindex", "-1"); target.focus({ preventScroll: true }); target.scrollIntoView(); }
      else { window.scrollTo(0, 0); if (focus !== false) title.focus({ preventScroll: true }); }
      if (history.replaceState) history.replaceState(null, "", "#s" + n);
      CB.storage.save(true);
      if (n < config.screens) load(n + 1, function () {});
    });
  }

  /* The course's ending (ending.js), after the last screen or from the contents; the bookmark stays
     on the screen the learner was on, and Previous goes back to it. */
  function end() {
    sections[current].hidden = true;
    if (CB.$("notice").textContent === CB.T.standalone) CB.notice(""); // said once, on the first screen
    CB.ending.show();
    CB.$("prev").disabled = false;
    CB.$("next").hidden = true; // nothing after the ending
    CB.$("position").textContent = "";
    document.title = CB.fmt(CB.T.page_title, { screen: CB.$("end-title").textContent, course: CB.config.title });
    CB.progress.bar();
    closeToc();
    if (history.replaceState) history.replaceState(null, "", "#end");
  }

  function previous() { show(CB.ending && CB.ending.shown() ? current : current - 1); }

  /* ---- the table of contents on small screens ---------------------------------------------- */
  function tocToggle() { return document.querySelector(".toc-toggle"); }

  function closeToc() { tocToggle().setAttribute("aria-expanded", "false"); document.body.classList.remove("toc-open"); }

  function tocOpen() { return tocToggle().getAttribute("aria-expanded") === "true"; }

  function toggleToc() {
    var toggle = tocToggle(), open = !tocOpen();
    toggle.setAttribute("aria-expanded", String(open));
    document.body.classList.toggle("toc-open", open);
    if (open) { var link = document.querySelector(".toc a[aria-current]") || document.querySelector(".toc a"); link.focus(); }
  }

  CB.screens = { adopt: adopt, show: show, end: end, previous: previous, toggleToc: toggleToc, closeToc: closeToc,
    tocOpen: tocOpen, current: function () { return current; } };
})(window.CB = window.CB || {});

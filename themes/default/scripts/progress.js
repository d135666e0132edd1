/* coursebuilder player, progress.js: what the learner is shown of their progress: the progress bar
   and the table of contents' "seen" marks, the course status line (from scoring.js outcome()), and
   the note on the assessment's screen (locked until every screen is seen, or which screens remain
   once its result is final). Reads CB.state; changes nothing in it. */
(function (CB) {
  "use strict";

  /* Screens not seen yet, as links (the assessment's own screen left out). */
  function unseenList(except) {
    var list = document.createElement("ul");
    list.className = "screen-list";
    for (var n = 1; n <= CB.config.screens; n++) {
      if (CB.state.seen[n] || n === except) continue;
      var link = document.createElement("a");
      link.href = "#s" + n;
      link.setAttribute("data-screen", n);
      link.textContent = document.querySelector(".toc a[data-screen='" + n + "'] .toc-title").textContent;
      list.appendChild(document.createElement("li")).appendChild(link);
    }
    return list;
  }

  /* On the assessment's screen: locked until every other screen is seen (`assessment_opens:
     after-screens`, and only before a first attempt), or, once the result is final but the course is
     not complete, which screens remain. Either way the learner gets links, never a dead end. */
  function assessmentNote(section) {
    var form = section.querySelector("form.quiz-assessment");
    if (!form) return;
    var state = CB.state, config = CB.config, T = CB.T;
    var screen = +section.getAttribute("data-screen"), box = section.querySelector(".assessment-note");
    var missing = unseenList(screen).childNodes.length;
    var locked = config.lockAssessment && !state.attempts && missing > 0;
    var todo = !locked && missing > 0 && (state.passed || CB.scoring.exhausted(state, config)) &&
      !CB.scoring.outcome(state, config).completed;
    form.hidden = locked;
    if (!locked && !todo) { if (box) box.parentNode.removeChild(box); return; }
    if (!box) { box = document.createElement("div"); box.className = "assessment-note"; }
    if (locked) form.parentNode.insertBefore(box, form); else form.parentNode.insertBefore(box, form.nextSibling);
    box.innerHTML = "";
    box.appendChild(document.createElement("p")).textContent = locked ? T.assessment_locked : T.complete_remaining;
    if (locked) box.appendChild(document.createElement("p")).textContent = T.screens_to_see;
    box.appendChild(unseenList(screen));
  }

  function status() {
    var shown = CB.scoring.outcome(CB.state, CB.config).shown, el = CB.$("course-status");
    el.textContent = shown ? CB.T[shown] : "";
    el.hidden = !shown;
  }

  function bar() {
    var state = CB.state, screens = CB.config.screens, T = CB.T, current = CB.screens.current();
    var done = CB.scoring.seenCount(state, screens);
    CB.$("progress-fill").style.width = Math.round(100 * done / screens) + "%";
    CB.$("progress-text").textContent = CB.fmt(T.progress, { done: done, total: screens });
    var links = document.querySelectorAll(".toc a[data-screen]"), ending = CB.ending && CB.ending.shown();
    for (var i = 0; i < links.length; i++) {
      var n = +links[i].getAttribute("data-screen");
      links[i].classList.toggle("seen", !!state.seen[n]);
      links[i].querySelector(".toc-seen").textContent = state.seen[n] ? " (" + T.visited + ")" : "";
      markCurrent(links[i], n === current && !ending);
    }
    var end = document.querySelector(".toc a[data-end]");
    if (end) {
      end.classList.toggle("seen", CB.scoring.outcome(state, CB.config).completed);
      markCurrent(end, ending);
    }
  }

  function markCurrent(link, yes) { if (yes) link.setAttribute("aria-current", "step"); else link.removeAttribute("aria-current"); }

  CB.progress = { bar: bar, status: status, assessmentNote: assessmentNote, unseenList: unseenList };
})(window.CB = window.CB || {});

/* coursebuilder player, ending.js: the course's ending, after the last screen (Next there leads
   to it, as "Finish"; the last entry of the contents too). Complete under the course's rule (scoring.js outcome()): what was covered,
   the result and score if any, the toolkit (course.yaml `toolkit:`). Not yet: what remains (the
   screens not seen, as links; the assessment). Always a "what will you do next?" box whose
   answer stays in this browser (localStorage) and is never sent to the LMS. */
(function (CB) {
  "use strict";

  var $ = CB.$;

  function planKey() { return "coursebuilder:" + CB.config.id + ":" + CB.config.version + ":plan"; }

  function add(parent, tag, text, className) {
    var el = parent.appendChild(document.createElement(tag));
    if (text) el.textContent = text;
    if (className) el.className = className;
    return el;
  }

  function link(n) {
    var a = document.createElement("a");
    a.href = "#s" + n;
    a.setAttribute("data-screen", n);
    a.textContent = document.querySelector(".toc a[data-screen='" + n + "'] .toc-title").textContent;
    return a;
  }

  function summary(box) {
    var config = CB.config, state = CB.state, T = CB.T, out = CB.scoring.outcome(state, config);
    box.innerHTML = "";
    $("end-title").textContent = out.completed ? T.end_done : T.end_not_yet;
    if (out.shown) add(box, "p", T[out.shown], "end-status");
    if (out.score !== null && out.score !== undefined) add(box, "p", CB.fmt(T.end_score, { score: out.score }), "end-score");
    var unseen = [], seen = [];
    for (var n = 1; n <= config.screens; n++) (state.seen[n] ? seen : unseen).push(n);
    if (!out.completed) {
      if (config.assessment !== null && !state.passed && !CB.scoring.exhausted(state, config))
        add(box, "p", T.end_assessment_todo);
      if (unseen.length) {
        add(box, "p", T.complete_remaining);
        var todo = add(box, "ul", "", "screen-list");
        unseen.forEach(function (n) { add(todo, "li").appendChild(link(n)); });
      }
    } else {
      add(box, "h2", T.end_covered);
      var list = add(box, "ul", "", "screen-list");
      seen.forEach(function (n) { add(list, "li").appendChild(link(n)); });
    }
    if (config.toolkit) {
      var p = add(box, "p", "", "end-toolkit"), a = add(p, "a", T.end_toolkit, "resource");
      a.href = config.toolkit;
      a.target = "_blank";
      add(a, "span", " " + T.opens_new_window, "visually-hidden");
    }
  }

  function show() {
    var section = $("course-end"), plan = $("end-plan");
    summary($("end-summary"));
    try { plan.value = window.localStorage.getItem(planKey()) || ""; } catch (e) { /* blocked */ }
    section.hidden = false;
    window.scrollTo(0, 0);
    $("end-title").focus({ preventScroll: true });
  }

  function keepPlan() {
    try { window.localStorage.setItem(planKey(), $("end-plan").value); } catch (e) { /* full or blocked: kept on screen */ }
  }

  CB.ending = { show: show, keepPlan: keepPlan, hide: function () { $("course-end").hidden = true; },
    shown: function () { return !$("course-end").hidden; } };
})(window.CB = window.CB || {});

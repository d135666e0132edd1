/* coursebuilder player: navigation, quizzes, scoring and saved progress. Plain JS, no network:
   screens after the first arrive as package-local scripts (screens/NNNN.js) when needed. */
(function () {
  "use strict";

  var config = JSON.parse(document.getElementById("course-config").textContent);
  var T = config.strings;
  var KEYS = "abcdefghijklmnopqrstuvwxyz0123456789";
  var B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  var $ = function (id) { return document.getElementById(id); };

  function fmt(text, values) {
    return String(text).replace(/\{(\w+)\}/g, function (all, key) { return key in values ? values[key] : all; });
  }

  /* ---- learner state: what suspend_data (or localStorage) holds ---------------------------- */
  var state = { seen: [], quizzes: {}, attempts: 0, best: -1, passed: false, interactions: 0 };
  var current = 0;

  function encodeSeen() {
    var out = "";
    for (var i = 0; i < config.screens; i += 6) {
      var v = 0;
      for (var b = 0; b < 6; b++) if (state.seen[i + b + 1]) v |= 1 << b;
      out += B64.charAt(v);
    }
    return out;
  }

  function decodeSeen(text) {
    for (var i = 0; i < text.length; i++) {
      var v = B64.indexOf(text.charAt(i));
      for (var b = 0; b < 6; b++) if (v >= 0 && v & (1 << b)) state.seen[i * 6 + b + 1] = true;
    }
  }

  function serialise() {
    var q = {};
    Object.keys(state.quizzes).forEach(function (k) {
      var e = state.quizzes[k];
      q[k] = [e.submitted ? 1 : 0].concat(e.responses);
    });
    var data = { v: config.stateVersion, s: encodeSeen(), q: q,
      a: [state.attempts, state.best, state.passed ? 1 : 0], n: state.interactions, h: config.structure };
    var text = JSON.stringify(data);
    // Knowledge-check answers are a comfort; drop them (oldest first) before exceeding the limit.
    var keys = Object.keys(q).filter(function (k) { return !config.quizzes[k].graded; });
    while (text.length > config.stateLimit && keys.length) {
      delete q[keys.shift()];
      text = JSON.stringify(data);
    }
    return text;
  }

  function restore(text) {
    var data;
    if (!text) return false;
    try { data = JSON.parse(text); } catch (e) { return false; }
    // Another state format, or a course whose screens or questions changed since: start afresh.
    if (!data || data.v !== config.stateVersion || data.h !== config.structure) return false;
    decodeSeen(String(data.s || ""));
    Object.keys(data.q || {}).forEach(function (k) {
      var e = data.q[k];
      if (config.quizzes[k] && e && e.length) state.quizzes[k] = { submitted: e[0] === 1, responses: e.slice(1).map(String) };
    });
    if (data.a) { state.attempts = +data.a[0] || 0; state.best = +data.a[1]; state.passed = data.a[2] === 1; }
    state.interactions = +data.n || 0;
    return true;
  }

  /* ---- where progress goes: the LMS, or this browser -------------------------------------- */
  var lms = null, finished = false;
  var storageKey = "coursebuilder:" + config.id + ":" + config.version;

  function notice(text) { var el = $("notice"); el.textContent = text; el.hidden = !text; }

  function startTracking() {
    if (config.scorm && window.CBScorm) {
      var session = new window.CBScorm.Session(config.scorm, function (m) { if (window.console) console.warn("[coursebuilder] " + m); });
      if (session.start()) {
        lms = session;
        session.onTrouble = function (trouble) { notice(trouble ? T.lms_trouble : ""); };
        // "ab-initio" means a fresh attempt; otherwise resume from whatever the LMS kept.
        if (session.entry() === "ab-initio") return 1;
        var resumed = restore(session.suspendData());
        state.interactions = Math.max(state.interactions, session.interactionCount());
        return resumed ? parseInt((session.location().match(/\d+/) || ["1"])[0], 10) : 1;
      }
    }
    notice(T.standalone);
    try {
      var saved = JSON.parse(window.localStorage.getItem(storageKey) || "null");
      if (saved && restore(saved.state)) return saved.screen || 1;
    } catch (e) { /* storage blocked: keep going in memory */ }
    return 1;
  }

  function save(commit) {
    var text = serialise();
    if (lms) {
      lms.saveState("s" + current, text);
      lms.report(outcome());
      if (commit) lms.commit();
    } else {
      try { window.localStorage.setItem(storageKey, JSON.stringify({ screen: current, state: text })); } catch (e) { /* full or blocked */ }
    }
  }

  function finish() {
    if (finished) return;
    save(false);
    if (lms) lms.finish(outcome().completed);
    finished = true;
  }

  /* ---- status: one place decides what the LMS is told -------------------------------------- */
  function seenCount() {
    var n = 0;
    for (var i = 1; i <= config.screens; i++) if (state.seen[i]) n++;
    return n;
  }

  function exhausted() { return config.assessment !== null && config.attempts > 0 && state.attempts >= config.attempts; }

  /* The course's completion rule is a table the builder computed (builder/completion.py), one row
     per (every screen seen, passed, no attempt left): SCORM 1.2, 2004 and the offline player all
     read the same row. The LMS gets the score only with a row that says so: Moodle and Cornerstone
     turn a low score into "failed" while the learner still has attempts. */
  function outcome() {
    var allSeen = seenCount() === config.screens;
    var row = config.status[(allSeen ? 1 : 0) + (state.passed ? 2 : 0) + (exhausted() ? 4 : 0)];
    var completed = row.completion === "completed";
    return {
      lessonStatus: row.lesson,
      completed: completed,
      success: row.success,
      shown: row.shown,
      progress: completed ? 1 : seenCount() / config.screens,
      score: row.score && state.best >= 0 ? state.best : null
    };
  }

  /* Screens not seen yet, as links (the assessment's own screen left out). */
  function unseenList(except) {
    var list = document.createElement("ul");
    list.className = "screen-list";
    for (var n = 1; n <= config.screens; n++) {
      if (state.seen[n] || n === except) continue;
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
  function assessmentNotes(section) {
    var form = section.querySelector("form.quiz-assessment");
    if (!form) return;
    var screen = +section.getAttribute("data-screen"), box = section.querySelector(".assessment-note");
    var missing = unseenList(screen).childNodes.length;
    var locked = config.lockAssessment && !state.attempts && missing > 0;
    var todo = !locked && missing > 0 && (state.passed || exhausted()) && !outcome().completed;
    form.hidden = locked;
    if (!locked && !todo) { if (box) box.parentNode.removeChild(box); return; }
    if (!box) { box = document.createElement("div"); box.className = "assessment-note"; }
    if (locked) form.parentNode.insertBefore(box, form); else form.parentNode.insertBefore(box, form.nextSibling);
    box.innerHTML = "";
    box.appendChild(document.createElement("p")).textContent = locked ? T.assessment_locked : T.complete_remaining;
    if (locked) box.appendChild(document.createElement("p")).textContent = T.screens_to_see;
    box.appendChild(unseenList(screen));
  }

  function updateStatus() {
    var shown = outcome().shown, el = $("course-status");
    el.textContent = shown ? T[shown] : "";
    el.hidden = !shown;
  }

  function updateProgress() {
    var done = seenCount();
    $("progress-fill").style.width = Math.round(100 * done / config.screens) + "%";
    $("progress-text").textContent = fmt(T.progress, { done: done, total: config.screens });
    var links = document.querySelectorAll(".toc a[data-screen]");
    for (var i = 0; i < links.length; i++) {
      var n = +links[i].getAttribute("data-screen");
      links[i].classList.toggle("seen", !!state.seen[n]);
      links[i].querySelector(".toc-seen").textContent = state.seen[n] ? " (" + T.visited + ")" : "";
      if (n === current) links[i].setAttribute("aria-current", "step"); else links[i].removeAttribute("aria-current");
    }
  }

  /* ---- screens ------------------------------------------------------------------------------ */
  var sections = {}, quizData = {}, waiting = {};

  function registerQuizzes(list) { (list || []).forEach(function (q) { quizData[q.index] = q; }); }

  window.__cbScreen = function (n, payload) {
    registerQuizzes(payload.quizzes);
    var holder = document.createElement("div");
    holder.innerHTML = payload.html;
    var section = holder.firstElementChild;
    section.hidden = true;
    $("screens").appendChild(section);
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
      notice(T.load_failed);
    };
    document.head.appendChild(script);
  }

  function show(n, focus, anchor) {
    n = Math.max(1, Math.min(config.screens, n | 0));
    load(n, function () {
      if (sections[current]) sections[current].hidden = true;
      if (current === 0 && n !== 1) sections[1].hidden = true; // resumed elsewhere: hide the built-in first screen
      current = n;
      var section = sections[n];
      section.hidden = false;
      wireQuizzes(section);
      state.seen[n] = true;
      $("prev").disabled = n === 1;
      $("next").disabled = n === config.screens;
      $("position").textContent = fmt(T.screen_of, { n: n, total: config.screens });
      var title = section.querySelector("h1");
      document.title = fmt(T.page_title, { screen: title.textContent, course: config.title });
      updateProgress();
      updateStatus();
      assessmentNotes(section);
      closeToc();
      var target = anchor && document.getElementById(anchor);
      if (target) { target.setAttribute("tabindex", "-1"); target.focus(); target.scrollIntoView(); }
      else if (focus !== false) title.focus();
      if (history.replaceState) history.replaceState(null, "", "#s" + n);
      save(true);
      if (n < config.screens) load(n + 1, function () {});
    });
  }

  /* ---- quizzes ------------------------------------------------------------------------------ */
  function questionsOf(form) { return Array.prototype.slice.call(form.querySelectorAll("li.question")); }

  function readResponse(li, q) {
    if (q.type === "single" || q.type === "multiple" || q.type === "true-false") {
      var picked = li.querySelectorAll("input:checked"), out = "";
      for (var i = 0; i < picked.length; i++) out += picked[i].value;
      return out.split("").sort().join("");
    }
    if (q.type === "fill-in") return li.querySelector("input").value.replace(/[\u0000-\u001f]/g, " ");
    var selects = li.querySelectorAll("select"), keys = [];
    for (var s = 0; s < selects.length; s++) keys[KEYS.indexOf(selects[s].getAttribute("data-item"))] = selects[s].value || "_";
    return keys.join("");
  }

  function writeResponse(li, q, response) {
    if (q.type === "fill-in") { li.querySelector("input").value = response; return; }
    if (q.type === "single" || q.type === "multiple" || q.type === "true-false") {
      var inputs = li.querySelectorAll("input");
      for (var i = 0; i < inputs.length; i++) inputs[i].checked = response.indexOf(inputs[i].value) >= 0;
      return;
    }
    var selects = li.querySelectorAll("select");
    for (var s = 0; s < selects.length; s++) {
      var c = response.charAt(KEYS.indexOf(selects[s].getAttribute("data-item")));
      selects[s].value = c && c !== "_" ? c : "";
    }
  }

  function answered(q, response) {
    if (q.type === "fill-in") return response.trim() !== "";
    if (q.type === "matching" || q.type === "ordering") return response !== "" && response.indexOf("_") < 0;
    return response !== "";
  }

  function normalise(text) { return String(text).normalize("NFC").toLocaleLowerCase().replace(/\s+/g, ""); }

  function isCorrect(q, response) {
    if (q.type === "fill-in") {
      return q.answers.some(function (a) { return normalise(a) === normalise(response); });
    }
    return response === q.correct;
  }

  function clean2004(text) { return text.replace(/\[[,.]\]/g, " "); }

  function interaction(quiz, q, response, latency) {
    var type = { single: "choice", multiple: "choice", "true-false": "true-false", "fill-in": "fill-in",
      matching: "matching", ordering: "sequencing" }[q.type];
    var rec = { id: quiz.id + "." + q.id, type: type, weighting: q.points, correct: isCorrect(q, response),
      latency: latency, date: new Date(), description: q.prompt };
    if (q.type === "true-false") {
      rec.response12 = response; rec.response2004 = response === "t" ? "true" : "false";
      rec.correct12 = [q.correct]; rec.correct2004 = [q.correct === "t" ? "true" : "false"];
    } else if (q.type === "fill-in") {
      rec.response12 = response.slice(0, 255); rec.response2004 = clean2004(response).slice(0, 250);
      rec.correct12 = q.answers.slice(0, 10);
      rec.correct2004 = q.answers.slice(0, 10).map(function (a) { return "{case_matters=false}" + clean2004(a); });
    } else if (q.type === "matching") {
      var pairs = function (resp, sep, dot) {
        var out = [];
        for (var i = 0; i < resp.length; i++) if (resp.charAt(i) !== "_") out.push(KEYS.charAt(i) + dot + resp.charAt(i));
        return out.join(sep);
      };
      rec.response12 = pairs(response, ",", "."); rec.response2004 = pairs(response, "[,]", "[.]");
      rec.correct12 = [pairs(q.correct, ",", ".")]; rec.correct2004 = [pairs(q.correct, "[,]", "[.]")];
    } else if (q.type === "ordering") {
      var order = [];
      for (var i = 0; i < response.length; i++) order.push({ item: KEYS.charAt(i), at: KEYS.indexOf(response.charAt(i)) });
      order.sort(function (a, b) { return a.at - b.at; });
      var items = order.filter(function (o) { return o.at >= 0; }).map(function (o) { return o.item; });
      rec.response12 = items.join(","); rec.response2004 = items.join("[,]");
      rec.correct12 = [q.correct.split("").join(",")]; rec.correct2004 = [q.correct.split("").join("[,]")];
    } else {
      rec.response12 = response.split("").join(","); rec.response2004 = response.split("").join("[,]");
      rec.correct12 = [q.correct.split("").join(",")]; rec.correct2004 = [q.correct.split("").join("[,]")];
    }
    return rec;
  }

  function shuffle(list) {
    for (var i = list.length - 1; i > 0; i--) {
      var j = Math.floor(Math.random() * (i + 1)), t = list[i]; list[i] = list[j]; list[j] = t;
    }
    return list;
  }

  function shuffleForm(form) {
    var ol = form.querySelector("ol.questions");
    shuffle(questionsOf(form)).forEach(function (li) {
      ol.appendChild(li);
      var box = li.querySelector(".options");
      if (box && !li.classList.contains("question-true-false")) {
        shuffle(Array.prototype.slice.call(box.children)).forEach(function (o) { box.appendChild(o); });
      }
    });
  }

  function setDisabled(form, disabled) {
    var fields = form.querySelectorAll("input, select");
    for (var i = 0; i < fields.length; i++) fields[i].disabled = disabled;
    form.querySelector("button.submit").disabled = disabled;
  }

  function showFeedback(li, q, response) {
    var box = li.querySelector(".feedback"), ok = isCorrect(q, response), parts = [];
    parts.push("<p><strong>" + (ok ? T.correct : T.incorrect) + "</strong>" +
      ((ok ? q.fc : q.fi) ? " " + (ok ? q.fc : q.fi) : "") + "</p>");
    if (q.of) {
      for (var i = 0; i < q.of.length; i++) if (q.of[i] && response.indexOf(KEYS.charAt(i)) >= 0) parts.push("<p>" + q.of[i] + "</p>");
    }
    box.innerHTML = parts.join("");
    box.hidden = false;
    li.classList.toggle("is-correct", ok);
    li.classList.toggle("is-incorrect", !ok);
  }

  function clearFeedback(form) {
    questionsOf(form).forEach(function (li) {
      var box = li.querySelector(".feedback"); box.hidden = true; box.innerHTML = "";
      li.classList.remove("is-correct", "is-incorrect");
    });
    form.querySelector(".quiz-result").textContent = "";
  }

  function assessmentMessage(quiz, score) {
    var text = fmt(state.passed ? T.result_passed : T.result_failed, { score: score, pass_mark: quiz.passMark });
    if (!state.passed) {
      if (!quiz.attempts) text += " " + T.attempts_unlimited;
      else {
        var left = quiz.attempts - state.attempts;
        text += " " + (left <= 0 ? T.no_attempts_left : left === 1 ? T.attempt_left : fmt(T.attempts_left, { left: left }));
      }
    }
    return text;
  }

  function canRetry(quiz) { return !state.passed && (!quiz.attempts || state.attempts < quiz.attempts); }

  function scoreOf(quiz, responses) {
    var earned = 0, possible = 0;
    quiz.questions.forEach(function (q, i) { possible += q.points; if (isCorrect(q, responses[i])) earned += q.points; });
    return Math.round(100 * earned / possible);
  }

  function wireQuizzes(section) {
    var forms = section.querySelectorAll("form.quiz");
    for (var i = 0; i < forms.length; i++) if (!forms[i].__wired) wireQuiz(forms[i]);
  }

  function wireQuiz(form) {
    form.__wired = true;
    var quiz = quizData[form.getAttribute("data-quiz")];
    var entry = state.quizzes[quiz.index];
    var started = Date.now(), changed = {};
    var lis = {};
    questionsOf(form).forEach(function (li) { lis[li.getAttribute("data-q")] = li; });
    if (quiz.shuffle && !(entry && entry.submitted)) shuffleForm(form);
    if (entry) {
      quiz.questions.forEach(function (q, i) { if (entry.responses[i] !== undefined) writeResponse(lis[i], q, entry.responses[i]); });
      if (entry.submitted) {
        quiz.questions.forEach(function (q, i) { showFeedback(lis[i], q, entry.responses[i] || ""); });
        if (quiz.graded) {
          form.querySelector(".quiz-result").textContent = assessmentMessage(quiz, scoreOf(quiz, entry.responses));
          setDisabled(form, true);
          form.querySelector("button.retry").hidden = !canRetry(quiz);
        }
      }
    }

    form.addEventListener("change", function (event) {
      var li = event.target.closest("li.question");
      if (li) changed[li.getAttribute("data-q")] = Date.now();
      var responses = quiz.questions.map(function (q, i) { return readResponse(lis[i], q); });
      var e = state.quizzes[quiz.index];
      state.quizzes[quiz.index] = { submitted: e ? e.submitted && !quiz.graded : false, responses: responses };
    });

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (finished) return;
      var responses = quiz.questions.map(function (q, i) { return readResponse(lis[i], q); });
      var missing = quiz.questions.filter(function (q, i) { return !answered(q, responses[i]); }).length;
      var result = form.querySelector(".quiz-result");
      if (missing) { result.textContent = fmt(T.partly_answered, { missing: missing }); return; }
      state.quizzes[quiz.index] = { submitted: true, responses: responses };
      quiz.questions.forEach(function (q, i) { showFeedback(lis[i], q, responses[i]); });
      if (!quiz.graded) {
        var right = quiz.questions.filter(function (q, i) { return isCorrect(q, responses[i]); }).length;
        result.textContent = fmt(T.check_done, { correct: right, total: quiz.questions.length });
        save(true);
        return;
      }
      var score = scoreOf(quiz, responses);
      state.attempts++;
      if (score > state.best) state.best = score;
      if (score >= quiz.passMark) state.passed = true;
      quiz.questions.forEach(function (q, i) {
        var rec = interaction(quiz, q, responses[i], (changed[i] || Date.now()) - started);
        if (lms) lms.recordInteraction(state.interactions, rec);
        state.interactions++;
      });
      result.textContent = assessmentMessage(quiz, score);
      setDisabled(form, true);
      form.querySelector("button.retry").hidden = !canRetry(quiz);
      save(true);
      updateStatus();
      assessmentNotes(form.closest("section.screen"));
    });

    form.querySelector("button.retry").addEventListener("click", function () {
      if (!canRetry(quiz)) return;
      state.quizzes[quiz.index] = { submitted: false, responses: [] };
      form.reset();
      clearFeedback(form);
      setDisabled(form, false);
      this.hidden = true;
      if (quiz.shuffle) shuffleForm(form);
      started = Date.now(); changed = {};
      var first = form.querySelector("input, select");
      if (first) first.focus();
      save(true);
    });
  }

  /* ---- table of contents on small screens -------------------------------------------------- */
  var toggle = document.querySelector(".toc-toggle");
  function closeToc() { toggle.setAttribute("aria-expanded", "false"); document.body.classList.remove("toc-open"); }
  toggle.addEventListener("click", function () {
    var open = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", String(open));
    document.body.classList.toggle("toc-open", open);
    if (open) { var link = document.querySelector(".toc a[aria-current]") || document.querySelector(".toc a"); link.focus(); }
  });

  /* ---- wiring ------------------------------------------------------------------------------- */
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-screen]");
    if (!link) return;
    event.preventDefault();
    show(+link.getAttribute("data-screen"), true, link.getAttribute("data-anchor"));
  });
  $("prev").addEventListener("click", function () { show(current - 1); });
  $("next").addEventListener("click", function () { show(current + 1); });
  $("exit").addEventListener("click", function () {
    finish();
    notice(T.exit_done);
    $("exit").disabled = true;
  });
  window.addEventListener("hashchange", function () {
    var match = /^#s(\d+)$/.exec(location.hash);
    if (match && +match[1] !== current) show(+match[1]);
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden" && !finished) save(true);
  });
  window.addEventListener("pagehide", function (event) {
    if (event.persisted) { if (!finished) save(true); } else finish();
  });

  var first = $("screens").firstElementChild;
  sections[1] = first;
  registerQuizzes(JSON.parse($("first-screen-data").textContent));
  var start = startTracking();
  var hash = /^#s(\d+)$/.exec(location.hash);
  if (hash) start = +hash[1];
  show(start, start !== 1);
})();

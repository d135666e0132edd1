/* coursebuilder player, quiz.js: quizzes in the page. Each form.quiz (builder's quiz.html.j2) is
   wired once, when its screen is first shown: answers read from and written back to the form
   (the response strings scoring.js describes), optional shuffling, feedback per question, the
   result line, attempts and retry for the assessment. Knowledge checks are kept in CB.state only;
   a graded submission updates attempts, best score and passed, and records each answer through
   storage.js. */
(function (CB) {
  "use strict";

  var KEYS = CB.scoring.KEYS, quizData = {};

  /* Quiz data that arrives with a screen (builder/render.py quiz_data()), by quiz index. */
  function register(list) { (list || []).forEach(function (q) { quizData[q.index] = q; }); }

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
    var T = CB.T, box = li.querySelector(".feedback"), ok = CB.scoring.isCorrect(q, response), parts = [];
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
    var T = CB.T, state = CB.state, fmt = CB.fmt;
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

  function canRetry(quiz) { return !CB.state.passed && (!quiz.attempts || CB.state.attempts < quiz.attempts); }

  /* Every quiz of a screen not wired yet. */
  function wire(section) {
    var forms = section.querySelectorAll("form.quiz");
    for (var i = 0; i < forms.length; i++) if (!forms[i].__wired) wireQuiz(forms[i]);
  }

  function wireQuiz(form) {
    form.__wired = true;
    var state = CB.state, scoring = CB.scoring;
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
          form.querySelector(".quiz-result").textContent = assessmentMessage(quiz, scoring.scoreOf(quiz, entry.responses));
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
      if (CB.storage.finished()) return;
      var T = CB.T;
      var responses = quiz.questions.map(function (q, i) { return readResponse(lis[i], q); });
      var missing = quiz.questions.filter(function (q, i) { return !scoring.answered(q, responses[i]); }).length;
      var result = form.querySelector(".quiz-result");
      if (missing) { result.textContent = CB.fmt(T.partly_answered, { missing: missing }); return; }
      state.quizzes[quiz.index] = { submitted: true, responses: responses };
      quiz.questions.forEach(function (q, i) { showFeedback(lis[i], q, responses[i]); });
      if (!quiz.graded) {
        var right = quiz.questions.filter(function (q, i) { return scoring.isCorrect(q, responses[i]); }).length;
        result.textContent = CB.fmt(T.check_done, { correct: right, total: quiz.questions.length });
        CB.storage.save(true);
        return;
      }
      var score = scoring.scoreOf(quiz, responses);
      state.attempts++;
      if (score > state.best) state.best = score;
      if (score >= quiz.passMark) state.passed = true;
      quiz.questions.forEach(function (q, i) {
        CB.storage.record(scoring.record(quiz, q, responses[i], (changed[i] || Date.now()) - started));
      });
      result.textContent = assessmentMessage(quiz, score);
      setDisabled(form, true);
      form.querySelector("button.retry").hidden = !canRetry(quiz);
      CB.storage.save(true);
      CB.progress.status();
      CB.progress.assessmentNote(form.closest("section.screen"));
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
      CB.storage.save(true);
    });
  }

  CB.quiz = { register: register, wire: wire };
})(window.CB = window.CB || {});

/* coursebuilder player, quiz.js: quizzes in the page. Each form.quiz (builder's quiz.html.j2) is
   wired once, when its screen is first shown. An attempt shows the questions it draws (quiz.groups:
   [draw, count] for `questions` and each pool; a new draw avoids the last attempt's questions where
   a group has enough others), numbered "Question 4 of 15", one at a time with a review step in
   layout one-per-screen. Answers are read from and written back to the form (the response strings
   scoring.js describes). The answer key is sealed (builder/render_quiz.py) and opened to score;
   the right answers, and feedback that could give them away, are shown only when quiz.reveal
   allows. A graded submission updates attempts, best score and passed, records each answer through
   storage.js and shows the results: score, what happens next, the questions to review with their
   lessons, the screens not seen yet, and Try again. */
(function (CB) {
  "use strict";

  var KEYS = CB.scoring.KEYS, quizData = {};

  /* Quiz data that arrives with a screen (builder/render_quiz.py data()), by quiz index. */
  function register(list) { (list || []).forEach(function (q) { quizData[q.index] = q; }); }

  function all(root, selector) { return Array.prototype.slice.call(root.querySelectorAll(selector)); }

  function esc(text) { var d = document.createElement("div"); d.textContent = text; return d.innerHTML; }

  function link(href, attrs, text) { return "<a href=\"" + href + "\" " + attrs + ">" + esc(text) + "</a>"; }

  function readResponse(li, q) {
    if (q.type === "single" || q.type === "multiple" || q.type === "true-false") {
      return all(li, "input:checked").map(function (i) { return i.value; }).sort().join("");
    }
    if (q.type === "fill-in") return li.querySelector("input").value.replace(/[\u0000-\u001f]/g, " ");
    var keys = [];
    all(li, "select").forEach(function (s) { keys[KEYS.indexOf(s.getAttribute("data-item"))] = s.value || "_"; });
    return keys.join("");
  }

  function writeResponse(li, q, response) {
    if (q.type === "fill-in") { li.querySelector("input").value = response; return; }
    all(li, "input").forEach(function (i) { i.checked = response.indexOf(i.value) >= 0; });
    all(li, "select").forEach(function (s) {
      var c = response.charAt(KEYS.indexOf(s.getAttribute("data-item")));
      s.value = c && c !== "_" ? c : "";
      echo(s);
    });
  }

  /* Matching: the chosen answer in full under its select, which a phone may cut short. */
  function echo(select) {
    var out = select.nextElementSibling;
    if (out) out.textContent = select.value ? select.options[select.selectedIndex].text : "";
  }

  function shuffle(list) {
    for (var i = list.length - 1; i > 0; i--) {
      var j = Math.floor(Math.random() * (i + 1)), t = list[i]; list[i] = list[j]; list[j] = t;
    }
    return list;
  }

  /* An attempt's questions (indices, ascending): `draw` of each group, those of `before` last. */
  function drawFor(quiz, before) {
    var out = [], start = 0, old = {};
    (before || []).forEach(function (i) { old[i] = 1; });
    quiz.groups.forEach(function (g) {
      var fresh = [], seen = [];
      for (var i = start; i < start + g[1]; i++) (old[i] ? seen : fresh).push(i);
      out = out.concat(shuffle(fresh).concat(shuffle(seen)).slice(0, g[0]));
      start += g[1];
    });
    return out.sort(function (a, b) { return a - b; });
  }

  /* The learner's "Correct." or "Not quite." unless a feedback paragraph starts with one already. */
  function verdict(ok, paras) {
    var said = paras.some(function (html) {
      var text = html.replace(/<[^>]*>/g, "").trim().toLowerCase();
      return CB.config.verdicts[ok ? "correct" : "incorrect"].some(function (v) { return text.indexOf(v) === 0 && !/[\w\u00c0-\u024f]/.test(text.charAt(v.length)); });
    });
    return said ? "" : "<strong>" + (ok ? CB.T.correct : CB.T.incorrect) + "</strong> ";
  }

  /* Every quiz of a screen not wired yet. */
  function wire(section) {
    all(section, "form.quiz").forEach(function (form) { if (!form.__wired) wireQuiz(form); });
  }

  function wireQuiz(form) {
    form.__wired = true;
    var state = CB.state, scoring = CB.scoring, T = CB.T, fmt = CB.fmt;
    var quiz = quizData[form.getAttribute("data-quiz")], one = quiz.layout === "one-per-screen";
    var $ = function (s) { return form.querySelector(s); };
    var result = $(".quiz-result"), more = $(".results-more"), heading = $(".results-title"), review = $(".q-review");
    var prev = $(".q-prev"), next = $(".q-next"), submit = $("button.submit"), retryButton = $("button.retry");
    var lis = [], order = [], at = 0, started = Date.now(), changed = {}, keys = {};
    all(form, "li.question").forEach(function (li) { lis[+li.getAttribute("data-q")] = li; });

    var local = null; // an attempt nothing is saved of yet (a quiz that draws is saved at once: its draw)
    function entry() { return state.quizzes[quiz.index] || local; }
    function keep() { state.quizzes[quiz.index] = entry(); }
    function key(i) { return keys[i] || (keys[i] = scoring.open(quiz.id, quiz.questions[i])); }
    function scored(i) {
      var q = quiz.questions[i], k = key(i);
      return { id: q.id, type: q.type, points: q.points, prompt: q.prompt, correct: k.c, answers: k.a };
    }
    function number(i) { return fmt(T.question_of, { n: order.indexOf(i) + 1, total: order.length }); }
    function canRetry() {
      return quiz.graded ? !state.passed && (!quiz.attempts || state.attempts < quiz.attempts) : quiz.groups.length > 0 &&
        order.length < quiz.questions.length;
    }
    function revealed() { return quiz.reveal !== "never" && (quiz.reveal === "each-attempt" || !quiz.graded || !canRetry()); }

    /* Sets up the attempt's questions: drawn afresh (`before`: the last attempt's) or as saved. */
    function begin(fresh, before) {
      var e = entry();
      if (fresh || !e) { e = local = { submitted: false, responses: [], draw: null }; delete state.quizzes[quiz.index]; }
      if (!e.draw) e.draw = drawFor(quiz, before);
      if (fresh || e.draw.length < quiz.questions.length) keep();
      if (quiz.shuffle && !e.submitted) {
        var ol = $("ol.questions");
        shuffle(lis.slice()).forEach(function (li) {
          ol.appendChild(li);
          var box = li.querySelector(".options");
          if (box && !li.classList.contains("question-true-false")) shuffle(all(box, ".option")).forEach(function (o) { box.appendChild(o); });
        });
      }
      var inDraw = {};
      e.draw.forEach(function (i) { inDraw[i] = 1; });
      order = all(form, "li.question").map(function (li) { return +li.getAttribute("data-q"); }).filter(function (i) { return inDraw[i]; });
      lis.forEach(function (li, i) { li.classList.toggle("not-drawn", !inDraw[i]); });
      order.forEach(function (i) {
        lis[i].querySelector(".q-number").textContent = number(i);
        if (e.responses[i] !== undefined) writeResponse(lis[i], quiz.questions[i], e.responses[i]);
      });
      at = 0;
    }

    /* What shows: in one-per-screen before submitting, question `at` or (at the end) the review step. */
    function view() {
      var done = entry().submitted, reviewing = one && !done && at === order.length;
      lis.forEach(function (li, i) { li.hidden = li.classList.contains("not-drawn") || (one && !done && order[at] !== i); });
      review.hidden = !reviewing;
      prev.hidden = !one || done || at === 0;
      next.hidden = !one || done || reviewing;
      next.textContent = at === order.length - 1 ? T.review_answers : T.next_question;
      submit.hidden = one && !done && !reviewing;
      if (reviewing) {
        var responses = read();
        review.querySelector("ul").innerHTML = order.map(function (i) {
          return "<li>" + (scoring.answered(quiz.questions[i], responses[i]) ? esc(number(i)) + ": " + esc(T.answered)
            : link("#" + lis[i].id, "data-q=\"" + i + "\"", fmt(T.not_answered, { n: order.indexOf(i) + 1 }))) + "</li>";
        }).join("");
      }
    }

    function go(position, focus) {
      at = Math.max(0, Math.min(order.length, position));
      view();
      var target = at === order.length ? review.querySelector("h2, h3") : lis[order[at]].querySelector("legend");
      if (focus !== false) { target.setAttribute("tabindex", "-1"); target.focus(); }
    }

    function read() {
      var responses = [];
      order.forEach(function (i) { responses[i] = readResponse(lis[i], quiz.questions[i]); });
      return responses;
    }

    function setDisabled(disabled) {
      all(form, "input, select").forEach(function (f) { f.disabled = disabled; });
      submit.disabled = disabled;
    }

    function showFeedback(i, response, open) {
      var li = lis[i], q = quiz.questions[i], k = key(i), ok = scoring.isCorrect(scored(i), response), paras = [];
      if (ok ? k.fc : open && k.fi) paras.push(ok ? k.fc : k.fi);
      if (k.of && (ok || open)) k.of.forEach(function (f, j) { if (f && response.indexOf(KEYS.charAt(j)) >= 0) paras.push(f); });
      if (!paras.length) paras.push("");
      paras[0] = verdict(ok, paras) + paras[0];
      if (!ok && open && k.r) paras.push(esc(T.right_answer) + " " + k.r);
      if (!ok && q.rv) paras.push(esc(T.review_in) + " " + link("#s" + q.rv[0], "data-screen=\"" + q.rv[0] + "\"", q.rv[1]));
      var box = li.querySelector(".feedback");
      box.innerHTML = paras.map(function (p) { return "<p>" + p + "</p>"; }).join("");
      box.hidden = false;
      li.classList.toggle("is-correct", ok);
      li.classList.toggle("is-incorrect", !ok);
    }

    function clearFeedback() {
      lis.forEach(function (li) {
        var box = li.querySelector(".feedback"); box.hidden = true; box.innerHTML = "";
        li.classList.remove("is-correct", "is-incorrect");
      });
      result.textContent = ""; more.innerHTML = ""; more.hidden = heading.hidden = true;
    }

    function assessmentMessage(score) {
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

    /* The attempt's outcome on the page: feedback per question, the result line and, for the
       assessment, what happens next, the questions to review and the screens not seen yet. */
    function showResult(focus) {
      var e = entry(), open = revealed(), right = 0;
      order.forEach(function (i) {
        showFeedback(i, e.responses[i] || "", open);
        if (scoring.isCorrect(scored(i), e.responses[i] || "")) right++;
      });
      retryButton.hidden = !canRetry();
      if (!quiz.graded) {
        result.textContent = fmt(T.check_done, { correct: right, total: order.length });
        if (focus) result.focus();
        return;
      }
      var score = scoring.scoreOf({ questions: order.map(scored), partial: quiz.partial }, order.map(function (i) { return e.responses[i] || ""; }));
      result.textContent = assessmentMessage(score);
      setDisabled(true);
      var html = "<p>" + esc(state.passed ? T.next_passed : canRetry() ? T.next_retry : T.next_none) + "</p>";
      if (quiz.reveal !== "each-attempt" && !open) html += "<p>" + esc(quiz.reveal === "never" ? T.answers_never : T.answers_later) + "</p>";
      var wrong = order.filter(function (i) { return !scoring.isCorrect(scored(i), e.responses[i] || ""); });
      if (wrong.length) {
        html += "<p>" + esc(T.to_review) + "</p><ul>" + wrong.map(function (i) {
          var rv = quiz.questions[i].rv;
          return "<li>" + link("#" + lis[i].id, "data-q=\"" + i + "\"", number(i)) + " " + esc(quiz.questions[i].prompt) +
            (rv ? " – " + link("#s" + rv[0], "data-screen=\"" + rv[0] + "\"", rv[1]) : "") + "</li>";
        }).join("") + "</ul>";
      }
      more.innerHTML = html;
      var unseen = CB.progress.unseenList(+form.closest("section.screen").getAttribute("data-screen"));
      if (unseen.childNodes.length && (canRetry() || CB.scoring.outcome(state, CB.config).completed)) { // else progress.js's note lists them
        more.appendChild(document.createElement("p")).textContent = T.screens_to_see;
        more.appendChild(unseen);
      }
      more.hidden = heading.hidden = false;
      if (focus) heading.focus();
    }

    begin(false);
    view();
    if (entry().submitted) showResult(false);

    form.addEventListener("change", function (event) {
      var li = event.target.closest("li.question");
      if (li) changed[li.getAttribute("data-q")] = Date.now();
      if (event.target.tagName === "SELECT") echo(event.target);
      var e = entry();
      if (e.submitted && quiz.graded) return;
      e.responses = read();
      keep();
    });

    form.addEventListener("click", function (event) {
      var a = event.target.closest("a[data-q]");
      if (!a) return;
      event.preventDefault();
      var i = +a.getAttribute("data-q");
      if (one && !entry().submitted) { go(order.indexOf(i)); return; }
      var legend = lis[i].querySelector("legend");
      legend.setAttribute("tabindex", "-1");
      legend.focus();
    });
    prev.addEventListener("click", function () { go(at - 1); });
    next.addEventListener("click", function () { go(at + 1); });

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (CB.storage.finished()) return;
      var e = entry();
      if (e.submitted && quiz.graded) return;
      var responses = read();
      e.responses = responses;
      keep();
      var missing = order.filter(function (i) { return !scoring.answered(quiz.questions[i], responses[i]); });
      if (missing.length) {
        result.innerHTML = esc(fmt(T.partly_answered, { missing: missing.length })) + " " + missing.map(function (i) {
          return link("#" + lis[i].id, "data-q=\"" + i + "\"", fmt(T.not_answered, { n: order.indexOf(i) + 1 }));
        }).join(" ");
        return;
      }
      e.submitted = true;
      if (quiz.graded) {
        var score = scoring.scoreOf({ questions: order.map(scored), partial: quiz.partial }, order.map(function (i) { return responses[i]; }));
        state.attempts++;
        if (score > state.best) state.best = score;
        if (score >= quiz.passMark) state.passed = true;
        e.draw.forEach(function (i) {
          CB.storage.record(scoring.record(quiz, scored(i), responses[i], (changed[i] || Date.now()) - started));
        });
      }
      view();
      showResult(true);
      CB.storage.save(true);
      if (quiz.graded) {
        CB.progress.status();
        CB.progress.bar(); // the contents' last entry: checked once the course is complete
        CB.progress.assessmentNote(form.closest("section.screen"));
      }
    });

    retryButton.addEventListener("click", function () {
      if (!canRetry()) return;
      var before = entry().draw;
      form.reset();
      all(form, "select").forEach(echo);
      clearFeedback();
      setDisabled(false);
      retryButton.hidden = true;
      begin(true, before);
      started = Date.now(); changed = {};
      view();
      go(0);
      CB.storage.save(true);
    });
  }

  CB.quiz = { register: register, wire: wire };
})(window.CB = window.CB || {});

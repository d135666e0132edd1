/* coursebuilder player, scoring.js: what answers are worth, with no DOM (tests/js/scoring.test.js
   runs it in Node): whether a response is complete and correct, a quiz's score, the facts of an
   answer the LMS records (handed to scorm.js, which alone knows how SCORM writes them), and the
   course's outcome, a row of the status table builder/completion.py computed.

   A response is a string, as quiz.js reads it from the form and codec.js saves it. single, multiple:
   the chosen option keys, sorted ("ac"); true-false: "t" or "f"; fill-in: the typed text; matching,
   ordering: one character per item (item i is KEYS[i]), the key chosen for it or "_" for none (for
   ordering, the key of its position). Question data (q) comes from builder/render_quiz.py, with its
   answer key sealed (q.k); quiz.js opens it (open()) and scores {type, points, correct, answers}. */
(function (CB) {
  "use strict";

  var KEYS = "abcdefghijklmnopqrstuvwxyz0123456789";

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

  /* A question's sealed answer key (builder/render_quiz.py seal()) opened: {c: the correct response,
     a: accepted answers, fc, fi, of: feedback, r: the right answer as HTML}. */
  function open(quizId, q) {
    var key = quizId + "." + q.id, s = atob(q.k), out = "";
    for (var i = 0; i < s.length; i++) out += String.fromCharCode(s.charCodeAt(i) ^ key.charCodeAt(i % key.length));
    return JSON.parse(decodeURIComponent(escape(out)));
  }

  /* The share of a question's points a response earns: 1 or 0, or with `partial` (scoring: partial)
     the share of matching or ordering items placed right. */
  function credit(q, response, partial) {
    if (isCorrect(q, response)) return 1;
    if (!partial || (q.type !== "matching" && q.type !== "ordering")) return 0;
    var right = 0;
    for (var i = 0; i < q.correct.length; i++) if (response.charAt(i) === q.correct.charAt(i)) right++;
    return right / q.correct.length;
  }

  /* Points earned out of points possible, as a whole percentage: quiz {questions, partial}. */
  function scoreOf(quiz, responses) {
    var earned = 0, possible = 0;
    quiz.questions.forEach(function (q, i) { possible += q.points; earned += q.points * credit(q, responses[i], quiz.partial); });
    return Math.round(100 * earned / possible);
  }

  /* matching: [[item key, chosen key], ...] for the items given an answer. */
  function pairs(response) {
    var out = [];
    for (var i = 0; i < response.length; i++) if (response.charAt(i) !== "_") out.push([KEYS.charAt(i), response.charAt(i)]);
    return out;
  }

  /* ordering: the item keys in the order the learner put them (items without a position left out). */
  function order(response) {
    var placed = [];
    for (var i = 0; i < response.length; i++) placed.push({ item: KEYS.charAt(i), at: KEYS.indexOf(response.charAt(i)) });
    placed.sort(function (a, b) { return a.at - b.at; });
    return placed.filter(function (o) { return o.at >= 0; }).map(function (o) { return o.item; });
  }

  /* An answer as the LMS records it, in neutral terms: `response` and `expected` are key lists
     (single, multiple, ordering), [item, key] pairs (matching), booleans (true-false), or the text
     and the list of accepted answers (fill-in). */
  function record(quiz, q, response, latency) {
    var rec = { id: quiz.id + "." + q.id, type: q.type, points: q.points, correct: isCorrect(q, response),
      credit: credit(q, response, quiz.partial), latency: latency, date: new Date(), prompt: q.prompt };
    if (q.type === "true-false") { rec.response = response === "t"; rec.expected = q.correct === "t"; }
    else if (q.type === "fill-in") { rec.response = response; rec.expected = q.answers.slice(); }
    else if (q.type === "matching") { rec.response = pairs(response); rec.expected = pairs(q.correct); }
    else if (q.type === "ordering") { rec.response = order(response); rec.expected = q.correct.split(""); }
    else { rec.response = response.split(""); rec.expected = q.correct.split(""); }
    return rec;
  }

  function seenCount(state, screens) {
    var n = 0;
    for (var i = 1; i <= screens; i++) if (state.seen[i]) n++;
    return n;
  }

  /* The assessment's attempts are used up (never with unlimited attempts). */
  function exhausted(state, config) {
    return config.assessment !== null && config.attempts > 0 && state.attempts >= config.attempts;
  }

  /* The course's completion rule is a table (config.status) with one row per (every screen seen,
     passed, no attempt left): SCORM 1.2, 2004 and the offline player all read the same row. The
     score goes out only with a row that says so: Moodle and Cornerstone turn a low score into
     "failed" while the learner still has attempts. */
  function outcome(state, config) {
    var seen = seenCount(state, config.screens), allSeen = seen === config.screens;
    var row = config.status[(allSeen ? 1 : 0) + (state.passed ? 2 : 0) + (exhausted(state, config) ? 4 : 0)];
    var completed = row.completion === "completed";
    return {
      lessonStatus: row.lesson,
      completed: completed,
      success: row.success,
      shown: row.shown,
      progress: completed ? 1 : seen / config.screens,
      score: row.score && state.best >= 0 ? state.best : null
    };
  }

  CB.scoring = { KEYS: KEYS, answered: answered, isCorrect: isCorrect, open: open, credit: credit, scoreOf: scoreOf, record: record,
    seenCount: seenCount, exhausted: exhausted, outcome: outcome };
})(window.CB = window.CB || {});

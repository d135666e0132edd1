/* coursebuilder player, codec.js: the learner's state and its saved form, the text that goes into
   suspend_data (SCORM) or localStorage (offline). No DOM; tests/js/codec.test.js runs it in Node.

   State: {seen: [screen number → true], quizzes: {quiz index: {submitted, responses (by question
   index), draw (the question indices this attempt shows, or null: all)}}, attempts, best (score, -1
   before any), passed, interactions (how many the LMS holds), scenarios (below)}. Saved form
   (builder/state_budget.py sizes it): {"v": format version, "s": seen bits, "q": {quiz index:
   [submitted 0|1, response...] or, for a quiz that draws, [submitted 0|1, draw bits, response of
   each drawn question...]}, "a": [attempts, best, passed 0|1], "n": interactions, "h": the
   course's structure key, "c": scenario paths}. Bits: screen n (question i+1) is bit (n-1)%6 of
   character (n-1)/6, base64url. */
(function (CB) {
  "use strict";

  var B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

  function fresh() { return { seen: [], quizzes: {}, attempts: 0, best: -1, passed: false, interactions: 0, scenarios: {} }; }

  function encodeSeen(seen, screens) {
    var out = "";
    for (var i = 0; i < screens; i += 6) {
      var v = 0;
      for (var b = 0; b < 6; b++) if (seen[i + b + 1]) v |= 1 << b;
      out += B64.charAt(v);
    }
    return out;
  }

  function decodeSeen(text, seen) {
    for (var i = 0; i < text.length; i++) {
      var v = B64.indexOf(text.charAt(i));
      for (var b = 0; b < 6; b++) if (v >= 0 && v & (1 << b)) seen[i * 6 + b + 1] = true;
    }
    return seen;
  }

  /* The saved form, at most config.stateLimit characters when it can be: knowledge-check answers are
     a comfort, so they go first (in course order) when the text would be too long. */
  function serialise(state, config) {
    var q = {};
    Object.keys(state.quizzes).forEach(function (k) {
      var e = state.quizzes[k], c = config.quizzes[k], marks = [];
      if (!c.drawn || !e.draw) { q[k] = [e.submitted ? 1 : 0].concat(e.responses); return; }
      e.draw.forEach(function (i) { marks[i + 1] = true; });
      q[k] = [e.submitted ? 1 : 0, encodeSeen(marks, c.n)].concat(drawn(e.draw).map(function (i) { return e.responses[i] || ""; }));
    });
    var data = { v: config.stateVersion, s: encodeSeen(state.seen, config.screens), q: q,
      a: [state.attempts, state.best, state.passed ? 1 : 0], n: state.interactions, h: config.structure };
    var c = encodeScenarios(state.scenarios);
    if (c) data.c = c;
    var text = JSON.stringify(data);
    var keys = Object.keys(q).filter(function (k) { return !config.quizzes[k].graded; });
    while (text.length > config.stateLimit && keys.length) {
      delete q[keys.shift()];
      text = JSON.stringify(data);
    }
    return text;
  }

  /* The state a saved text holds, or null: nothing saved, not JSON, another state format, or a course
     whose screens or questions changed since (the learner then starts afresh). */
  function restore(text, config) {
    var data;
    if (!text) return null;
    try { data = JSON.parse(text); } catch (e) { return null; }
    if (!data || data.v !== config.stateVersion || data.h !== config.structure) return null;
    var state = fresh();
    decodeSeen(String(data.s || ""), state.seen);
    Object.keys(data.q || {}).forEach(function (k) {
      var e = data.q[k];
      var c = config.quizzes[k];
      if (!c || !e || !e.length) return;
      var entry = state.quizzes[k] = { submitted: e[0] === 1, responses: e.slice(1).map(String), draw: null };
      if (!c.drawn) return;
      entry.draw = drawn(Object.keys(decodeSeen(String(e[1]), {})).map(function (n) { return n - 1; }));
      entry.responses = [];
      entry.draw.forEach(function (i, j) { if (e[j + 2] !== undefined) entry.responses[i] = String(e[j + 2]); });
    });
    if (data.a) { state.attempts = +data.a[0] || 0; state.best = +data.a[1]; state.passed = data.a[2] === 1; }
    state.interactions = +data.n || 0;
    state.scenarios = decodeScenarios(data.c);
    return state;
  }

  /* Question indices in ascending order (a copy). */
  function drawn(list) { return list.slice().sort(function (a, b) { return a - b; }); }

  /* ---- branching scenarios (scenario.js) ---------------------------------------------------------
     state.scenarios: {scenario index: path}, a path being one character per choice made (a-z0-9:
     the choice's place in its node), at most Scenario.max_path long (builder/state_budget.py counts
     it). Saved as "c", only when a path is not empty. */
  var PATH = /^[a-z0-9]*$/;

  function encodeScenarios(scenarios) {
    var c = null;
    Object.keys(scenarios || {}).forEach(function (k) { if (scenarios[k]) { c = c || {}; c[k] = scenarios[k]; } });
    return c;
  }

  function decodeScenarios(c) {
    var out = {};
    if (c && typeof c === "object") Object.keys(c).forEach(function (k) { if (typeof c[k] === "string" && PATH.test(c[k])) out[k] = c[k]; });
    return out;
  }

  CB.codec = { fresh: fresh, encodeSeen: encodeSeen, decodeSeen: decodeSeen, serialise: serialise, restore: restore };
})(window.CB = window.CB || {});

/* scoring.js: the status-table lookup (against builder/completion.py's own status(), handed over by
   tests/test_js.py in CB_STATUS_CASES), scores, and the facts of an answer for the LMS. */
"use strict";
const fs = require("node:fs");
const test = require("node:test");
const assert = require("node:assert/strict");
const { player, plain } = require("./load.js");

const { CB } = player("scoring.js");

function learner(screens, seen, extra) {
  const state = { seen: [], quizzes: {}, attempts: 0, best: -1, passed: false, interactions: 0 };
  for (let n = 1; n <= seen; n++) state.seen[n] = true;
  return Object.assign(state, extra);
}

test("every rule's row is looked up as builder/completion.py decides it", () => {
  assert.ok(process.env.CB_STATUS_CASES, "run through tests/test_js.py, which writes the cases");
  const tables = JSON.parse(fs.readFileSync(process.env.CB_STATUS_CASES, "utf8"));
  let checked = 0;
  for (const table of tables) {
    const config = { screens: 4, assessment: table.graded ? 2 : null, attempts: 3, status: table.rows };
    for (const c of table.cases) {
      const state = learner(4, c.allSeen ? 4 : 3, { attempts: c.exhausted ? 3 : 1, passed: c.passed, best: c.passed ? 90 : 40 });
      const got = CB.scoring.outcome(state, config);
      const where = `${table.rule} graded=${table.graded} ${JSON.stringify(c)}`;
      assert.deepEqual(plain(got), {
        lessonStatus: c.expect.lesson, completed: c.expect.completion === "completed", success: c.expect.success,
        shown: c.expect.shown, score: c.expect.score ? state.best : null,
        progress: c.expect.completion === "completed" ? 1 : (c.allSeen ? 1 : 0.75),
      }, where);
      checked++;
    }
  }
  assert.equal(checked, 3 * 8 + 3 * 8);
});

test("no score before a first attempt, even on a row that sends it", () => {
  const rows = Array.from({ length: 8 }, () => ({ lesson: "completed", completion: "completed", success: "unknown", score: true, shown: "" }));
  const config = { screens: 1, assessment: 0, attempts: 0, status: rows };
  assert.equal(CB.scoring.outcome(learner(1, 1), config).score, null);
  assert.equal(CB.scoring.outcome(learner(1, 1, { attempts: 1, best: 0 }), config).score, 0);
});

test("unlimited attempts are never used up; a course without an assessment has none", () => {
  assert.equal(CB.scoring.exhausted(learner(1, 0, { attempts: 50 }), { assessment: 1, attempts: 0 }), false);
  assert.equal(CB.scoring.exhausted(learner(1, 0, { attempts: 3 }), { assessment: 1, attempts: 3 }), true);
  assert.equal(CB.scoring.exhausted(learner(1, 0, { attempts: 2 }), { assessment: 1, attempts: 3 }), false);
  assert.equal(CB.scoring.exhausted(learner(1, 0, { attempts: 9 }), { assessment: null, attempts: 3 }), false);
});

const QUIZ = { id: "final", questions: [
  { id: "q1", type: "single", points: 1, correct: "b" },
  { id: "q2", type: "multiple", points: 2, correct: "ac" },
  { id: "q3", type: "true-false", points: 1, correct: "f" },
  { id: "q4", type: "fill-in", points: 1, answers: ["Burn-out", "burnout"] },
  { id: "q5", type: "matching", points: 3, correct: "abc" },
  { id: "q6", type: "ordering", points: 2, correct: "abc" },
] };

test("correct, complete and the score", () => {
  const right = ["b", "ac", "f", "  BURN-OUT ", "abc", "abc"];
  QUIZ.questions.forEach((q, i) => assert.ok(CB.scoring.isCorrect(q, right[i]), q.id));
  assert.equal(CB.scoring.scoreOf(QUIZ, right), 100);
  assert.equal(CB.scoring.scoreOf(QUIZ, ["b", "a", "t", "burned out", "acb", "abc"]), 30); // 1 + 2 of 10
  assert.equal(CB.scoring.isCorrect(QUIZ.questions[3], "Burn Out"), true); // case and spaces do not count
  assert.equal(CB.scoring.isCorrect(QUIZ.questions[3], "burn_out"), false);
  assert.equal(CB.scoring.answered(QUIZ.questions[3], "   "), false);
  assert.equal(CB.scoring.answered(QUIZ.questions[4], "a_c"), false);
  assert.equal(CB.scoring.answered(QUIZ.questions[1], ""), false);
  assert.equal(CB.scoring.answered(QUIZ.questions[5], "cab"), true);
});

test("the facts of an answer are neutral: keys, pairs, booleans, text", () => {
  const facts = ["b", "ac", "t", "burn-out", "b_a", "cab"].map((r, i) => plain(CB.scoring.record(QUIZ, QUIZ.questions[i], r, 1500)));
  const picked = facts.map((f) => [f.id, f.type, f.points, f.correct, f.latency, f.response, f.expected]);
  assert.deepEqual(picked, [
    ["final.q1", "single", 1, true, 1500, ["b"], ["b"]],
    ["final.q2", "multiple", 2, true, 1500, ["a", "c"], ["a", "c"]],
    ["final.q3", "true-false", 1, false, 1500, true, false],
    ["final.q4", "fill-in", 1, true, 1500, "burn-out", ["Burn-out", "burnout"]],
    ["final.q5", "matching", 3, false, 1500, [["a", "b"], ["c", "a"]], [["a", "a"], ["b", "b"], ["c", "c"]]],
    // ordering: item a in position c (3rd), b in a (1st), c in b (2nd): the learner's order is b, c, a
    ["final.q6", "ordering", 2, false, 1500, ["b", "c", "a"], ["a", "b", "c"]],
  ]);
});

test("scoring: partial gives matching and ordering the share of items placed right", () => {
  const partial = Object.assign({}, QUIZ, { partial: true });
  const responses = ["b", "a", "t", "burned out", "acb", "bac"]; // q5: a right (1 of 3); q6: c right (1 of 3)
  assert.equal(CB.scoring.scoreOf(QUIZ, responses), 10); // all or nothing: q1 alone
  assert.equal(CB.scoring.scoreOf(partial, responses), 27); // (1 + 3 × 1/3 + 2 × 1/3) of 10, rounded
  assert.equal(CB.scoring.credit(QUIZ.questions[1], "a", true), 0); // other types stay right or wrong
  const rec = CB.scoring.record(partial, QUIZ.questions[4], "abb", 0);
  assert.equal(rec.correct, false);
  assert.equal(Math.round(rec.credit * 100), 67);
});

test("a sealed answer key opens with the question's interaction id", () => {
  // builder/render_quiz.py seal({"c": "b", "r": "Réponse"}, "final.q1"), as tests/test_render_quiz.py checks
  const key = CB.scoring.open("final", { id: "q1", k: "HUsNQ1YMExNKSxxDVgwj8s8ZAQ8fS1NM" });
  assert.deepEqual(plain(key), { c: "b", r: "Réponse" });
});

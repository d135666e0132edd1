/* The state codec (themes/default/scripts/codec.js): what suspend_data holds and what comes back. */
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { player, plain } = require("./load.js");

const { CB } = player("codec.js");
const CONFIG = { stateVersion: 3, structure: "k7x", stateLimit: 4096, screens: 13,
  quizzes: [{ id: "check-1", graded: false }, { id: "final", graded: true }, { id: "check-2", graded: false }] };

function learner() {
  const state = CB.codec.fresh();
  [1, 2, 6, 7, 13].forEach((n) => { state.seen[n] = true; }); // bits: "j" (1+2+32), "B", "B"
  state.quizzes[0] = { submitted: true, responses: ["ac", "Stress, mostly", "t"], draw: null };
  state.quizzes[1] = { submitted: false, responses: ["b", "ba_c"], draw: null };
  Object.assign(state, { attempts: 2, best: 75, passed: false, interactions: 24 });
  return state;
}

test("a state comes back as it was saved", () => {
  const state = learner();
  const text = CB.codec.serialise(state, CONFIG);
  assert.deepEqual(plain(CB.codec.restore(text, CONFIG)), plain(state));
  assert.deepEqual(JSON.parse(text), { v: 3, s: "jBB", h: "k7x", n: 24, a: [2, 75, 0],
    q: { 0: [1, "ac", "Stress, mostly", "t"], 1: [0, "b", "ba_c"] } });
});

test("a passed learner with nothing answered comes back passed", () => {
  const state = Object.assign(CB.codec.fresh(), { attempts: 1, best: 100, passed: true });
  const back = CB.codec.restore(CB.codec.serialise(state, CONFIG), CONFIG);
  assert.equal(back.passed, true);
  assert.equal(back.best, 100);
  assert.deepEqual(plain(back.quizzes), {});
});

test("seen bits: screen n is bit (n-1)%6 of character (n-1)/6", () => {
  const seen = [];
  assert.equal(CB.codec.encodeSeen(seen, 13), "AAA"); // one character per six screens, rounded up
  seen[1] = true;
  assert.equal(CB.codec.encodeSeen(seen, 6), "B");
  [2, 3, 4, 5, 6].forEach((n) => { seen[n] = true; });
  assert.equal(CB.codec.encodeSeen(seen, 6), "_"); // all six: 63, the last character
  seen[7] = true;
  assert.equal(CB.codec.encodeSeen(seen, 7), "_B");
  assert.equal(CB.codec.encodeSeen(seen, 0), "");
  const back = CB.codec.decodeSeen("_B", []);
  assert.deepEqual(Object.keys(back).map(Number), [1, 2, 3, 4, 5, 6, 7]);
  assert.deepEqual(Object.keys(CB.codec.decodeSeen("A-", [])).map(Number), [8, 9, 10, 11, 12]); // "-" is 62: bits 1 to 5
});

test("a character outside the alphabet marks nothing", () => {
  assert.deepEqual(plain(CB.codec.decodeSeen("B*B", [])), [null, true, null, null, null, null, null, null, null, null, null, null, null, true]);
});

test("over the limit, knowledge-check answers go first, in course order; the assessment's stay", () => {
  const state = learner();
  state.quizzes[2] = { submitted: true, responses: ["a", "b"] };
  const full = CB.codec.serialise(state, CONFIG);
  const without0 = JSON.parse(full); delete without0.q[0];
  const limit = JSON.stringify(without0).length;
  const config = Object.assign({}, CONFIG, { stateLimit: limit });
  assert.deepEqual(Object.keys(JSON.parse(CB.codec.serialise(state, config)).q), ["1", "2"]);
  config.stateLimit = limit - 1;
  assert.deepEqual(Object.keys(JSON.parse(CB.codec.serialise(state, config)).q), ["1"]);
  config.stateLimit = 10; // cannot fit: the assessment's answers are kept all the same
  const text = CB.codec.serialise(state, config);
  assert.ok(text.length > 10);
  assert.deepEqual(Object.keys(JSON.parse(text).q), ["1"]);
  assert.deepEqual(Object.keys(state.quizzes), ["0", "1", "2"]); // the live state keeps them
});

test("a state from another structure or format is rejected", () => {
  const text = CB.codec.serialise(learner(), CONFIG);
  assert.equal(CB.codec.restore(text, Object.assign({}, CONFIG, { structure: "other" })), null);
  assert.equal(CB.codec.restore(text, Object.assign({}, CONFIG, { stateVersion: 4 })), null);
  for (const bad of ["", null, undefined, "not json", "null", "42", "{\"v\":3}"]) {
    assert.equal(CB.codec.restore(bad, CONFIG), null, String(bad));
  }
});

test("answers of a quiz the course no longer has are left out", () => {
  const data = JSON.parse(CB.codec.serialise(learner(), CONFIG));
  data.q[7] = [1, "a"];
  data.q[2] = [];
  const back = CB.codec.restore(JSON.stringify(data), CONFIG);
  assert.deepEqual(Object.keys(back.quizzes), ["0", "1"]);
});

test("a quiz that draws keeps its draw as bits and only the drawn questions' answers", () => {
  const config = Object.assign({}, CONFIG, { quizzes: [CONFIG.quizzes[0], { id: "final", graded: true, drawn: true, n: 14 }] });
  const state = CB.codec.fresh();
  const responses = []; responses[2] = "b"; responses[13] = "t";
  state.quizzes[1] = { submitted: false, responses: responses, draw: [13, 2, 7] };
  const text = CB.codec.serialise(state, config);
  assert.deepEqual(JSON.parse(text).q, { 1: [0, "ECC", "b", "", "t"] }); // question i is bit i%6 of character i/6: 4, 2, 2
  const back = CB.codec.restore(text, config).quizzes[1];
  assert.deepEqual(plain(back.draw), [2, 7, 13]);
  assert.equal(back.responses[2], "b");
  assert.equal(back.responses[7], "");
  assert.equal(back.responses[13], "t");
});

test("scenario paths are saved under c, only when a path was walked, and nothing else comes back", () => {
  const state = CB.codec.fresh();
  assert.equal("c" in JSON.parse(CB.codec.serialise(state, CONFIG)), false);
  state.scenarios = { 0: "ab", 2: "" };
  const text = CB.codec.serialise(state, CONFIG);
  assert.deepEqual(JSON.parse(text).c, { 0: "ab" });
  assert.deepEqual(plain(CB.codec.restore(text, CONFIG).scenarios), { 0: "ab" });
  const forged = JSON.stringify(Object.assign(JSON.parse(text), { c: { 0: "a<b", 1: 7, 2: "ba" } }));
  assert.deepEqual(plain(CB.codec.restore(forged, CONFIG).scenarios), { 2: "ba" });
});

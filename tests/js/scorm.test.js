/* The SCORM adapter (scorm.js) against scorm-again under the LMS host the tests use (builder/lmshost):
   the order of an ordered flush, which retries keep, and how each version writes answers. */
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { lms, plain } = require("./load.js");

const V = {
  "1.2": { set: "LMSSetValue", commit: "LMSCommit", finish: "LMSFinish", location: "cmi.core.lesson_location",
           score: ["cmi.core.score.raw", "cmi.core.score.min", "cmi.core.score.max"],
           status: ["cmi.core.lesson_status"], other: [], exit: ["cmi.core.exit", "cmi.core.session_time"],
           scorePrefix: "cmi.core.score." },
  "2004": { set: "SetValue", commit: "Commit", finish: "Terminate", location: "cmi.location",
            score: ["cmi.score.scaled", "cmi.score.raw", "cmi.score.min", "cmi.score.max"],
            status: ["cmi.completion_status", "cmi.success_status"], other: ["cmi.progress_measure"],
            exit: ["cmi.exit", "cmi.session_time"], scorePrefix: "cmi.score." },
};
const PASSED = { lessonStatus: "passed", completed: true, success: "passed", shown: "course_passed", progress: 1, score: 100 };
const UNDER_WAY = { lessonStatus: "incomplete", completed: false, success: "unknown", shown: "", progress: 0.5, score: null };

function start(version) {
  const { ctx, lms: host } = lms(version);
  const problems = [];
  const session = new ctx.CB.scorm.Session(version, (m) => problems.push(m));
  assert.equal(session.start(), true);
  return { ctx, host, session, problems };
}

/* Elements of the SetValue calls after call number `from`, in order: all that were tried... */
function tried(host, version, from) {
  return plain(host.calls).slice(from || 0).filter((c) => c.method === V[version].set).map((c) => c.args[0]);
}

/* ... and those the LMS took. */
function sets(host, version, from) {
  return plain(host.calls).slice(from || 0)
    .filter((c) => c.method === V[version].set && c.errorCode === "0").map((c) => c.args[0]);
}

function failures(host) { return plain(host.calls).filter((c) => c.errorCode !== "0"); }

function fact(type, response, expected) {
  return { id: "final.q1", type: type, points: 2, correct: false, latency: 61500, prompt: "Which one?",
           date: new Date(Date.UTC(2024, 4, 6, 7, 8, 9, 500)), response: response, expected: expected };
}

for (const version of ["1.2", "2004"]) {
  const v = V[version];

  test(`${version}: bookmark and suspend_data first, the score before the status, then Commit`, () => {
    const { host, session } = start(version);
    const from = host.calls.length;
    session.saveState("s3", "{\"v\":1}");
    session.report(PASSED);
    assert.equal(session.commit(), true);
    assert.deepEqual(tried(host, version, from),
      [v.location, "cmi.suspend_data"].concat(v.other, v.score, v.status));
    assert.equal(host.calls[host.calls.length - 1].method, v.commit);
    assert.equal(host.committed()[v.status[0]], version === "1.2" ? "passed" : "completed");
  });

  test(`${version}: a later report still sends the new score before the new status`, () => {
    const { host, session } = start(version);
    session.saveState("s1", "{}");
    session.report(UNDER_WAY); // no score yet
    session.commit();
    const from = host.calls.length;
    session.report(PASSED);
    session.saveState("s9", "{\"a\":1}"); // given after the report, sent before it all the same
    session.commit();
    assert.deepEqual(tried(host, version, from), v.other.concat([v.location, "cmi.suspend_data"], v.score, v.status));
  });

  test(`${version}: an interaction's id goes first, its fields after`, () => {
    const { host, session } = start(version);
    const from = host.calls.length;
    session.recordInteraction(0, fact("single", ["b"], ["a"]));
    session.recordInteraction(1, fact("true-false", true, true));
    session.commit();
    const fields = tried(host, version, from);
    assert.equal(fields[0], "cmi.interactions.0.id");
    assert.ok(fields.indexOf("cmi.interactions.1.id") < fields.findIndex((e) => e.startsWith("cmi.interactions.1.") && !e.endsWith(".id")));
    assert.deepEqual(failures(host), []);
  });

  test(`${version}: after an outage, the retry sends everything in the same order`, () => {
    const { ctx, host, session } = start(version);
    host.setFaulting(true);
    session.saveState("s4", "{\"v\":2}");
    session.report(PASSED);
    session.recordInteraction(0, fact("multiple", ["a", "c"], ["a", "b"]));
    assert.equal(session.commit(), false);
    assert.equal(host.committed(), null); // nothing reached the LMS
    assert.deepEqual(plain(ctx.timers.map((t) => t.ms)), [1000]); // one retry, a second later
    ctx.timers[0].fn(); // still down: the next retry waits longer
    assert.equal(ctx.timers.length, 2);
    assert.ok(ctx.timers[1].ms > ctx.timers[0].ms);
    host.setFaulting(false);
    const from = host.calls.length;
    ctx.timers[1].fn();
    assert.deepEqual(tried(host, version, from), sets(host, version, from)); // all taken
    const sent = sets(host, version, from);
    const interaction = sent.filter((e) => e.startsWith("cmi.interactions.0."));
    assert.equal(interaction[0], "cmi.interactions.0.id");
    assert.deepEqual(sent.filter((e) => !e.startsWith("cmi.interactions.")),
      [v.location, "cmi.suspend_data"].concat(v.other, v.score, v.status));
    assert.ok(sent.lastIndexOf("cmi.interactions.0.result") < sent.indexOf(v.score[0])); // interactions before the score
    assert.equal(host.committed()[v.score[0] === "cmi.score.scaled" ? "cmi.score.raw" : v.score[0]], "100");
    assert.equal(session.troubled, false);
  });

  test(`${version}: the status waits while the score is refused, except at the end`, () => {
    const { host, session } = start(version);
    host.setFaulting(true, v.scorePrefix);
    session.saveState("s2", "{}");
    session.report(PASSED);
    session.commit();
    assert.deepEqual(tried(host, version, 0).filter((e) => v.status.indexOf(e) >= 0), []); // not even tried
    assert.deepEqual(sets(host, version, 0), [v.location, "cmi.suspend_data"].concat(v.other));
    const from = host.calls.length;
    session.finish(true);
    // The final write: exit and session time, the score tried once more, and the status all the same.
    assert.deepEqual(tried(host, version, from), v.exit.concat(v.score, v.status));
    assert.deepEqual(sets(host, version, from), v.exit.concat(v.status));
    assert.equal(host.calls[host.calls.length - 1].method, v.finish);
  });
}

test("2004: an interaction's fields wait while its id is refused", () => {
  const { host, session } = start("2004");
  host.setFaulting(true, "cmi.interactions.0.id");
  session.saveState("s2", "{}");
  session.recordInteraction(0, fact("single", ["b"], ["a"]));
  session.commit();
  assert.deepEqual(tried(host, "2004", 0).filter((e) => e.startsWith("cmi.interactions.")), ["cmi.interactions.0.id"]);
  assert.deepEqual(sets(host, "2004", 0), ["cmi.location", "cmi.suspend_data"]); // the rest went on
  host.setFaulting(false);
  const from = host.calls.length;
  session.commit();
  const sent = sets(host, "2004", from);
  assert.deepEqual(tried(host, "2004", from), sent);
  assert.equal(sent[0], "cmi.interactions.0.id");
  assert.equal(sent.length, 9); // id, type, timestamp, weighting, response, result, latency, description, 1 pattern
});

/* Each question type as each version writes it; every value must be one scorm-again accepts. */
const ANSWERS = [
  ["single", ["b"], ["a"], { "1.2": ["choice", "b", ["a"]], "2004": ["choice", "b", ["a"]] }],
  ["multiple", ["a", "c"], ["a", "b", "d"], { "1.2": ["choice", "a,c", ["a,b,d"]], "2004": ["choice", "a[,]c", ["a[,]b[,]d"]] }],
  ["true-false", false, true, { "1.2": ["true-false", "f", ["t"]], "2004": ["true-false", "false", ["true"]] }],
  ["matching", [["a", "b"], ["c", "a"]], [["a", "a"], ["b", "b"], ["c", "c"]],
    { "1.2": ["matching", "a.b,c.a", ["a.a,b.b,c.c"]], "2004": ["matching", "a[.]b[,]c[.]a", ["a[.]a[,]b[.]b[,]c[.]c"]] }],
  ["ordering", ["c", "a", "b"], ["a", "b", "c"], { "1.2": ["sequencing", "c,a,b", ["a,b,c"]], "2004": ["sequencing", "c[,]a[,]b", ["a[,]b[,]c"]] }],
  ["fill-in", "burn[,]out", ["Burn-out", "burnout", "a[.]b"],
    { "1.2": ["fill-in", "burn[,]out", ["Burn-out", "burnout", "a[.]b"]],
      "2004": ["fill-in", "burn out", ["{case_matters=false}Burn-out", "{case_matters=false}burnout", "{case_matters=false}a b"]] }],
];

for (const version of ["1.2", "2004"]) {
  test(`${version}: answers written in the version's own format`, () => {
    const { host, session } = start(version);
    ANSWERS.forEach(([type, response, expected], n) => session.recordInteraction(n, fact(type, response, expected)));
    session.commit();
    assert.deepEqual(failures(host), []);
    const cmi = plain(host.cmi()), said = version === "1.2" ? "student_response" : "learner_response";
    ANSWERS.forEach(([type, , , want], n) => {
      const p = `cmi.interactions.${n}.`, patterns = [];
      for (let i = 0; cmi[`${p}correct_responses.${i}.pattern`] !== undefined; i++) patterns.push(cmi[`${p}correct_responses.${i}.pattern`]);
      assert.deepEqual([cmi[p + "type"], cmi[p + said], patterns], want[version], type);
      assert.equal(cmi[p + "weighting"], "2");
      assert.equal(cmi[p + "result"], version === "1.2" ? "wrong" : "incorrect");
      const latency = plain(host.calls).filter((c) => c.args[0] === p + "latency").map((c) => c.args[1]);
      assert.deepEqual(latency, [version === "1.2" ? "00:01:01.50" : "PT1M1.5S"]);
    });
    if (version === "2004") {
      assert.equal(cmi["cmi.interactions.0.timestamp"], "2024-05-06T07:08:09.5Z");
      assert.equal(cmi["cmi.interactions.0.description"], "Which one?");
    }
  });

  test(`${version}: at most ten accepted answers, and the text cut to the version's length`, () => {
    const { host, session } = start(version);
    const accepted = Array.from({ length: 12 }, (_, i) => "answer " + i);
    session.recordInteraction(0, fact("fill-in", "x".repeat(300), accepted));
    session.commit();
    const cmi = host.cmi(), p = "cmi.interactions.0.";
    assert.equal(cmi[`${p}correct_responses.9.pattern`] !== undefined, true);
    assert.equal(cmi[`${p}correct_responses.10.pattern`], undefined);
    assert.equal(cmi[p + (version === "1.2" ? "student_response" : "learner_response")].length, version === "1.2" ? 255 : 250);
  });
}

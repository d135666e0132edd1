/* Loads the player's and the LMS host's scripts into a fresh Node context, as the browser runs them
   (plain scripts sharing `window`), for the unit tests beside this file. Run them with the README's
   test command (tests/test_js.py runs `node --test` on them), or alone with `node --test tests/js/`
   once tests/npm is installed. Timers are under the test's control: `timers` lists what was set. */
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");

const REPO = path.resolve(__dirname, "..", "..");
const PLAYER = path.join(REPO, "themes", "default", "scripts");
const HOST = path.join(REPO, "builder", "lmshost", "static");
const SCORM_AGAIN = path.join(REPO, "tests", "npm", "node_modules", "scorm-again", "dist");

function context() {
  const timers = [];
  const ctx = vm.createContext({
    console,
    atob: globalThis.atob,
    setTimeout: (fn, ms) => timers.push({ fn, ms }),
    clearTimeout: (id) => { if (timers[id - 1]) timers[id - 1].cleared = true; },
  });
  ctx.window = ctx;
  ctx.timers = timers;
  return ctx;
}

function run(ctx, file) {
  vm.runInContext(fs.readFileSync(file, "utf8"), ctx, { filename: file });
}

/* A context with the named player scripts (themes/default/scripts/<name>), e.g. player("codec.js"). */
function player(...names) {
  const ctx = context();
  for (const name of names) run(ctx, path.join(PLAYER, name));
  return ctx;
}

/* A context with an LMS for SCORM `version` ("1.2" or "2004"): scorm-again under the LMS host
   (builder/lmshost/static/lms.js), its API installed on `window`, then the player's scorm.js.
   Returns {ctx, lms}: lms.calls is the call log, lms.setFaulting(on, only) the outage switch. */
function lms(version, stored) {
  const ctx = context();
  run(ctx, path.join(SCORM_AGAIN, version === "1.2" ? "scorm12.min.js" : "scorm2004.min.js"));
  run(ctx, path.join(HOST, "lms.js"));
  const host = ctx.CBLms.open(version, stored || {});
  host.install(ctx);
  run(ctx, path.join(PLAYER, "scorm.js"));
  return { ctx, lms: host };
}

/* Objects made in another context compare structurally only once copied into this one. */
function plain(value) { return JSON.parse(JSON.stringify(value)); }

module.exports = { player, lms, plain };

/* coursebuilder player, scorm.js: the SCORM adapter, the one file that knows SCORM. It finds the LMS
   API the package declares and speaks to it in intents (saveState, report, recordInteraction,
   commit, finish), with one table per SCORM version instead of switches: element names, limits,
   time formats, how answers are written. The builder tells it the version (never guessed, since
   some LMSs expose both APIs). No DOM, never throws into the player; tests/js/scorm.test.js runs it
   in Node against the LMS host the tests use. */
(function (CB, global) {
  "use strict";

  function pad(n, width) { n = String(n); while (n.length < width) n = "0" + n; return n; }

  /* SCORM 1.2 CMITimespan: HHHH:MM:SS.SS */
  function timespan12(ms) {
    var cs = Math.round(ms / 10), h = Math.floor(cs / 360000);
    var m = Math.floor(cs / 6000) % 60, s = Math.floor(cs / 100) % 60, frac = cs % 100;
    return pad(Math.min(h, 9999), 2) + ":" + pad(m, 2) + ":" + pad(s, 2) + "." + pad(frac, 2);
  }

  /* SCORM 2004 ISO 8601 duration, e.g. PT1M30.5S; always with seconds, never "PT" or "P0S". */
  function duration2004(ms) {
    var cs = Math.round(ms / 10), h = Math.floor(cs / 360000), m = Math.floor(cs / 6000) % 60;
    var s = (cs % 6000) / 100;
    var sec = s.toFixed(2).replace(/\.?0+$/, "");
    return "PT" + (h ? h + "H" : "") + (m ? m + "M" : "") + (sec || "0") + "S";
  }

  function clock12(date) { return pad(date.getHours(), 2) + ":" + pad(date.getMinutes(), 2) + ":" + pad(date.getSeconds(), 2); }

  /* 2004 time(second,10,0): at most two fraction digits before the zone. */
  function stamp2004(date) { return date.toISOString().slice(0, 21) + "Z"; }

  /* The interaction type of each question type. */
  var TYPES = { single: "choice", multiple: "choice", "true-false": "true-false", "fill-in": "fill-in",
    matching: "matching", ordering: "sequencing" };
  var FILL_IN_PATTERNS = 10; // accepted answers sent: the smallest count every LMS must take (2004: 10)

  /* An answer's result: correct, wrong, or with partial credit the share earned ("0.67"), which both
     versions allow in place of the word. */
  function result(rec, wrong) {
    return rec.correct ? "correct" : rec.credit > 0 ? String(Math.round(rec.credit * 100) / 100) : wrong;
  }

  function clean2004(text) { return text.replace(/\[[,.]\]/g, " "); }

  /* How a version writes answers, from the facts the player gives (scoring.js record()): the
     learner's response and the correct-response patterns. */
  function answers(comma, dot, bool, text, accepted) {
    function keys(list) { return list.join(comma); }
    function pairs(list) { return list.map(function (p) { return p[0] + dot + p[1]; }).join(comma); }
    var write = { single: keys, multiple: keys, ordering: keys, matching: pairs, "true-false": bool, "fill-in": text };
    return {
      response: function (rec) { return write[rec.type](rec.response); },
      patterns: function (rec) {
        if (rec.type === "fill-in") return rec.expected.slice(0, FILL_IN_PATTERNS).map(accepted);
        return [write[rec.type](rec.expected)];
      }
    };
  }

  var VERSIONS = {
    "1.2": {
      api: "API", init: "LMSInitialize", finish: "LMSFinish", get: "LMSGetValue", set: "LMSSetValue",
      commit: "LMSCommit", lastError: "LMSGetLastError",
      el: { entry: "cmi.core.entry", location: "cmi.core.lesson_location", suspend: "cmi.suspend_data",
            exit: "cmi.core.exit", sessionTime: "cmi.core.session_time", count: "cmi.interactions._count" },
      suspendLimit: 4096, locationLimit: 255,
      timespan: timespan12,
      answers: answers(",", ".", function (yes) { return yes ? "t" : "f"; },
        function (text) { return text.slice(0, 255); }, function (accepted) { return accepted; }),
      interaction: function (n, rec) {
        var p = "cmi.interactions." + n + ".", out = [[p + "id", rec.id], [p + "type", TYPES[rec.type]],
          [p + "weighting", String(rec.points)], [p + "student_response", this.answers.response(rec)],
          [p + "result", result(rec, "wrong")], [p + "latency", timespan12(rec.latency)],
          [p + "time", clock12(rec.date)]];
        this.answers.patterns(rec).forEach(function (pattern, i) { out.push([p + "correct_responses." + i + ".pattern", pattern]); });
        return out;
      },
      scorePrefix: "cmi.core.score.", statusElements: ["cmi.core.lesson_status"],
      outcome: function (o) {
        var out = [["cmi.core.lesson_status", o.lessonStatus]];
        if (o.score !== null) out.push(["cmi.core.score.raw", String(o.score)], ["cmi.core.score.min", "0"], ["cmi.core.score.max", "100"]);
        return out;
      },
      exitValue: function (completed) { return completed ? "" : "suspend"; },
      commitBeforeFinish: true
    },
    "2004": {
      api: "API_1484_11", init: "Initialize", finish: "Terminate", get: "GetValue", set: "SetValue",
      commit: "Commit", lastError: "GetLastError",
      el: { entry: "cmi.entry", location: "cmi.location", suspend: "cmi.suspend_data", exit: "cmi.exit",
            sessionTime: "cmi.session_time", count: "cmi.interactions._count" },
      suspendLimit: 64000, locationLimit: 1000,
      timespan: duration2004,
      answers: answers("[,]", "[.]", function (yes) { return yes ? "true" : "false"; },
        function (text) { return clean2004(text).slice(0, 250); },
        function (accepted) { return "{case_matters=false}" + clean2004(accepted); }),
      interaction: function (n, rec) {
        var p = "cmi.interactions." + n + ".", out = [[p + "id", rec.id], [p + "type", TYPES[rec.type]],
          [p + "timestamp", stamp2004(rec.date)], [p + "weighting", String(rec.points)],
          [p + "learner_response", this.answers.response(rec)], [p + "result", result(rec, "incorrect")],
          [p + "latency", duration2004(rec.latency)], [p + "description", rec.prompt.slice(0, 250)]];
        this.answers.patterns(rec).forEach(function (pattern, i) { out.push([p + "correct_responses." + i + ".pattern", pattern]); });
        return out;
      },
      scorePrefix: "cmi.score.", statusElements: ["cmi.completion_status", "cmi.success_status"],
      outcome: function (o) {
        var out = [["cmi.completion_status", o.completed ? "completed" : "incomplete"],
          ["cmi.success_status", o.success],
          ["cmi.progress_measure", String(Math.round(o.progress * 100) / 100)]];
        if (o.score !== null) {
          out.push(["cmi.score.scaled", String(o.score / 100)], ["cmi.score.raw", String(o.score)],
            ["cmi.score.min", "0"], ["cmi.score.max", "100"]);
        }
        return out;
      },
      exitValue: function (completed) { return completed ? "normal" : "suspend"; },
      commitBeforeFinish: false /* Terminate commits; some LMSs refuse a Commit during unload */
    }
  };

  function findAPI(name) {
    function walk(win) {
      for (var tries = 0; win && tries < 20; tries++) {
        try { if (win[name]) return win[name]; } catch (e) { /* cross-origin frame */ }
        var parent;
        try { parent = win.parent; } catch (e) { return null; }
        if (!parent || parent === win) return null;
        win = parent;
      }
      return null;
    }
    var api = walk(global);
    if (!api) {
      try { if (global.top && global.top.opener) api = walk(global.top.opener); } catch (e) { /* closed or foreign */ }
    }
    return api;
  }

  var MAX_RETRIES = 8;

  /* The order LMSs depend on, stated once. Every value the player sets waits in `pending` until the LMS
     accepts it, and `pending` is always sent in this order, on every path (first pass, retries after a
     fault, relaunch, the final write at exit):
       0. everything else, in the order the player gave it: bookmark, suspend_data, interactions,
          progress, exit and session time. A 2004 interaction's fields wait until its id is accepted.
       1. the score elements (raw, min, max; scaled in 2004);
       2. the status elements (lesson_status; completion_status and success_status), which wait while
          the LMS refuses a score element, except in the final write at exit.
     Score before status: Cornerstone's general reports show a score of 0 when the status reaches it
     first (adaptlearning/adapt_framework issue 2604). Bookmark and suspend_data before the status: an
     LMS that closes or copies the record when it sees a final status already holds the final resume
     data. exit and session time go before LMSFinish/Terminate (finish()). */
  var OTHER = 0, SCORE = 1, STATUS = 2;

  function rank(v, element) {
    if (v.statusElements.indexOf(element) >= 0) return STATUS;
    return element.indexOf(v.scorePrefix) === 0 ? SCORE : OTHER;
  }

  function inOrder(v, pairs) {
    return pairs.map(function (pair, i) { return [rank(v, pair[0]), i, pair]; })
      .sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; })
      .map(function (ranked) { return ranked[2]; });
  }

  /* The session: idle → active → finished. */
  function Session(version, log) {
    this.v = VERSIONS[version];
    this.version = version;
    this.state = "idle";
    this.api = null;
    this.pending = [];       // [element, value] not yet accepted, in sending order
    this.retries = 0;
    this.troubled = false;
    this.startTime = Date.now();
    this.log = log || function () {};
    this.onTrouble = function () {};
  }

  Session.prototype.call = function (method, args) {
    try {
      var result = this.api[method].apply(this.api, args || []);
      return String(result);
    } catch (e) {
      this.log("LMS " + method + " threw: " + e);
      return "false";
    }
  };

  Session.prototype.errorCode = function () {
    var code = this.call(this.v.lastError);
    return code === "" || code === "undefined" ? "0" : code;
  };

  Session.prototype.start = function () {
    if (this.state !== "idle" || !this.v) return false;
    this.api = findAPI(this.v.api);
    if (!this.api) return false;
    var ok = this.call(this.v.init, [""]);
    if (ok !== "true" && this.errorCode() !== "0") { this.log("LMS initialize failed"); this.api = null; return false; }
    this.state = "active";
    this.startTime = Date.now();
    return true;
  };

  Session.prototype.get = function (element) {
    if (this.state !== "active") return "";
    var value = this.call(this.v.get, [element]);
    if (value === "" && this.errorCode() !== "0") return "";
    return value === "undefined" || value === "null" ? "" : value;
  };

  Session.prototype.entry = function () { return this.get(this.v.el.entry); };
  Session.prototype.location = function () { return this.get(this.v.el.location); };
  Session.prototype.suspendData = function () { return this.get(this.v.el.suspend); };
  Session.prototype.interactionCount = function () {
    var n = parseInt(this.get(this.v.el.count), 10);
    return isNaN(n) ? 0 : n;
  };

  /* Values wait here until the next flush (commit or finish). Newer values replace pending ones for
     the same element; then `pending` is put back in order. */
  Session.prototype.queue = function (pairs) {
    if (this.state !== "active") return;
    var pending = this.pending;
    pairs.forEach(function (pair) {
      pending = pending.filter(function (p) { return p[0] !== pair[0]; });
      pending.push(pair);
    });
    this.pending = inOrder(this.v, pending);
  };

  function interactionPrefix(element) {
    var m = /^cmi\.interactions\.\d+\./.exec(element);
    return m ? m[0] : null;
  }

  /* One pass over `pending` in its order, before each Commit and before LMSFinish/Terminate, so every
     flush is one ordered pass. `last`: the final write at exit, where a status no longer waits for a
     refused score (it would never be sent otherwise). */
  Session.prototype.flushValues = function (last) {
    var still = [], blocked = null, scoreRefused = false, self = this;
    this.pending.forEach(function (pair) {
      var prefix = interactionPrefix(pair[0]), kind = rank(self.v, pair[0]);
      if (blocked && prefix === blocked) { still.push(pair); return; } // fields wait for their id
      if (kind === STATUS && scoreRefused && !last) { still.push(pair); return; } // status waits for its score
      if (self.call(self.v.set, [pair[0], pair[1]]) === "true") return;
      var code = self.errorCode();
      if (code === "0") return; // some LMSs return false although the value was stored
      self.log("SetValue " + pair[0] + " failed: " + code);
      still.push(pair);
      if (kind === SCORE) scoreRefused = true;
      if (prefix && pair[0] === prefix + "id") blocked = prefix;
    });
    this.pending = still;
    this.noteTrouble(still.length > 0);
  };

  Session.prototype.commit = function () {
    if (this.state !== "active") return false;
    this.flushValues(false);
    var ok = this.call(this.v.commit, [""]) === "true" || this.errorCode() === "0";
    this.noteTrouble(!ok || this.pending.length > 0);
    return ok && !this.pending.length;
  };

  Session.prototype.noteTrouble = function (trouble) {
    if (trouble) {
      this.retries++;
      if (this.retries <= MAX_RETRIES && !this.timer) {
        var self = this;
        this.timer = setTimeout(function () { self.timer = null; self.commit(); }, 1000 * this.retries);
      }
    } else {
      this.retries = 0;
    }
    if (trouble !== this.troubled) { this.troubled = trouble; this.onTrouble(trouble); }
  };

  /* The player's intents: each queues values; commit() or finish() sends them. recordInteraction
     takes the n-th interaction's facts (scoring.js record()). */
  Session.prototype.saveState = function (location, suspend) {
    this.queue([[this.v.el.location, location.slice(0, this.v.locationLimit)], [this.v.el.suspend, suspend]]);
  };

  Session.prototype.report = function (outcome) { this.queue(this.v.outcome(outcome)); };

  Session.prototype.recordInteraction = function (n, rec) { this.queue(this.v.interaction(n, rec)); };

  Session.prototype.finish = function (completed) {
    if (this.state !== "active") return;
    if (this.timer) { clearTimeout(this.timer); this.timer = null; }
    this.retries = 0;
    this.queue([[this.v.el.exit, this.v.exitValue(completed)],
      [this.v.el.sessionTime, this.v.timespan(Date.now() - this.startTime)]]);
    this.flushValues(true);
    if (this.v.commitBeforeFinish) this.call(this.v.commit, [""]);
    this.call(this.v.finish, [""]);
    this.state = "finished";
  };

  CB.scorm = { Session: Session, VERSIONS: VERSIONS, timespan12: timespan12, duration2004: duration2004,
    stamp2004: stamp2004 };
})(window.CB = window.CB || {}, window);

/* coursebuilder LMS host, lms.js: one launch of a SCORM package under the real scorm-again runtime,
   as an LMS gives it. CBLms.open(version, stored) makes scorm-again's API for SCORM "1.2" or "2004",
   loads what the LMS kept from the last session (`stored`, the flat data model it ended with) and
   sets entry the way an LMS does; the API then records every call with the runtime's own error
   code, keeps what the LMS holds after each successful commit or finish, and can simulate an LMS
   outage (setFaulting). install(window) puts the API where the package looks for it and notes any
   lookup of the other version's API (a package built for the wrong version looks there). No DOM:
   the LMS page of verify and the tests (host.js), the preview's page (builder/preview/static/lms.js)
   and the JS unit tests in Node (tests/js/) all use it. */
(function (global) {
  "use strict";

  var NAMES = {
    "1.2": { api: "API", init: "LMSInitialize", finish: "LMSFinish", get: "LMSGetValue", set: "LMSSetValue",
             commit: "LMSCommit", err: "LMSGetLastError", str: "LMSGetErrorString", diag: "LMSGetDiagnostic" },
    "2004": { api: "API_1484_11", init: "Initialize", finish: "Terminate", get: "GetValue", set: "SetValue",
              commit: "Commit", err: "GetLastError", str: "GetErrorString", diag: "GetDiagnostic" }
  };
  var METHODS = ["init", "finish", "get", "set", "commit", "err", "str", "diag"];
  var ERROR_QUERIES = ["err", "str", "diag"];
  var EXIT = { "1.2": "cmi.core.exit", "2004": "cmi.exit" };
  // Elements an LMS does not carry into the next session.
  var NOT_KEPT = { "1.2": ["cmi.core.exit", "cmi.core.entry", "cmi.core.session_time"],
                   "2004": ["cmi.exit", "cmi.entry", "cmi.session_time"] };
  // What an outage answers: 1.2 has only 101 "General exception"; 2004 has 351 and 391.
  var FAULTS = { "1.2": { set: "101", commit: "101" }, "2004": { set: "351", commit: "391" } };

  /* What an LMS loads into the next session from what the last one ended with. */
  function kept(version, stored) {
    var out = {};
    Object.keys(stored || {}).forEach(function (k) {
      var value = stored[k];
      if (NOT_KEPT[version].indexOf(k) >= 0 || /\._(children|count|version)$/.test(k)) return;
      if (value === "" || value === null || typeof value === "object") return;
      out[k] = value;
    });
    return out;
  }

  /* cmi.core.entry / cmi.entry after a session that ended with `stored`: "resume" after an exit of
     "suspend"; otherwise a 2004 LMS starts a new attempt ("ab-initio") and a 1.2 LMS says nothing. */
  function entryAfter(version, stored) {
    if (stored && stored[EXIT[version]] === "suspend") return "resume";
    return version === "1.2" ? "" : "ab-initio";
  }

  function open(version, stored, options) {
    var names = NAMES[version], is12 = version === "1.2";
    var otherName = is12 ? NAMES["2004"].api : NAMES["1.2"].api;
    var onCall = (options && options.onCall) || function () {};
    var settings = { autocommit: false, lmsCommitUrl: false, dataCommitFormat: "flattened",
                     logLevel: 5, onLogMessage: function () {} }; // no network: the data stays in memory
    var api = is12 ? new global.Scorm12API(settings) : new global.Scorm2004API(settings);
    var t0 = Date.now(), calls = [], committed = null, lookups = [], loadProblems = [];
    var faulting = false, faultOnly = null, injected = null;

    var data = kept(version, stored);
    if (Object.keys(data).length) {
      try { api.loadFromFlattenedJSON(data, ""); } catch (e) { loadProblems.push(String(e && e.message || e)); }
    }
    var entry = entryAfter(version, stored);
    if (is12) api.cmi.core.entry = entry; else api.cmi.entry = entry;

    /* The data model as the LMS holds it, flat ({"cmi.core.lesson_status": "incomplete", ...});
       `includeTotalTime` false: without total_time, as scorm-again's plain commit renders it. */
    function cmi(includeTotalTime) {
      var out = api.renderCommitCMI(false, includeTotalTime !== false), clean = {};
      Object.keys(out).forEach(function (k) { if (out[k] !== null && typeof out[k] !== "object") clean[k] = String(out[k]); });
      return clean;
    }

    var originals = {};
    METHODS.forEach(function (k) { originals[k] = api[names[k]]; });
    METHODS.forEach(function (k) {
      var method = names[k], query = ERROR_QUERIES.indexOf(k) >= 0;
      api[method] = function () {
        var args = Array.prototype.slice.call(arguments);
        var rec = { method: method, args: args.map(function (a) { return a === undefined || a === null ? null : String(a); }),
                    argTypes: args.map(function (a) { return typeof a; }), injected: false, t: Date.now() - t0 };
        var result, fault = FAULTS[version][k];
        if (faulting && fault && (faultOnly === null || (k === "set" && String(args[0]).indexOf(faultOnly) === 0))) {
          injected = fault; result = "false"; rec.injected = true; rec.errorCode = fault; // scorm-again never sees it
        } else if (k === "err" && injected !== null) {
          result = injected; rec.injected = true; rec.errorCode = injected;
        } else {
          if (!query) injected = null;
          result = originals[k].apply(api, args);
          rec.errorCode = String(originals.err.call(api));
        }
        if (!query && rec.errorCode !== "0" && rec.errorCode !== "") rec.errorText = String(originals.str.call(api, rec.errorCode));
        rec.result = result === undefined || result === null ? null : String(result);
        if ((k === "commit" || k === "finish") && rec.result === "true") committed = cmi(true);
        calls.push(rec);
        onCall(rec);
        return result;
      };
    });

    return {
      api: api,
      version: version,
      names: names,
      entry: entry,
      loadProblems: loadProblems,
      calls: calls,
      cmi: cmi,
      /* What the LMS received: the data model at the last successful commit or finish (null if none). */
      committed: function () { return committed; },
      /* An LMS outage: SetValue and Commit answer "false" with an error and reach nothing; with
         `only` (an element prefix such as "cmi.core.score."), only SetValue on those elements. */
      setFaulting: function (on, only) {
        faulting = !!on;
        faultOnly = on && only ? String(only) : null;
        if (!on) injected = null;
      },
      otherName: otherName,
      lookups: function () { return lookups.length; },
      install: function (win) {
        delete win[NAMES["1.2"].api];
        delete win[NAMES["2004"].api];
        win[names.api] = api;
        Object.defineProperty(win, otherName, {
          configurable: true,
          get: function () { lookups.push(Date.now() - t0); return undefined; }
        });
      }
    };
  }

  global.CBLms = { open: open, kept: kept, entryAfter: entryAfter, NAMES: NAMES };
})(this);

/*
 * LMS launcher for the coursebuilder test harness (served at /__lms__/launcher.js).
 *
 * Creates the REAL scorm-again runtime (window.API for SCORM 1.2, window.API_1484_11 for
 * SCORM 2004), optionally preloads CMI data (relaunch/resume), wraps the SCORM API methods
 * to record every call, adds a switchable "LMS outage" fault mode, then loads the package's
 * launch file into the content iframe. Config comes from window.__lmsConfig (config.js).
 *
 * Fault mode: every SetValue and Commit fails, or with setFaulting(true, prefix) only the
 * SetValue calls on elements starting with prefix (a partial outage: the LMS refuses some values).
 *
 * Recorded call: {method, args, result, errorCode, injected, t}
 *   errorCode: the runtime's own GetLastError right after the call (or the injected code).
 *   injected:  true when the fault mode answered instead of scorm-again.
 */
(function () {
  "use strict";
  var cfg = window.__lmsConfig;
  var is12 = cfg.version === "1.2";
  var settings = {
    autocommit: false,
    lmsCommitUrl: false,          // no network: scorm-again keeps the data in memory
    dataCommitFormat: "flattened",
    logLevel: 5,                  // NONE: errors are recorded from GetLastError instead
    onLogMessage: function () {},
  };
  var api = is12 ? new window.Scorm12API(settings) : new window.Scorm2004API(settings);

  // Preload data kept by the "LMS" (must happen before Initialize).
  var loadProblems = [];
  if (cfg.cmi && Object.keys(cfg.cmi).length) {
    try {
      api.loadFromFlattenedJSON(cfg.cmi, "");
    } catch (e) {
      loadProblems.push(String(e && e.message || e));
    }
  }
  if (is12) {
    api.cmi.core.entry = cfg.entry;
  } else {
    api.cmi.entry = cfg.entry;
  }

  var names = is12
    ? { init: "LMSInitialize", finish: "LMSFinish", get: "LMSGetValue", set: "LMSSetValue",
        commit: "LMSCommit", err: "LMSGetLastError", str: "LMSGetErrorString", diag: "LMSGetDiagnostic" }
    : { init: "Initialize", finish: "Terminate", get: "GetValue", set: "SetValue",
        commit: "Commit", err: "GetLastError", str: "GetErrorString", diag: "GetDiagnostic" };
  // Injected codes: 1.2 has only 101 "General exception"; 2004 has specific ones.
  var faultCodes = {};
  faultCodes[names.set] = is12 ? "101" : "351";     // 351 General Set Failure
  faultCodes[names.commit] = is12 ? "101" : "391";  // 391 General Commit Failure

  var calls = [];
  var t0 = Date.now();
  var faulting = false;
  var faultOnly = null;       // when set: only SetValue calls on elements starting with it fail
  var injectedError = null;   // error code reported while the last call was a fault
  var originals = {};
  Object.keys(names).forEach(function (k) { originals[names[k]] = api[names[k]]; });
  var realLastError = function () { return String(originals[names.err].call(api)); };
  var errorQueries = [names.err, names.str, names.diag];

  Object.keys(originals).forEach(function (method) {
    var original = originals[method];
    api[method] = function () {
      var args = Array.prototype.slice.call(arguments);
      var rec = { method: method, args: args, injected: false, t: Date.now() - t0 };
      var result;
      var hit = faulting && faultCodes[method] &&
        (faultOnly === null || (method === names.set && String(args[0]).indexOf(faultOnly) === 0));
      if (hit) {
        injectedError = faultCodes[method];
        result = "false";
        rec.injected = true;
        rec.errorCode = injectedError;
      } else if (method === names.err && injectedError !== null) {
        result = injectedError;
        rec.injected = true;
        rec.errorCode = injectedError;
      } else {
        if (errorQueries.indexOf(method) < 0) injectedError = null;
        result = original.apply(api, args);
        rec.errorCode = realLastError();
      }
      rec.result = result === undefined ? null : result;
      try {
        calls.push(JSON.parse(JSON.stringify(rec)));
      } catch (e) {
        rec.args = args.map(String);
        calls.push(rec);
      }
      return result;
    };
  });

  if (is12) window.API = api; else window.API_1484_11 = api;

  window.__lmsCalls = calls;
  window.__lms = {
    api: api,
    version: cfg.version,
    loadProblems: loadProblems,
    setFaulting: function (on, only) {
      faulting = !!on;
      faultOnly = on && only ? String(only) : null;
      if (!on) injectedError = null;
    },
    isFaulting: function () { return faulting; },
    // Flat {element: value} the LMS would store (scorm-again's own commit rendering).
    cmi: function (includeTotalTime) { return api.renderCommitCMI(false, !!includeTotalTime); },
    // Navigate the content away so its unload handlers run (they should Finish/Terminate).
    closeContent: function () {
      var f = document.getElementById("content");
      return new Promise(function (resolve) {
        f.addEventListener("load", function () { resolve(true); }, { once: true });
        f.src = "about:blank";
      });
    },
  };

  function start() {
    var f = document.getElementById("content");
    f.src = cfg.launch;
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

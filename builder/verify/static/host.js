/* coursebuilder's LMS host page: the real scorm-again runtime as window.API (SCORM 1.2) or
   window.API_1484_11 (2004) around the package's launch file in an iframe, as an LMS frames it.
   It keeps the learner's data from earlier sessions (config.cmi), records every API call with the
   runtime's own error code, what the LMS holds after each successful commit, and every lookup of the
   OTHER version's API (a package built for the wrong version looks there and never starts).
   Served by builder/verify/lms.py; never packaged. */
(function () {
  "use strict";
  var cfg = window.__lmsConfig;
  var is12 = cfg.version === "1.2";
  var settings = { autocommit: false, lmsCommitUrl: false, dataCommitFormat: "flattened",
                   logLevel: 5, onLogMessage: function () {} };
  var api = is12 ? new window.Scorm12API(settings) : new window.Scorm2004API(settings);

  var loadProblems = [];
  if (cfg.cmi && Object.keys(cfg.cmi).length) {
    try { api.loadFromFlattenedJSON(cfg.cmi, ""); } catch (e) { loadProblems.push(String(e && e.message || e)); }
  }
  if (is12) api.cmi.core.entry = cfg.entry; else api.cmi.entry = cfg.entry;

  var names = is12
    ? { init: "LMSInitialize", finish: "LMSFinish", get: "LMSGetValue", set: "LMSSetValue", commit: "LMSCommit",
        err: "LMSGetLastError", str: "LMSGetErrorString", diag: "LMSGetDiagnostic" }
    : { init: "Initialize", finish: "Terminate", get: "GetValue", set: "SetValue", commit: "Commit",
        err: "GetLastError", str: "GetErrorString", diag: "GetDiagnostic" };
  var t0 = Date.now(), calls = [], committed = null;
  var originals = {};
  Object.keys(names).forEach(function (k) { originals[names[k]] = api[names[k]]; });
  var errorQueries = [names.err, names.str, names.diag];

  function flat() {
    var out = api.renderCommitCMI(false, true), clean = {};
    Object.keys(out).forEach(function (k) { if (out[k] !== null && typeof out[k] !== "object") clean[k] = String(out[k]); });
    return clean;
  }

  Object.keys(originals).forEach(function (method) {
    var original = originals[method];
    api[method] = function () {
      var args = Array.prototype.slice.call(arguments);
      var rec = { method: method, args: args.map(function (a) { return a === undefined ? null : String(a); }),
                  argTypes: args.map(function (a) { return typeof a; }), t: Date.now() - t0 };
      var result = original.apply(api, args);
      rec.errorCode = String(originals[names.err].call(api));
      if (rec.errorCode !== "0" && rec.errorCode !== "" && errorQueries.indexOf(method) < 0) {
        rec.errorText = String(originals[names.str].call(api, rec.errorCode));
      }
      rec.result = result === undefined || result === null ? null : String(result);
      if ((method === names.commit || method === names.finish) && rec.result === "true") committed = flat();
      calls.push(rec);
      return result;
    };
  });

  if (is12) window.API = api; else window.API_1484_11 = api;
  var otherName = is12 ? "API_1484_11" : "API", lookups = [];
  Object.defineProperty(window, otherName, {
    configurable: true,
    get: function () { lookups.push(Date.now() - t0); return undefined; }
  });

  window.__lmsCalls = calls;
  window.__lms = {
    api: api,
    version: cfg.version,
    loadProblems: loadProblems,
    otherName: otherName,
    lookups: function () { return lookups.length; },
    cmi: flat,
    committed: function () { return committed; },
    closeContent: function () {
      var f = document.getElementById("content");
      return new Promise(function (resolve) {
        f.addEventListener("load", function () { resolve(true); }, { once: true });
        f.src = "about:blank";
      });
    }
  };

  function start() { document.getElementById("content").src = cfg.launch; }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();

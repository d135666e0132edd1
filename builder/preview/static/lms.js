/* coursebuilder preview: the LMS page. Hosts the course under the LMS host that verify and the tests
   use too (builder/lmshost/static/lms.js: the real scorm-again runtime as window.API for SCORM 1.2,
   window.API_1484_11 for 2004, the learner's data kept between launches as an LMS keeps it), shows
   what the course reports, and reloads the course when the preview server says a save rebuilt it
   (server-sent events). Dev-only: served by `coursebuilder preview`, never packaged. */
(function () {
  "use strict";

  var cfg = JSON.parse(document.getElementById("preview-config").textContent);
  var $ = function (id) { return document.getElementById(id); };
  var frame = $("content");
  var params = new URLSearchParams(location.search);

  var version = params.get("scorm") === "2004" ? "2004" : (params.get("scorm") === "1.2" ? "1.2" : cfg.scorm);
  var languages = cfg.languages.slice();
  var lang = languages.indexOf(params.get("lang")) >= 0 ? params.get("lang") : languages[0];

  var lms = null;           // this launch: scorm-again's API, its call log (builder/lmshost/static/lms.js)
  var stored = {};         // what "the LMS" kept from the last session: flat {element: value}
  var session = "not launched";
  var lmsErrors = [];
  var launched = false, busy = false, queued = null;
  var lastGeneration = null, lastInstance = null, lastAnnounced = "", lastState = null;

  /* ---- the LMS: launch, finish, relaunch --------------------------------------------------- */
  function watch(rec) {
    var n = lms.names, shown = [n.init, n.finish, n.get, n.set, n.commit];
    if (shown.indexOf(rec.method) < 0) return;
    if (rec.errorCode !== "0" && rec.errorCode !== "") {
      lmsErrors.push(rec.method + "(" + (rec.args.length && rec.args[0] !== null ? JSON.stringify(rec.args[0]) : "") + "): error " + rec.errorCode);
    }
    if (rec.method === n.init && rec.result === "true") session = "running";
    if (rec.method === n.finish && rec.result === "true") session = "finished";
    if (rec.method !== n.get) schedule();
  }

  /* A launch with what the LMS kept (`stored`: {} for a new learner). */
  function launch() {
    lms = window.CBLms.open(version, stored, { onCall: watch });
    lmsErrors = lms.loadProblems.map(function (p) { return "could not restore the learner's data: " + p; });
    lms.install(window);
    session = "launching";
    launched = true;
    frame.src = cfg.base + "course/" + encodeURIComponent(lang) + "/" + version + "/index.html";
    frame.addEventListener("load", schedule, { once: true });
    schedule();
  }

  // Navigate the course away (its pagehide finishes the session), then keep what the LMS stores.
  function close(done) {
    if (!launched || frame.getAttribute("src") === "about:blank") { done(); return; }
    frame.addEventListener("load", function () {
      if (lms) stored = lms.cmi(true);
      done();
    }, { once: true });
    frame.setAttribute("src", "about:blank");
  }

  function run(action) {
    if (busy) { queued = action; return; }
    busy = true;
    close(function () {
      action();
      busy = false;
      if (queued) { var next = queued; queued = null; run(next); }
    });
  }

  function relaunch() { run(function () { launch(); }); }
  function reset() { run(function () { stored = {}; launch(); }); }

  function remember() {
    params.set("scorm", version);
    params.set("lang", lang);
    if (history.replaceState) history.replaceState(null, "", "?" + params.toString());
  }

  /* ---- the panel ----------------------------------------------------------------------------- */
  var pending = false;
  function schedule() {
    if (pending) return;
    pending = true;
    setTimeout(function () { pending = false; render(); }, 30);
  }

  function text(id, value) { var el = $(id); if (el.textContent !== value) el.textContent = value; }

  function render() {
    var is12 = version === "1.2";
    var d = lms ? lms.cmi(true) : {};
    var get = function (k) { return d[k] === undefined || d[k] === "" ? "–" : String(d[k]); };
    text("v-version", is12 ? "1.2" : "2004 (3rd edition)");
    text("v-session", session);
    text("switch-version", "Switch to SCORM " + (is12 ? "2004" : "1.2"));
    text("v-entry", get(is12 ? "cmi.core.entry" : "cmi.entry"));
    text("t-status", is12 ? "lesson_status" : "completion_status");
    $("t-success").hidden = $("v-success").hidden = is12;
    var status = get(is12 ? "cmi.core.lesson_status" : "cmi.completion_status");
    var success = get("cmi.success_status");
    text("v-status", status);
    text("v-success", success);
    var raw = get(is12 ? "cmi.core.score.raw" : "cmi.score.raw");
    var score = raw === "–" ? "–" : raw + " (min " + get(is12 ? "cmi.core.score.min" : "cmi.score.min") + ", max " +
      get(is12 ? "cmi.core.score.max" : "cmi.score.max") + (is12 ? "" : ", scaled " + get("cmi.score.scaled")) + ")";
    text("v-score", score);
    text("v-location", get(is12 ? "cmi.core.lesson_location" : "cmi.location"));

    var limit = cfg.suspendLimits[version];
    var size = String(d["cmi.suspend_data"] || "").length;
    var meter = $("v-suspend-meter");
    meter.max = limit; meter.low = Math.round(limit * 0.7); meter.high = Math.round(limit * 0.9); meter.value = Math.min(size, limit);
    var near = size >= limit * 0.9;
    text("v-suspend-text", size + " of " + limit + " characters" + (size > limit ? " (over the limit)" : near ? " (near the limit)" : ""));
    $("v-suspend").className = size > limit ? "over" : (near ? "warn" : "");
    text("v-errors", lmsErrors.length ? lmsErrors.length + ": " + lmsErrors.slice(-5).join("; ") : "none");

    var rows = [];
    for (var i = 0; d["cmi.interactions." + i + ".id"] !== undefined; i++) {
      var p = "cmi.interactions." + i + ".";
      rows.push([String(i), d[p + "id"], d[p + "type"] || "", d[p + (is12 ? "student_response" : "learner_response")] || "",
                 d[p + "result"] || ""]);
    }
    var body = $("interactions");
    var key = JSON.stringify(rows);
    if (body.getAttribute("data-rows") !== key) {
      body.setAttribute("data-rows", key);
      body.textContent = "";
      if (!rows.length) {
        var empty = document.createElement("tr");
        empty.className = "empty";
        empty.innerHTML = '<td colspan="5">None yet</td>';
        body.appendChild(empty);
      }
      rows.forEach(function (cells) {
        var tr = document.createElement("tr");
        cells.forEach(function (value, c) {
          var td = document.createElement(c === 0 ? "th" : "td");
          if (c === 0) td.scope = "row";
          if (c === 4) td.className = "result-" + value;
          td.textContent = value;
          tr.appendChild(td);
        });
        body.appendChild(tr);
      });
    }

    var summary = (is12 ? "Status " + status : "Completion " + status + ", success " + success) +
      (raw === "–" ? "" : ", score " + raw) + (rows.length ? ", " + rows.length + " interaction" + (rows.length === 1 ? "" : "s") : "");
    if (summary !== lastAnnounced && session !== "launching") {
      lastAnnounced = summary;
      $("announcer").textContent = summary;
    }
  }

  function fillLanguages() {
    var select = $("language");
    var key = languages.join(",");
    if (select.getAttribute("data-list") === key) return;
    select.setAttribute("data-list", key);
    select.textContent = "";
    languages.forEach(function (code) {
      var option = document.createElement("option");
      option.value = code; option.textContent = code; option.selected = code === lang;
      select.appendChild(option);
    });
  }

  /* ---- the build: server-sent events ------------------------------------------------------- */
  function showErrors(errors, built) {
    var overlay = $("overlay"), list = $("overlay-list");
    if (!errors.length) { overlay.hidden = true; list.textContent = ""; return; }
    // Say what is under the box only when there is something: a course that never built has no last version.
    text("overlay-note", built ? "Fix them and save: the course reloads by itself. The last working version is " +
      "under this box." : "Fix them and save: the course appears here as soon as it builds.");
    list.textContent = "";
    errors.forEach(function (line) {
      var li = document.createElement("li");
      li.textContent = line;
      list.appendChild(li);
    });
    overlay.hidden = false;
  }

  // What does not stop a build (a lesson left out of the outline...): the first few, and how many.
  var SHOWN_WARNINGS = 5;
  function showWarnings(warnings) {
    var box = $("warnings"), list = $("warnings-list");
    box.hidden = !warnings.length;
    text("warnings-count", warnings.length + " warning" + (warnings.length === 1 ? "" : "s") +
      (warnings.length > SHOWN_WARNINGS ? " (" + SHOWN_WARNINGS + " shown)" : ""));
    list.textContent = "";
    warnings.slice(0, SHOWN_WARNINGS).forEach(function (line) {
      var li = document.createElement("li");
      li.textContent = line;
      list.appendChild(li);
    });
  }

  // The course's errors, then those of the translation being shown (other languages stay usable).
  function currentErrors(state) {
    return state.errors.concat((state.languageErrors || {})[lang] || []);
  }

  function onBuild(state) {
    if (state.languages && state.languages.length) {
      languages = state.languages;
      if (languages.indexOf(lang) < 0) lang = languages[0];
      fillLanguages();
    }
    if (state.title) { text("course-title", state.title); document.title = "Preview – " + state.title; }
    lastState = state;
    var errors = currentErrors(state);
    showErrors(errors, state.built);
    showWarnings(state.warnings || []);
    var status = $("build-status");
    var time = new Date().toLocaleTimeString();
    if (errors.length) {
      status.className = "build-status bad";
      status.textContent = errors.length + " error" + (errors.length === 1 ? "" : "s") + " in the " +
        (state.ok ? "'" + lang + "' translation" : "course") + " (" + time + ")";
    } else {
      status.className = "build-status";
      status.textContent = (lastGeneration === null ? "Built" : "Rebuilt and reloaded") + " at " + time;
    }
    var newServer = lastInstance !== null && state.instance !== lastInstance;
    var changed = state.generation !== lastGeneration || newServer;
    lastInstance = state.instance;
    if (state.ok && state.built) {
      if (!launched) { remember(); launch(); }
      else if (changed) relaunch();
    }
    if (state.ok || lastGeneration === null) lastGeneration = state.generation;
  }

  function connect() {
    var events = new EventSource(cfg.base + "__preview__/events");
    events.addEventListener("build", function (e) { onBuild(JSON.parse(e.data)); });
    events.onerror = function () {
      var status = $("build-status");
      status.className = "build-status bad";
      status.textContent = "Lost the preview server; reconnecting… (is `coursebuilder preview` still running?)";
    };
  }

  /* ---- wiring -------------------------------------------------------------------------------- */
  $("relaunch").addEventListener("click", relaunch);
  $("reset").addEventListener("click", reset);
  $("switch-version").addEventListener("click", function () {
    run(function () { stored = {}; version = version === "1.2" ? "2004" : "1.2"; remember(); launch(); });
  });
  $("language").addEventListener("change", function (event) {
    var chosen = event.target.value;
    run(function () {
      stored = {}; lang = chosen; remember(); launch();
      if (lastState) showErrors(currentErrors(lastState), lastState.built);
    });
  });
  text("course-title", cfg.title);
  fillLanguages();
  render();
  connect();
})();

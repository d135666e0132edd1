/* coursebuilder player, storage.js: where the learner's state lives. In the LMS, through the SCORM
   adapter (scorm.js), when the package was built for SCORM and an LMS answers; otherwise in this
   browser's localStorage, with a notice saying so. start() sets CB.state (restored or fresh) and
   says which screen to open; save() writes it and reports the outcome; record() sends an answer;
   finish() ends the session once. */
(function (CB) {
  "use strict";

  var lms = null, finished = false, resumed = false;

  function storageKey() { return "coursebuilder:" + CB.config.id + ":" + CB.config.version; }

  /* Restores what was kept and returns the screen to open. */
  function start() {
    var config = CB.config, T = CB.T;
    CB.state = CB.codec.fresh();
    if (config.scorm && CB.scorm) {
      var session = new CB.scorm.Session(config.scorm, function (m) { if (window.console) console.warn("[coursebuilder] " + m); });
      if (session.start()) {
        lms = session;
        session.onTrouble = function (trouble) { CB.notice(trouble ? T.lms_trouble : ""); };
        // "ab-initio" means a fresh attempt; otherwise resume from whatever the LMS kept.
        if (session.entry() === "ab-initio") return 1;
        var restored = CB.codec.restore(session.suspendData(), config);
        if (restored) { CB.state = restored; resumed = true; }
        CB.state.interactions = Math.max(CB.state.interactions, session.interactionCount());
        return restored ? parseInt((session.location().match(/\d+/) || ["1"])[0], 10) : 1;
      }
    }
    CB.notice(T.standalone);
    try {
      var saved = JSON.parse(window.localStorage.getItem(storageKey()) || "null");
      var state = saved && CB.codec.restore(saved.state, config);
      if (state) { CB.state = state; resumed = true; return saved.screen || 1; }
    } catch (e) { /* storage blocked: keep going in memory */ }
    return 1;
  }

  /* Writes the state (and, to an LMS, the bookmark and the outcome); `commit`: send it now. */
  function save(commit) {
    var text = CB.codec.serialise(CB.state, CB.config), current = CB.screens.current();
    if (lms) {
      lms.saveState("s" + current, text);
      lms.report(CB.scoring.outcome(CB.state, CB.config));
      if (commit) lms.commit();
    } else {
      try { window.localStorage.setItem(storageKey(), JSON.stringify({ screen: current, state: text })); } catch (e) { /* full or blocked */ }
    }
  }

  /* One graded answer (scoring.js record()): the LMS keeps it as the next interaction. */
  function record(rec) {
    if (lms) lms.recordInteraction(CB.state.interactions, rec);
    CB.state.interactions++;
  }

  function finish() {
    if (finished) return;
    save(false);
    if (lms) lms.finish(CB.scoring.outcome(CB.state, CB.config).completed);
    finished = true;
  }

  CB.storage = { start: start, save: save, record: record, finish: finish,
    finished: function () { return finished; }, resumed: function () { return resumed; } };
})(window.CB = window.CB || {});

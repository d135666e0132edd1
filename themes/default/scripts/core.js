/* coursebuilder player, core.js: the namespace every player script shares (window.CB) and what the
   page gives them all: the course config the builder wrote into #course-config (builder/render.py
   config()), the learner-visible strings, and three small helpers. The live learner state is
   CB.state (set by storage.js at start). Only this file and main.js act when loaded; the others
   define functions. */
(function (CB) {
  "use strict";

  CB.config = JSON.parse(document.getElementById("course-config").textContent);
  CB.T = CB.config.strings;

  CB.$ = function (id) { return document.getElementById(id); };

  /* "Screen {n} of {total}" with {n: 2, total: 9}; an unknown {name} stays as written. */
  CB.fmt = function (text, values) {
    return String(text).replace(/\{(\w+)\}/g, function (all, key) { return key in values ? values[key] : all; });
  };

  /* The notice above the screen (LMS trouble, offline mode, a screen that failed to load); "" hides it. */
  CB.notice = function (text) { var el = CB.$("notice"); el.textContent = text; el.hidden = !text; };
})(window.CB = window.CB || {});

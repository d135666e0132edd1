/* coursebuilder LMS host, host.js: the LMS page of `coursebuilder verify` and of the tests
   (host.html, served by builder/lmshost/host.py): the package's launch file in an iframe, as an LMS
   frames it, under the API lms.js makes from this launch's config (config.js: version, launch,
   stored). window.__lms is that launch (calls, cmi(), committed(), setFaulting(), lookups()...)
   plus closeContent(); window.__lmsCalls its call log. Never packaged. */
(function () {
  "use strict";
  var cfg = window.__lmsConfig;
  var lms = window.CBLms.open(cfg.version, cfg.stored);
  lms.install(window);

  /* Navigate the content away, as an LMS closing its window does (its unload handlers finish). */
  lms.closeContent = function () {
    var frame = document.getElementById("content");
    return new Promise(function (resolve) {
      frame.addEventListener("load", function () { resolve(true); }, { once: true });
      frame.src = "about:blank";
    });
  };
  window.__lms = lms;
  window.__lmsCalls = lms.calls;

  function start() { document.getElementById("content").src = cfg.launch; }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();

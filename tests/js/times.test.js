/* The SCORM time formats of scorm.js, and that the LMS (scorm-again) takes each of them. */
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { lms } = require("./load.js");

const HOUR = 3600 * 1000;

/* Each case formatted as written, and the formatted text taken by scorm-again as `element`. */
function check(version, format, element, cases) {
  const { ctx, lms: host } = lms(version);
  const names = ctx.CBLms.NAMES[version];
  host.api[names.init]("");
  for (const [ms, text] of cases) {
    assert.equal(ctx.CB.scorm[format](ms), text, String(ms));
    host.api[names.set](element, text);
    assert.equal(String(host.api[names.err]()), "0", text);
  }
}

test("timespan12: HHHH:MM:SS.SS, centiseconds rounded", () => {
  check("1.2", "timespan12", "cmi.core.session_time", [
    [0, "00:00:00.00"],
    [4, "00:00:00.00"],
    [5, "00:00:00.01"],
    [994, "00:00:00.99"],
    [999.5, "00:00:01.00"], // 100 cs carry into the seconds
    [59999.5, "00:01:00.00"],
    [HOUR - 5, "01:00:00.00"],
    [12 * HOUR + 34 * 60000 + 56780, "12:34:56.78"],
    [100 * HOUR, "100:00:00.00"],
    [9999 * HOUR + 61500, "9999:01:01.50"],
    [12345 * HOUR, "9999:00:00.00"], // CMITimespan has four digits of hours at most
  ]);
});

test("duration2004: ISO 8601, always with seconds, never PT or P0S", () => {
  check("2004", "duration2004", "cmi.session_time", [
    [0, "PT0S"],
    [4, "PT0S"],
    [5, "PT0.01S"],
    [999.5, "PT1S"], // 100 cs are a whole second
    [1500, "PT1.5S"],
    [10000, "PT10S"],
    [12345.6, "PT12.35S"],
    [60000, "PT1M0S"],
    [59999.5, "PT1M0S"],
    [HOUR - 5, "PT1H0S"],
    [HOUR + 90500, "PT1H1M30.5S"],
    [100 * HOUR, "PT100H0S"],
    [12345 * HOUR + 1000, "PT12345H1S"],
  ]);
});

test("stamp2004: time(second,10,0) with at most two fraction digits", () => {
  const { ctx, lms: host } = lms("2004");
  const cases = [
    [Date.UTC(2024, 0, 2, 3, 4, 5, 0), "2024-01-02T03:04:05.0Z"],
    [Date.UTC(2024, 0, 2, 3, 4, 5, 678), "2024-01-02T03:04:05.6Z"],
    [Date.UTC(2031, 11, 31, 23, 59, 59, 999), "2031-12-31T23:59:59.9Z"],
  ];
  host.api.Initialize("");
  host.api.SetValue("cmi.interactions.0.id", "q");
  for (const [ms, text] of cases) {
    const stamp = ctx.CB.scorm.stamp2004(new Date(ms));
    assert.equal(stamp, text);
    host.api.SetValue("cmi.interactions.0.timestamp", stamp);
    assert.equal(String(host.api.GetLastError()), "0", stamp);
  }
});

"""Turn what the browser run recorded into findings: the session never started or never finished,
calls the LMS refused, values over SCORM's limits, requests outside the package, and, for our own
packages, anything short of a finished, passed course with every interaction in the item map."""
from __future__ import annotations

import re

from ..package.itemmap import Item
from .findings import Findings
from .manifest import Manifest
from .ours import Ours
from ..scormapi import ERROR_QUERIES, NAMES, SUSPEND_LIMIT
from .run import Run, Session

SESSION_TIME = {"1.2": re.compile(r"^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$"),
                "2004": re.compile(r"^P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d{1,2})?S)?)?$")}
KEYS = {"1.2": {"status": "cmi.core.lesson_status", "score": "cmi.core.score.raw", "location": "cmi.core.lesson_location",
                "exit": "cmi.core.exit", "time": "cmi.core.session_time", "response": "student_response"},
        "2004": {"status": "cmi.completion_status", "success": "cmi.success_status", "score": "cmi.score.raw",
                 "scaled": "cmi.score.scaled", "location": "cmi.location", "exit": "cmi.exit",
                 "time": "cmi.session_time", "response": "learner_response"}}


def interactions(cmi: dict) -> list[dict]:
    """cmi.interactions.n.* as one dict per n, in order."""
    found: dict[int, dict] = {}
    for key, value in cmi.items():
        m = re.match(r"cmi\.interactions\.(\d+)\.(.+)$", key)
        if m and not m.group(2).startswith("_"):
            found.setdefault(int(m.group(1)), {})[m.group(2)] = value
    return [found[n] for n in sorted(found)]


def judge(run: Run, manifest: Manifest, api_uses: dict, ours: Ours | None, items: list[Item] | None,
          found: Findings) -> None:
    assert manifest.launch is not None  # a package without a launch file is not run
    family, launch = manifest.family, manifest.launch.href
    names = NAMES[family]
    seen: set = set()

    def first(key) -> bool:
        """Whether ``key`` is seen for the first time: each problem is reported once."""
        new = key not in seen
        seen.add(key)
        return new

    for session in run.sessions:
        if not any(c["method"] == names["init"] for c in session.calls):
            if first("start"):
                _never_started(session, manifest, api_uses, found)
            continue
        if not any(c["method"] == names["finish"] for c in session.calls) and first("finish"):
            found.error("no-finish", f"{session.label}: never called {names['finish']} when the LMS closed it", launch,
                        hint=f"call {names['finish']} on pagehide or unload; without it an LMS may keep the attempt "
                        "open and lose what was not committed")
        for call in session.calls:
            code = str(call.get("errorCode") or "0")
            method, args = call["method"], call.get("args") or []
            if method in ERROR_QUERIES:
                continue
            if code != "0" and first(("api", method, tuple(args[:1]), code)):
                shown = f"{method}({', '.join(repr(a) for a in args)})"
                text = f"{shown} failed: error {code}" + (f" ({call['errorText']})" if call.get("errorText") else "")
                if method == names["get"]:  # a GetValue error is often a harmless probe
                    found.warning("api-error", text, launch)
                else:
                    found.error("api-error", text, launch)
            types = call.get("argTypes") or ["string"] * 2
            if method == names["set"] and len(args) == 2 and types[1] != "string" and first(("type", args[0])):
                found.warning("value-type", f"{method}({args[0]!r}, {args[1]}) passes a {types[1]}, not a string",
                              launch, hint="SCORM values are strings; most LMSs convert, a strict one refuses")
        _limits(session, family, launch, found)
        for problem in session.load_problems:
            found.error("resume-data", f"{session.label}: the LMS could not load the data it kept: {problem}", launch)
    for url in dict.fromkeys(run.blocked):
        found.error("external-request", f"requested {url} while running (blocked)", launch,
                    hint="nothing may load from outside the package")
    for path in dict.fromkeys(run.not_found):
        found.error("missing-file", "the content asked for this file while running; the package lacks it", path)
    for message in dict.fromkeys(run.dialogs):
        found.warning("dialog", f"the content opened a dialog: {message}", launch,
                      hint="dialogs stop the page and are easy to miss on phones and in LMS pop-up windows")
    for message in dict.fromkeys(run.page_errors):
        found.warning("script-error", f"uncaught error in the content: {message}", launch)
    if run.stopped:
        found.error("run-stopped", f"the browser run stopped: {run.stopped}", launch)
    if ours is not None and run.walk is not None and not run.stopped:
        _our_course(run, family, ours, items, found, launch)


def _never_started(session: Session, manifest: Manifest, api_uses: dict, found: Findings) -> None:
    names = NAMES[manifest.family]
    assert manifest.launch is not None  # a package without a launch file is not run
    if session.other_lookups:
        other = session.other_api
        uses = api_uses.get(other) or []
        entry, line = uses[0] if uses else (manifest.launch.href, None)
        found.error("wrong-api", f"{session.label}: never called {names['init']}; it looked for window.{other}, the "
                    f"{names['other']} API ({_times(session.other_lookups)}), but the manifest declares {manifest.label}",
                    entry, line, hint=f"build the package for the SCORM version its content speaks, or give it the "
                    f"matching manifest (window.{names['api']} is what a {manifest.label} LMS offers)")
    else:
        found.error("no-initialize", f"{session.label}: never called {names['init']}, so the LMS records nothing",
                    manifest.launch.href, hint=f"the launch page must find window.{names['api']} in a parent frame "
                    f"or its opener, and call {names['init']}('')")


def _times(n: int) -> str:
    return "once" if n == 1 else f"{n} times"


def _limits(session: Session, family: str, launch: str, found: Findings) -> None:
    keys, stored = KEYS[family], session.stored
    size, limit = len(stored.get("cmi.suspend_data", "")), SUSPEND_LIMIT[family]
    if size > limit:
        found.error("suspend-data", f"{session.label}: suspend_data is {size} characters; SCORM {family} guarantees "
                    f"{limit}", launch, hint="LMSs may cut it short, and the learner's progress is lost")
    elif size >= 0.9 * limit:
        found.warning("suspend-data", f"{session.label}: suspend_data is {size} of {limit} characters", launch)
    time_value = stored.get(keys["time"], "")
    if time_value and not SESSION_TIME[family].match(time_value):
        found.error("session-time", f"{session.label}: session time '{time_value}' is not in SCORM {family}'s format",
                    launch, hint="1.2: HHHH:MM:SS.SS; 2004: an ISO 8601 duration such as PT1M30.5S")


def expected_outcome(family: str, has_assessment: bool) -> dict:
    """What the LMS must hold after every screen and an assessment answered right."""
    if family == "1.2":
        return ({"cmi.core.lesson_status": "passed", "cmi.core.score.raw": "100"} if has_assessment
                else {"cmi.core.lesson_status": "completed"})
    return ({"cmi.completion_status": "completed", "cmi.success_status": "passed", "cmi.score.raw": "100",
             "cmi.score.scaled": "1"} if has_assessment else {"cmi.completion_status": "completed"})


def _our_course(run: Run, family: str, ours: Ours, items: list[Item] | None, found: Findings, launch: str) -> None:
    walk = run.walk
    assert walk is not None  # our own packages are walked
    first = run.sessions[0]
    if first.steps and walk.resumed_on != 2:
        found.error("resume", f"the relaunch opened screen {walk.resumed_on}, not the bookmarked screen 2", launch,
                    hint="the player reads cmi.core.lesson_location / cmi.location and suspend_data on launch")
    if len(set(walk.screens_seen) | {1, 2}) < ours.screens:
        found.error("walk", f"the walk reached {len(walk.screens_seen)} of {ours.screens} screens", launch)
    for problem in walk.problems:
        found.error("item-map", problem, launch, hint="build the package and its item map again, together")
    if ours.has_assessment and items is None:
        return  # the caller has reported the missing map; without answers no outcome is expected
    stored = run.sessions[-1].stored
    wanted = expected_outcome(family, ours.has_assessment)
    wrong = {k: stored.get(k, "") for k, v in wanted.items() if str(stored.get(k, "")) != v}
    if wrong:
        found.error("outcome", "after every screen and a fully right assessment the LMS holds "
                    + ", ".join(f"{k} '{v}'" for k, v in wrong.items()) + " (expected "
                    + ", ".join(f"'{wanted[k]}'" for k in wrong) + ")", launch)
    by_id = {item.interaction_id: item for item in items or []}
    response, column = KEYS[family]["response"], "correct_12" if family == "1.2" else "correct_2004"
    right = "correct"
    for n, record in enumerate(interactions(stored)):
        item = by_id.get(record.get("id", ""))
        if item is None:
            found.error("item-map", f"interaction {n} has id '{record.get('id')}', which the item map does not list",
                        launch, hint="build the package and its item map again, together")
            continue
        patterns = tuple(v for k, v in sorted(record.items(), key=lambda kv: _pattern_index(kv[0]))
                         if k.startswith("correct_responses."))
        if patterns != getattr(item, column):
            found.error("item-map", f"{item.interaction_id}: the LMS stored correct response {list(patterns)}, the "
                        f"item map says {list(getattr(item, column))}", launch)
        if record.get("result") != right:
            found.error("item-map", f"{item.interaction_id}: answered from the item map ({record.get(response)!r}) "
                        f"but the LMS recorded it as {record.get('result')!r}", launch)


def _pattern_index(key: str) -> int:
    m = re.match(r"correct_responses\.(\d+)\.", key)
    return int(m.group(1)) if m else -1

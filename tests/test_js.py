"""The player's and the LMS host's JavaScript units (tests/js/*.test.js), run by Node's own test
runner (`node --test`), so the README's test command runs them. Why from pytest: one command for
the whole suite, and the status-table cases come from builder/completion.py itself."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from builder.completion import RULES, runtime_table, status
from support.npm import node_modules

JS_TESTS = Path(__file__).with_name("js")
FILES = sorted(p.name for p in JS_TESTS.glob("*.test.js"))


def status_cases() -> list[dict]:
    """Each rule's runtime table, and what status() says for every row's situation."""
    tables = []
    for rule in RULES:
        for graded in (True, False):
            cases = []
            for key in range(8):
                seen, passed, exhausted = bool(key & 1), bool(key & 2), bool(key & 4)
                s = status(rule, graded, seen, passed, exhausted)
                cases.append({"allSeen": seen, "passed": passed, "exhausted": exhausted,
                              "expect": {"lesson": s.lesson_status, "completion": s.completion, "success": s.success,
                                         "score": s.score, "shown": s.shown}})
            tables.append({"rule": rule, "graded": graded, "rows": runtime_table(rule, graded), "cases": cases})
    return tables


def test_the_js_unit_files_are_found():
    assert {"codec.test.js", "scoring.test.js", "scorm.test.js", "times.test.js"} <= set(FILES)


@pytest.mark.parametrize("name", FILES)
def test_js_units(name, tmp_path):
    node = shutil.which("node")
    assert node, "Node.js (20 or later) runs the JavaScript unit tests: install it (Debian: apt-get install nodejs)"
    node_modules()  # scorm-again, the LMS of scorm.test.js and times.test.js
    cases = tmp_path / "status-cases.json"
    cases.write_text(json.dumps(status_cases()))
    proc = subprocess.run([node, "--test", str(JS_TESTS / name)], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "CB_STATUS_CASES": str(cases)})
    report = proc.stdout + proc.stderr
    assert proc.returncode == 0, report[-8000:]
    ran = re.search(r"^# pass (\d+)$", report, re.M)
    assert ran and int(ran.group(1)) > 0 and "# fail 0" in report, report[-2000:]

"""The item-writing rules of `check` (builder/check/items.py, answerkey.py, attempts.py) and the
timing rule (timing.py) on a corpus: each case in tests/fixtures/items/<case>/ overlays its files on tests/fixtures/broken/_base/ (a tiny
valid course), and `check --strict` must give exactly the lines of its expected.txt (paths
relative to the course), no more. Every rule has a case that triggers it (<rule>-bad...) and a
clean case (<rule>-good...) that gives nothing at all."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from builder.check import check_course
from builder.check.examples import EXAMPLES
from builder.check.report import as_text, failed
from builder.diagnostics import CODES

FIXTURES = Path(__file__).parent / "fixtures"
ITEMS = FIXTURES / "items"
BASE = FIXTURES / "broken" / "_base"
CASES = sorted(p.name for p in ITEMS.iterdir() if p.is_dir())
ITEM_CODES = ["few-options", "uneven-options", "all-of-the-above", "similar-options", "answer-in-prompt",
              "longest-correct", "same-correct-count", "feedback-reveals", "small-pool"]


def run(case: str, tmp_path: Path, monkeypatch) -> tuple[list[str], bool]:
    course = shutil.copytree(BASE, tmp_path / "course")
    for path in sorted((ITEMS / case).rglob("*")):
        if path.is_file() and path.name != "expected.txt":
            shutil.copyfile(path, course / path.relative_to(ITEMS / case))
    monkeypatch.chdir(tmp_path)
    result = check_course(Path("course"))
    return as_text([result]).splitlines(), failed([result], strict=True)


@pytest.mark.parametrize("case", CASES)
def test_case_gives_exactly_its_expected_diagnostics(case, tmp_path, monkeypatch):
    lines, strict_fails = run(case, tmp_path, monkeypatch)
    expected = ["course/" + line for line in (ITEMS / case / "expected.txt").read_text("utf-8").splitlines() if line]
    assert lines[:-1] == expected
    assert lines[-1] == f"0 errors, {len(expected)} warning{'s' if len(expected) != 1 else ''}"
    assert strict_fails == bool(expected)
    if case.endswith("-good"):
        assert expected == []
    else:
        code = next(code for code in [*ITEM_CODES, "duration"] if case.startswith(code + "-"))
        assert expected and all(f"warning[{code}]" in line for line in expected), expected


def test_every_item_rule_has_a_case_that_triggers_it_and_a_clean_one():
    for code in ITEM_CODES:
        assert CODES[code].stage == "rule" and CODES[code].severity == "warning"
        assert f"{code}-bad" in CASES and f"{code}-good" in CASES, code


# -- the examples of docs/check.md (builder/check/examples.py) --------------------------------

HEADER = "id: final\ntitle: Final assessment\nkind: assessment\npass_mark: 80\n"


def item_codes(tmp_path: Path, quiz_body: str) -> list[str]:
    course = shutil.copytree(BASE, tmp_path)
    (course / "quizzes" / "final.yaml").write_text(HEADER + quiz_body, encoding="utf-8")
    result = check_course(course)
    assert result.course is not None, [str(d) for d in result.diagnostics]
    return [d.code for d in result.diagnostics if d.code in ITEM_CODES]


@pytest.mark.parametrize("code", sorted(EXAMPLES))
def test_docs_example_weak_warns_and_fair_does_not(code, tmp_path):
    assert item_codes(tmp_path / "bad", EXAMPLES[code].bad) == [code]
    assert item_codes(tmp_path / "good", EXAMPLES[code].good) == []


def test_every_item_rule_has_a_docs_example():
    assert set(EXAMPLES) == set(ITEM_CODES)


def test_the_guides_weak_question_warns_and_its_strong_one_passes_every_rule(tmp_path):
    guide = (Path(__file__).resolve().parents[1] / "docs" / "authoring.md").read_text("utf-8")
    section = guide[guide.index("## Writing a fair assessment"):]
    weak, strong = re.findall(r"```yaml\n(.*?)```", section[:section.index("\n## ", 5)], re.S)
    course = shutil.copytree(BASE, tmp_path / "course")
    for name, body in (("weak", weak), ("strong", strong)):
        (course / "quizzes" / "final.yaml").write_text(HEADER + "questions:\n" + body, encoding="utf-8")
        found = [d.code for d in check_course(course).diagnostics]
        assert ("uneven-options" in found) if name == "weak" else found == [], (name, found)

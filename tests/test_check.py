"""`coursebuilder check`: rules, settings, output formats, and the WG3 module passing --strict."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from builder.check import RULES, check_course
from builder.diagnostics import CODES
from builder.check.language import builtin_terms

REPO = Path(__file__).resolve().parent.parent
BASE = Path(__file__).parent / "fixtures" / "broken" / "_base"
WG3 = REPO / "course_src" / "wg3-manager-wellbeing"


def cli(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "builder.cli", *args], cwd=cwd, capture_output=True, text=True)


@pytest.fixture
def course(tmp_path) -> Path:
    return shutil.copytree(BASE, tmp_path / "course")


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text() + text)


def codes(course_dir: Path) -> list[tuple[str, str]]:
    return [(d.severity, d.code) for d in check_course(course_dir).diagnostics]


@pytest.mark.parametrize("course_dir", [WG3, REPO / "tests" / "fixtures" / "example"], ids=["wg3", "example"])
def test_shipped_courses_pass_strict(course_dir):
    result = cli("check", "--strict", str(course_dir.relative_to(REPO)))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().endswith("0 errors, 0 warnings")


def test_default_checks_every_course_under_course_src():
    result = cli("check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().splitlines()[-1] == "0 errors, 0 warnings"


def test_list_rules_names_every_rule_with_its_default_and_reason():
    assert {"anchor", "captions", "feedback", "heading-order", "long-screen", "state-budget-checks", "package-size",
            "unused", "stigma", "scenario-unreachable", "scenario-dead-end", "scenario-no-exit", "few-options",
            "uneven-options", "all-of-the-above", "similar-options", "answer-in-prompt", "longest-correct",
            "same-correct-count", "feedback-reveals", "small-pool", "duration"} == set(RULES)
    listed = cli("check", "--list-rules").stdout.splitlines()
    assert [line.split()[:2] for line in listed] == [[code, CODES[code].severity] for code in RULES]
    assert all(CODES[code].about in line for code, line in zip(RULES, listed))


# -- stigmatising language -----------------------------------------------------------------

TERMS = sorted(builtin_terms("en").items())


@pytest.mark.parametrize("term,suggestion", TERMS, ids=[t for t, _ in TERMS])
def test_each_builtin_term_is_flagged_with_its_suggestion(course, term, suggestion):
    append(course / "lessons" / "02-more.md", f"They said {term.upper() if len(term) < 7 else term} here.\n")
    found = [d for d in check_course(course).diagnostics if d.code == "stigma"]
    assert len(found) == 1, [str(d) for d in found]
    d = found[0]
    assert d.severity == "warning" and d.ref.line == 10 and d.ref.col == 11
    assert d.message.lower() == f"'{term}' can stigmatise" and d.hint == f"instead, say: {suggestion}"


def test_the_required_terms_are_in_the_builtin_list():
    required = ["commit suicide", "committed suicide", "commits suicide", "successful suicide", "unsuccessful suicide",
                "the mentally ill", "mentally ill", "suffering from", "suffers from", "crazy", "psycho", "schizo",
                "lunatic", "nutter", "insane", "mental patient", "normal people", "a schizophrenic",
                "victim of mental illness", "happy pills", "shrinks"]
    terms = builtin_terms("en")
    assert not [t for t in required if t not in terms]
    assert terms["committed suicide"] == "died by suicide" and terms["the mentally ill"] == "people with mental health conditions"


def test_whole_words_only_and_other_languages_have_no_builtin_list(course):
    append(course / "lessons" / "02-more.md", "Psychosocial support is insanely useful; crazy-golf is fun.\n")
    assert ("warning", "stigma") not in codes(course)
    assert builtin_terms("fr") == {}


def test_stigma_found_in_every_kind_of_text(course):
    (course / "resources" / "sheet.md").write_text("# A sheet\n\nNo lunatic here.\n")
    append(course / "lessons" / "01-intro.md", "\n::: warning A psycho title\nBody.\n:::\n")
    (course / "lessons" / "02-more.md").write_text((course / "lessons" / "02-more.md").read_text()
                                                   .replace("Read a second screen", "Help the mentally ill"))
    text = (course / "quizzes" / "final.yaml").read_text().replace("No, it comes second.", "No, that is insane.")
    (course / "quizzes" / "final.yaml").write_text(text)
    (course / "course.yaml").write_text((course / "course.yaml").read_text().replace("A tiny valid", "A crazy"))
    found = {(Path(d.ref.path).name, d.ref.line) for d in check_course(course).diagnostics if d.code == "stigma"}
    assert found == {("sheet.md", 3), ("01-intro.md", 14), ("02-more.md", 4), ("final.yaml", 14), ("course.yaml", 5)}


def test_course_extends_and_silences_the_list(course):
    append(course / "course.yaml", 'check:\n  language:\n    extra: {"burnt-out case": "person experiencing burnout"}\n'
                                   '    allow: ["crazy", "crasy"]\n')
    append(course / "lessons" / "02-more.md", "A crazy week for a burnt-out case.\n")
    diagnostics = check_course(course).diagnostics
    messages = [(d.code, d.message, d.hint) for d in diagnostics]
    assert ("stigma", "'burnt-out case' can stigmatise", "instead, say: person experiencing burnout") in messages
    assert not any("'crazy' can" in m for _, m, _ in messages)
    assert any(c == "stigma" and "'crasy' is allowed" in m and h == "did you mean 'crazy'?" for c, m, h in messages)


# -- settings ---------------------------------------------------------------------------------

def test_severity_off_silences_and_error_raises(course):
    (course / "media" / "extra.svg").write_text((course / "media" / "pic.svg").read_text())
    append(course / "lessons" / "02-more.md", "\n#### Deep\n")
    assert ("warning", "unused") in codes(course) and ("warning", "heading-order") in codes(course)
    append(course / "course.yaml", "check:\n  severity:\n    unused: off\n    heading-order: error\n")
    assert ("warning", "unused") not in codes(course)
    assert ("error", "heading-order") in codes(course)


def test_check_settings_errors_do_not_hide_the_other_findings(course):
    append(course / "course.yaml", "check:\n  severity: {long-screen: loud}\n  package_size_mb: -1\n")
    append(course / "lessons" / "02-more.md", "\n#### Deep\n")
    found = codes(course)
    assert ("error", "choice") in found and ("error", "number") in found and ("warning", "heading-order") in found


def test_screen_minutes_and_package_size_limits(course):
    append(course / "lessons" / "02-more.md", "\n" + "word " * 2100 + "\n")
    found = [d for d in check_course(course).diagnostics if d.code == "long-screen"]
    assert len(found) == 1 and "takes about 11 minutes to read" in found[0].message
    assert found[0].ref.path.name == "02-more.md"
    (course / "media" / "big.bin").write_bytes(b"\0" * 2_000_000)
    append(course / "lessons" / "01-intro.md", "\n[download](../media/big.bin)\n")
    assert ("warning", "package-size") not in codes(course)
    append(course / "course.yaml", "check: {package_size_mb: 1}\n")
    found = [d for d in check_course(course).diagnostics if d.code == "package-size"]
    assert len(found) == 1 and "1.9 MB, over the 1 MB limit" in found[0].message and "media/big.bin" in found[0].hint


def test_captions_or_transcript_satisfy_the_media_rule(course):
    append(course / "lessons" / "02-more.md", "\n![A clip](../media/clip.mp4)\n\n![A talk](../media/talk.mp3)\n")
    (course / "media" / "clip.mp4").write_bytes(b"x")
    (course / "media" / "talk.mp3").write_bytes(b"x")
    assert codes(course).count(("error", "captions")) == 2
    (course / "media" / "clip.en.vtt").write_text("WEBVTT\n")
    (course / "media" / "talk-transcript.md").write_text("# Transcript\n")
    assert ("error", "captions") not in codes(course)


def test_anchor_to_a_resource_heading(course):
    (course / "resources" / "sheet.md").write_text("# A sheet\n\n## Step one\n\nText.\n")
    append(course / "lessons" / "02-more.md", "\nSee [step one](../resources/sheet.md#step-one) and "
                                              "[step two](../resources/sheet.md#step-two).\n")
    found = [d for d in check_course(course).diagnostics if d.code == "anchor"]
    assert len(found) == 1 and "'sheet.md' has no heading '#step-two'" in found[0].message
    assert found[0].hint == "did you mean '#step-one'?"


# -- output -----------------------------------------------------------------------------------

def test_json_output(course):
    append(course / "lessons" / "02-more.md", "\n#### Deep\n")
    (course / "media" / "run.sh").write_text("echo\n")
    append(course / "course.yaml", "check:\n  severity: {unused: error}\n")
    result = cli("check", "--format", "json", "course", cwd=course.parent)
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert data["summary"] == {"errors": 1, "warnings": 1, "text": "1 error, 1 warning"}
    assert data["diagnostics"] == [
        {"path": "course/lessons/02-more.md", "line": 11, "col": None, "severity": "warning", "code": "heading-order",
         "message": "heading 'Deep' jumps from h2 to h4",
         "hint": "make it '### Deep', one level below the heading before it"},
        {"path": "course/media/run.sh", "line": None, "col": None, "severity": "error", "code": "unused",
         "message": "'media/run.sh' is not used, and is a server-side file type that LMSs refuse",
         "hint": "delete it, or zip it if learners should download it"},
    ]


def test_warnings_fail_only_under_strict_and_check_writes_nothing(course):
    append(course / "lessons" / "02-more.md", "\n#### Deep\n")
    before = sorted(p.relative_to(course.parent) for p in course.parent.rglob("*"))
    assert cli("check", "course", cwd=course.parent).returncode == 0
    strict = cli("check", "--strict", "course", cwd=course.parent)
    assert strict.returncode == 1 and strict.stdout.strip().endswith("0 errors, 1 warning")
    assert sorted(p.relative_to(course.parent) for p in course.parent.rglob("*")) == before


def test_several_courses_in_one_run(course, tmp_path):
    other = shutil.copytree(BASE, tmp_path / "other")
    (other / "quizzes" / "final.yaml").write_text("id: final\n")
    result = cli("check", "course", "other", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.startswith("other/quizzes/final.yaml:1: error[missing-key]")
    assert result.stdout.strip().splitlines()[-1] == "2 errors, 0 warnings"


def test_build_strict_refuses_warnings_and_writes_nothing(course):
    append(course / "lessons" / "02-more.md", "\nThey committed suicide.\n")
    result = cli("build", "--strict", "course", "--out", "dist", cwd=course.parent)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "course/lessons/02-more.md:11:6: warning[stigma]" in result.stderr
    assert not (course.parent / "dist").exists()
    assert cli("build", "course", "--out", "dist", "--format", "scorm12", cwd=course.parent).returncode == 0


def test_help_has_examples():
    for command in ("check", "new"):
        result = cli(command, "--help")
        assert result.returncode == 0 and "Examples:" in result.stdout and f"coursebuilder {command} " in result.stdout

"""Fuzzing the loaders: whatever an author types into course.yaml, a quiz or a lesson, `check`
answers with diagnostics (the loader's AuthoringError or the rules' findings), never a crash."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder.check import check_course
from builder.errors import Diagnostic

BASE = Path(__file__).parent / "fixtures" / "broken" / "_base"
FUZZ = settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "200")), deadline=None, suppress_health_check=[HealthCheck.too_slow])

COURSE_KEYS = ["id", "title", "version", "language", "description", "outline", "assessment", "theme",
               "theme_options", "authors", "copyright", "check", "quiz", "severity", "language",
               "package_size_mb", "screen_minutes", "extra", "allow", "logo", "logo_alt"]
QUIZ_KEYS = ["id", "title", "kind", "pass_mark", "attempts", "shuffle", "questions", "type", "prompt",
             "points", "options", "text", "correct", "feedback", "answer", "answers", "pairs", "left",
             "right", "items", "incorrect"]
WORDS = ["final", "check", "lessons/01-intro.md", "lessons/02-more.md", "../media/pic.svg", "single",
         "multiple", "true-false", "fill-in", "matching", "ordering", "assessment", "en", "ifrc", "off",
         "error", "warning", "crazy", "#first-part", "", " ", "a: b", "- x", "*", "&a", "!!str", "1.0"]

scalars = st.one_of(st.none(), st.booleans(), st.integers(-5, 10_000), st.floats(allow_nan=True),
                    st.sampled_from(WORDS), st.text(max_size=12))


def structures(keys):
    return st.recursive(
        scalars,
        lambda inner: st.one_of(st.lists(inner, max_size=4),
                                st.dictionaries(st.one_of(st.sampled_from(keys), st.text(max_size=6)), inner, max_size=6)),
        max_leaves=25)


NOISE = ["", ":", "\t", "- ", "'", "{", "&x", "*x", "\n  ", "\n- ", " true", " 0", " []", " {}", "\n    - text: x\n"]


def mutations(text: str):
    """A valid file with a slice replaced: reaches the checks behind the first few keys."""
    def mutate(t):
        start, length, noise = t
        return text[:start] + noise + text[start + length:]
    return st.tuples(st.integers(0, len(text)), st.integers(0, 12),
                     st.one_of(st.sampled_from(NOISE + WORDS), st.text(max_size=8))).map(mutate)


def yaml_texts(keys, base: str = ""):
    """Valid YAML of odd shapes, arbitrary text that is often not YAML at all, and near misses of a valid file."""
    dumped = structures(keys).map(lambda d: yaml.safe_dump(d, allow_unicode=True, sort_keys=False))
    mangled = st.tuples(dumped, st.integers(0, 400), st.sampled_from(NOISE))
    options = [dumped, mangled.map(lambda t: t[0][: t[1]] + t[2] + t[0][t[1]:]), st.text(max_size=200)]
    if base:
        options.append(mutations(base))
    return st.one_of(*options)


def base_text(rel: str) -> str:
    return (BASE / rel).read_text(encoding="utf-8")


MARKDOWN_BITS = ["# ", "## ", "#### ", "::: quiz check\n", "::: quiz \n", ":::\n", "::: note Title\n", "::: tip\n",
                 "[a](02-more.md#x)", "[b](#first-part)", "![alt](../media/pic.svg)", "![](x.mp4)",
                 "[c](../resources/sheet.md)", "[d](../../out.md)", "[e](media/../../x)", "[f](mailto:x)",
                 "committed suicide", "the mentally\nill", "`code`", "**", "*", "|a|b|\n|-|-|\n|c|d|\n", "\n",
                 "\n\n", "---\n", "text ", "> ", "1. ", "- ", "<b>", "&amp;", "\\", "[", "](", ")"]

lesson_bodies = st.lists(st.one_of(st.sampled_from(MARKDOWN_BITS), st.text(max_size=10)), max_size=30).map("".join)


def run(files: dict[str, str]) -> list[Diagnostic]:
    with tempfile.TemporaryDirectory() as tmp:
        course = Path(tmp) / "course"
        shutil.copytree(BASE, course)
        for rel, text in files.items():
            (course / rel).write_text(text, encoding="utf-8")
        result = check_course(course)  # raises on anything but clean diagnostics
        for d in result.diagnostics:
            assert d.severity in ("error", "warning") and d.code and d.message and d.ref.path
        return list(result.diagnostics)


@FUZZ
@given(yaml_texts(COURSE_KEYS, base_text("course.yaml")))
def test_any_course_yaml_gives_diagnostics_not_a_crash(text):
    run({"course.yaml": text})


@FUZZ
@given(yaml_texts(QUIZ_KEYS, base_text("quizzes/check.yaml")), yaml_texts(QUIZ_KEYS, base_text("quizzes/final.yaml")))
def test_any_quiz_yaml_gives_diagnostics_not_a_crash(check_text, final_text):
    run({"quizzes/check.yaml": check_text, "quizzes/final.yaml": final_text})


@FUZZ
@given(yaml_texts(["title", "objectives", "duration"], "title: More\nobjectives:\n  - Read\n"), lesson_bodies, st.booleans())
def test_any_lesson_gives_diagnostics_not_a_crash(front, body, with_front_matter):
    text = f"---\n{front}\n---\n{body}" if with_front_matter else body
    run({"lessons/02-more.md": text})

"""The assessment keys of a quiz (docs/authoring.md, "Pools, draws and the answer key"): reveal,
layout, scoring, draw, pools and a question's review, read into the model or refused at their line."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from builder.errors import AuthoringError, Reporter
from builder.load import load

EXAMPLE = Path(__file__).parent / "fixtures" / "example"

CHECK = """id: pooled
title: Pooled
kind: {kind}
{extra}"""


def q(qid: str, review: str | None = None) -> str:
    text = f"  - id: {qid}\n    type: true-false\n    prompt: Statement {qid}.\n    answer: true\n"
    return text + (f"    review: {review}\n" if review else "")


def pool(pid: str, draw: int, ids: list[str]) -> str:
    body = "".join("  " + line + "\n" for qid in ids for line in q(qid).splitlines())
    return f"  - id: {pid}\n    draw: {draw}\n    questions:\n{body}"


def course_with(tmp_path: Path, quiz: str, kind: str = "check") -> Path:
    course = tmp_path / "course"
    shutil.copytree(EXAMPLE, course)
    (course / "quizzes" / "pooled.yaml").write_text(CHECK.format(kind=kind, extra=quiz))
    lesson = course / "lessons" / "04-summary.md"
    lesson.write_text(lesson.read_text() + "\n::: quiz pooled\n")
    return course


def problems(course: Path) -> list[str]:
    reporter = Reporter()
    with pytest.raises(AuthoringError):
        load(course, reporter)
    return [str(d).split("pooled.yaml:", 1)[-1] for d in reporter.diagnostics if d.severity == "error"]


def test_keys_are_read_into_the_model(tmp_path):
    quiz = ("reveal: never\nlayout: one-per-screen\nscoring: partial\ndraw: 2\nquestions:\n"
            + q("a") + q("b", "../lessons/02-kinds-of-questions.md") + q("c", "lessons/03-more-questions.md")
            + "pools:\n" + pool("p1", 1, ["d", "e"]) + pool("p2", 2, ["f", "g", "h"]))
    loaded = load(course_with(tmp_path, quiz)).quizzes["pooled"]
    assert (loaded.reveal, loaded.layout, loaded.scoring, loaded.draw) == ("never", "one-per-screen", "partial", 2)
    assert [q.id for q in loaded.questions] == list("abcdefgh")
    assert [q.id for q in loaded.own] == ["a", "b", "c"]
    assert [(p.id, p.draw, [q.id for q in p.questions]) for p in loaded.pools] == [
        ("p1", 1, ["d", "e"]), ("p2", 2, ["f", "g", "h"])]
    assert [(d, len(qs)) for d, qs in loaded.groups] == [(2, 3), (1, 2), (2, 3)]
    assert loaded.per_attempt == 5 and loaded.drawn
    assert [q.review for q in loaded.questions[:3]] == [None, "lessons/02-kinds-of-questions.md",
                                                        "lessons/03-more-questions.md"]
    assert [q.review for q in loaded.pools[0].questions] == [None, None]


@pytest.mark.parametrize("kind,reveal", [("check", "each-attempt"), ("assessment", "last-attempt")])
def test_reveal_default_depends_on_the_kind(tmp_path, kind, reveal):
    course = course_with(tmp_path, "questions:\n" + q("a"))
    if kind == "assessment":  # the course's one assessment, with its pass mark
        (course / "quizzes" / "final-assessment.yaml").write_text(CHECK.format(kind="assessment",
                                                                               extra="pass_mark: 50\nquestions:\n" + q("a")).replace("pooled", "final-assessment"))
    loaded = load(course).quizzes["pooled" if kind == "check" else "final-assessment"]
    assert loaded.reveal == reveal and loaded.layout == "page" and loaded.scoring == "all"
    assert loaded.draw is None and loaded.pools == () and not loaded.drawn


def test_pools_alone_need_no_questions_key(tmp_path):
    loaded = load(course_with(tmp_path, "pools:\n" + pool("p", 1, ["a", "b"]))).quizzes["pooled"]
    assert [q.id for q in loaded.questions] == ["a", "b"] and loaded.own == () and loaded.per_attempt == 1


CASES = [
    ("draw: 3\nquestions:\n" + q("a") + q("b"),
     "4: error[draw]: quiz 'pooled' draws 3 questions but 'questions' has 2"),
    ("pools:\n" + pool("p", 3, ["a", "b"]),
     "6: error[draw]: pool 'p' draws 3 questions but has 2"),
    ("questions:\n" + q("a") + "pools:\n" + pool("p", 1, ["a", "b"]),
     "13: error[duplicate-id]: question id 'a' is used twice in quiz 'pooled'"),
    ("pools:\n" + pool("p", 1, ["a"]) + pool("p", 1, ["b"]),
     "12: error[duplicate-id]: pool id 'p' is used twice in quiz 'pooled'"),
    ("questions:\n" + q("a", "../lessons/09-nowhere.md"),
     "9: error[review]: review '../lessons/09-nowhere.md' is not a lesson of the outline"),
    ("questions:\n" + q("a", "../../outside.md"),
     "9: error[review]: review '../../outside.md' is not a lesson of the outline: "),
    ("reveal: sometimes\nquestions:\n" + q("a"),
     "4: error[choice]: quiz 'pooled': 'reveal' is 'sometimes', which is not one of: each-attempt, last-attempt, never"),
    ("layout: slides\nquestions:\n" + q("a"), "4: error[choice]: quiz 'pooled': 'layout' is 'slides'"),
    ("scoring: some\nquestions:\n" + q("a"), "4: error[choice]: quiz 'pooled': 'scoring' is 'some'"),
    ("draw: 0\nquestions:\n" + q("a"), "4: error[number]: quiz 'pooled': 'draw' must be from 1"),
    ("pools:\n  - id: p\n    questions:\n" + "".join("  " + x + "\n" for x in q("a").splitlines()),
     "5: error[missing-key]: pool 1: 'draw' is required"),
    ("pools:\n  - just text\n", "5: error[type]: quiz 'pooled': pool 1 must be a mapping"),
    ("title2: x\n", "1: error[missing-key]: quiz 'pooled': 'questions' is required"),
    ("pools: []\n", "4: error[no-questions]: quiz 'pooled' has no questions and no pools"),
]


@pytest.mark.parametrize("quiz,expected", CASES)
def test_bad_values_are_refused_at_their_line(tmp_path, quiz, expected):
    found = problems(course_with(tmp_path, quiz))
    assert any(p.startswith(expected) for p in found), found

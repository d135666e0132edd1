"""Authors' mistakes: one clear `path:line: error[code]: message` line each, exit 1, no traceback,
and nothing new in the output folder."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).parent / "fixtures" / "example"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


def break_missing_lesson(c: Path) -> None:
    (c / "lessons" / "04-summary.md").unlink()


def break_yaml(c: Path) -> None:
    edit(c / "quizzes" / "choice-check.yaml", "prompt: Which colour is the circle?", "prompt: Which colour: is it?")


def break_no_correct(c: Path) -> None:
    edit(c / "quizzes" / "welcome-check.yaml", "        correct: true\n", "")


def break_question_type(c: Path) -> None:
    edit(c / "quizzes" / "final-assessment.yaml", "type: fill-in", "type: essay")


def break_image(c: Path) -> None:
    (c / "media" / "circle.svg").unlink()


def break_front_matter(c: Path) -> None:
    edit(c / "lessons" / "02-kinds-of-questions.md", "title: Kinds of questions\n", "")


def break_quiz_ref(c: Path) -> None:
    edit(c / "lessons" / "03-more-questions.md", "::: quiz other-check", "::: quiz other-chek")


def break_unknown_key(c: Path) -> None:
    edit(c / "course.yaml", "language: en", "langauge: en")


def break_alt_text(c: Path) -> None:
    edit(c / "lessons" / "01-welcome.md", "![A blue circle on a white background]", "![]")


CASES = [
    (break_missing_lesson, "course.yaml:11", "missing-file", "lesson file 'lessons/04-summary.md' does not exist"),
    (break_yaml, "quizzes/choice-check.yaml:7:25", "yaml", "invalid YAML: mapping values are not allowed"),
    (break_no_correct, "quizzes/welcome-check.yaml:9", "no-correct", "question 'q1': no option is marked 'correct: true'"),
    (break_question_type, "quizzes/final-assessment.yaml:35", "choice", "question 'a4': 'type' is 'essay', which is not one of"),
    (break_image, "lessons/01-welcome.md:21", "missing-file", "image '../media/circle.svg' does not exist"),
    (break_front_matter, "lessons/02-kinds-of-questions.md:2", "missing-key", "front matter: 'title' is required"),
    (break_quiz_ref, "lessons/03-more-questions.md:10", "quiz-ref", "unknown quiz 'other-chek'"),
    (break_unknown_key, "course.yaml:4", "unknown-key", "course.yaml: unknown key 'langauge' (did you mean 'language'?)"),
    (break_alt_text, "lessons/01-welcome.md:21", "alt-text", "image '../media/circle.svg' has no alt text"),
]


@pytest.mark.parametrize("breaker,where,code,message", CASES, ids=[c[0].__name__ for c in CASES])
def test_bad_input_gives_a_located_error_and_writes_nothing(tmp_path, breaker, where, code, message):
    course = tmp_path / "course"
    shutil.copytree(EXAMPLE, course)
    breaker(course)
    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / "keep.txt").write_text("from an earlier build")
    result = subprocess.run([sys.executable, "-m", "builder.cli", "build", "course", "--out", "dist"],
                            cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    expected = f"course/{where}: error[{code}]: {message}"
    assert any(line.startswith(expected) for line in result.stderr.splitlines()), result.stderr
    assert [p.name for p in dist.iterdir()] == ["keep.txt"]


def test_every_problem_is_reported_in_one_run(tmp_path):
    course = tmp_path / "course"
    shutil.copytree(EXAMPLE, course)
    for breaker, *_ in CASES[1:5]:
        breaker(course)
    result = subprocess.run([sys.executable, "-m", "builder.cli", "build", "course", "--out", "dist"],
                            cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if ": error[" in line]
    assert len(errors) == 4, result.stderr
    assert "Build stopped: 4 errors, 0 warnings." in result.stderr
    assert not (tmp_path / "dist").exists()


def test_a_course_whose_saved_progress_cannot_fit_is_refused(tmp_path):
    course = tmp_path / "course"
    shutil.copytree(EXAMPLE, course)
    questions = "".join(
        f"  - id: long{i}\n    type: fill-in\n    prompt: Question {i}\n    answers: [x]\n" for i in range(40))
    quiz = course / "quizzes" / "final-assessment.yaml"
    quiz.write_text(quiz.read_text().replace("questions:\n", "questions:\n" + questions, 1))
    result = subprocess.run([sys.executable, "-m", "builder.cli", "build", "course", "--out", "dist"],
                            cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 1
    assert "error[state-budget]: a learner's saved progress could reach" in result.stderr
    assert "SCORM 1.2 allows 4096" in result.stderr

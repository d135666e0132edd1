"""The item map beside the zips: an admin resolves every interaction of an LMS report through it."""
from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from builder.build import build
from support.lms import LmsSession
from support.player import answer_quiz, course_of, unpack, visit_all
from support.axe import run_axe

EXAMPLE = Path(__file__).parent / "fixtures" / "example"
STEM = "example-course-1.2.0"


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    build(EXAMPLE, out, formats=("scorm12", "scorm2004"))
    return out


def read_map(path: Path) -> dict[str, dict]:
    text = path.read_bytes().decode("utf-8")
    assert text.startswith("\ufeff"), "spreadsheet programs need the BOM to read UTF-8"
    return {row["interaction_id"]: row for row in csv.DictReader(io.StringIO(text[1:]))}


def letters(cell: str) -> dict[str, str]:
    """'a: Next\\nb: Exit' → {'a': 'Next', 'b': 'Exit'}; matching cells keep their 'item '/'match ' prefix."""
    found = {}
    for line in cell.splitlines():
        key, _, text = line.partition(": ")
        found[key] = text
    return found


def test_build_writes_the_map_beside_the_zips_and_the_same_bytes_every_time(dist, tmp_path):
    assert sorted(p.name for p in dist.iterdir()) == sorted([
        f"{STEM}-scorm12.zip", f"{STEM}-scorm2004.zip", f"{STEM}-items.csv", f"{STEM}-items.html"])
    build(EXAMPLE, tmp_path, formats=("scorm2004",))
    for suffix in ("csv", "html"):
        assert (tmp_path / f"{STEM}-items.{suffix}").read_bytes() == (dist / f"{STEM}-items.{suffix}").read_bytes()


def test_no_course_text_becomes_a_spreadsheet_formula(tmp_path):
    import shutil
    from builder.package.itemmap import from_csv, items
    course = tmp_path / "course"
    shutil.copytree(EXAMPLE, course)
    quiz = course / "quizzes" / "final-assessment.yaml"
    quiz.write_text(quiz.read_text().replace('prompt: "Which control moves to the next screen?"',
                                             'prompt: "=HYPERLINK(\\"http://example.com\\")"'))
    build(course, tmp_path / "out", formats=("scorm12",))
    data = (tmp_path / "out" / f"{STEM}-items.csv").read_bytes()
    assert read_map(tmp_path / "out" / f"{STEM}-items.csv")["final-assessment.a1"]["question"] == \
        "'=HYPERLINK(\"http://example.com\")"
    assert from_csv(data) == items(course_of(course))  # the map reads back as written


def test_a_web_only_build_has_no_map(tmp_path):
    build(EXAMPLE, tmp_path, formats=("web",))
    assert [p.name for p in tmp_path.iterdir()] == [f"{STEM}-web"]


def test_the_map_names_every_assessment_question_with_its_options_and_correct_responses(dist):
    rows = read_map(dist / f"{STEM}-items.csv")
    # checks are not recorded; a pool's questions are all in the map, whichever an attempt draws
    assert list(rows) == [f"final-assessment.a{n}" for n in range(1, 7)] + ["final-assessment.p1", "final-assessment.p2"]
    a1, a2, a3, a4, a5, a6, _p1, _p2 = rows.values()
    assert (a1["quiz"], a1["number"], a1["question"]) == ("Final assessment", "1", "Which control moves to the next screen?")
    assert letters(a1["options"]) == {"a": "Next", "b": "Exit"}
    assert (a2["type"], a2["question_type"], a2["points"]) == ("choice", "multiple", "2")
    assert (a2["correct_response_scorm12"], a2["correct_response_scorm2004"]) == ("a,b", "a[,]b")
    assert a2["correct_answer"] == "a: note\nb: tip"
    assert (a3["options"], a3["correct_response_scorm12"], a3["correct_response_scorm2004"]) == (
        "t: True\nf: False", "t", "true")
    assert a4["options"] == ""
    assert a4["correct_response_scorm12"] == "1.2\nSCORM 1.2"
    assert a4["correct_response_scorm2004"] == "{case_matters=false}1.2\n{case_matters=false}SCORM 1.2"
    assert letters(a5["options"]) == {"item a": "SCORM 1.2", "item b": "SCORM 2004",
                                      "match a": "HHHH:MM:SS.SS", "match b": "ISO 8601 duration"}
    assert (a5["type"], a5["correct_response_scorm12"], a5["correct_response_scorm2004"]) == (
        "matching", "a.a,b.b", "a[.]a[,]b[.]b")
    assert (a6["type"], a6["correct_response_scorm12"]) == ("sequencing", "a,b,c,d")
    assert a6["correct_answer"].splitlines() == ["1. load", "2. model", "3. render", "4. package"]
    # The assessment has a screen of its own: no lesson to point at.
    assert {row["review"] for row in rows.values()} == {""}


def test_a_quiz_placed_in_a_lesson_points_at_that_lesson(tmp_path):
    import shutil
    course = tmp_path / "course"
    shutil.copytree(EXAMPLE, course)
    yaml = course / "course.yaml"
    yaml.write_text(yaml.read_text().replace("  - quiz: final-assessment\n", ""))
    summary = course / "lessons" / "04-summary.md"
    summary.write_text(summary.read_text() + "\n::: quiz final-assessment\n")
    build(course, tmp_path / "out", formats=("scorm12",))
    rows = read_map(tmp_path / "out" / f"{STEM}-items.csv")
    assert {row["review"] for row in rows.values()} == {"Summary (screen 4)"}


@pytest.mark.parametrize("width", [375, 1280])
def test_the_html_map_is_an_accessible_table(dist, page, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto((dist / f"{STEM}-items.html").as_uri())
    headers = page.locator("thead th").all_inner_texts()
    assert headers == ["Interaction id", "Question", "Options by letter", "Correct answer and response"]
    assert page.locator("tbody th[scope=row]").all_inner_texts()[0].startswith("final-assessment.a1")
    assert page.locator("tbody tr").count() == 8  # a1-a6 and the pool's p1, p2
    assert run_axe(page) == []


def resolve(row: dict, response: str, version: str) -> list[str]:
    """A learner response as words, through the map alone (what an admin does with a report)."""
    options = letters(row["options"])
    comma, dot = (",", ".") if version == "1.2" else ("[,]", "[.]")
    kind = row["type"]
    if kind == "fill-in":
        return [response]
    if kind == "true-false":
        return [options[{"true": "t", "false": "f"}.get(response, response)]]
    if kind == "matching":
        return [f"{options['item ' + pair.split(dot)[0]]} → {options['match ' + pair.split(dot)[1]]}"
                for pair in response.split(comma)]
    return [options[key] for key in response.split(comma)]


def chosen_words(question, correct: bool) -> list[str]:
    """What support.player.fill_question picks, in words, from the course source."""
    t = question.type
    if t in ("single", "multiple"):
        picked = [o.text for o in question.options if o.correct == correct]
        return picked[:1] if t == "single" and not correct else picked
    if t == "true-false":
        return ["True" if question.answer == correct else "False"]
    if t == "fill-in":
        return [question.answers[0] if correct else "not the answer"]
    if t == "matching":
        n = len(question.pairs)
        return [f"{left} → {question.pairs[i if correct else (i + 1) % n][1]}" for i, (left, _) in enumerate(question.pairs)]
    n = len(question.items)  # ordering: item i was given position i (or i+1): sorted by position
    order = sorted(range(n), key=lambda i: i if correct else (i + 1) % n)
    return [question.items[i] for i in order]


@pytest.mark.parametrize("version,correct", [("1.2", False), ("2004", True)])
def test_every_interaction_the_lms_stores_resolves_through_the_map(dist, page, tmp_path, version, correct):
    course = course_of(EXAMPLE)
    rows = read_map(dist / f"{STEM}-items.csv")
    name = "scorm12" if version == "1.2" else "scorm2004"
    session = LmsSession.launch(page, unpack(dist / f"{STEM}-{name}.zip", tmp_path / name), version)
    visit_all(session.frame, len(course.screens))
    answer_quiz(session.frame, course.assessment, correct=correct)
    cmi = session.cmi()
    stored: dict[int, dict] = {}
    for key, value in cmi.items():
        m = re.match(r"cmi\.interactions\.(\d+)\.(.+)$", key)
        if m:
            stored.setdefault(int(m.group(1)), {})[m.group(2)] = value
    assert len(stored) == course.assessment.per_attempt  # the questions this attempt drew
    questions = {f"{course.assessment.id}.{q.id}": q for q in course.assessment.questions}
    response_key = "student_response" if version == "1.2" else "learner_response"
    pattern_column = "correct_response_scorm12" if version == "1.2" else "correct_response_scorm2004"
    for record in stored.values():
        row = rows[record["id"]]
        assert record["type"] == row["type"]
        patterns = [record[k] for k in sorted(k for k in record if k.startswith("correct_responses."))]
        assert "\n".join(patterns) == row[pattern_column]
        assert str(record["weighting"]) == row["points"]
        assert resolve(row, record[response_key], version) == chosen_words(questions[record["id"]], correct)
        if version == "2004":
            assert record["description"] == row["question"]

"""builder/fields.py and builder/specs.py: a YAML mapping read through its spec."""
from __future__ import annotations

from pathlib import Path

import pytest

from builder.errors import Reporter, SourceRef
from builder.fields import Fields, is_id, is_language_tag, is_version
from builder.specs import COURSE, QUESTION, QUESTION_TYPES, QUIZ, Key, Spec, table
from builder.yamlsrc import load_yaml

REF = SourceRef(Path("course.yaml"))
SPEC = Spec("test.yaml", (
    Key("name", "text", "", "required", default="?"),
    Key("count", "whole", "", default=1, low=1, high=10),
    Key("size", "decimal", "", default=5, low=0),
    Key("colour", "choice", "", default="red", choices=("red", "green")),
    Key("tags", "texts", "", default=()),
    Key("shown", "bool", "", default=False),
    Key("id", "id", ""),
))


def read(text: str) -> tuple[Fields, list[str]]:
    reporter = Reporter()
    fields = Fields(load_yaml(text, REF, Reporter()), SPEC, REF, reporter)
    return fields, [str(d) for d in reporter.diagnostics]


def test_values_of_each_kind():
    f, problems = read("name: 42\ncount: 3\nsize: 2.5\ncolour: green\ntags: one\nshown: true\nid: a-1\n")
    assert problems == []
    assert (f.get("name"), f.get("count"), f.get("size"), f.get("colour"), f.get("tags"), f.get("shown"),
            f.get("id")) == ("42", 3, 2.5, "green", ("one",), True, "a-1")


def test_missing_keys_take_their_default_and_a_required_one_is_reported():
    f, problems = read("shown: false\n")
    assert f.get("count") == 1 and f.get("colour") == "red" and f.get("tags") == () and f.get("name") == "?"
    assert problems == ["course.yaml:1: error[missing-key]: test.yaml: 'name' is required (add a line 'name: ...')"]


@pytest.mark.parametrize("line,expected", [
    ("count: 11", "error[number]: test.yaml: 'count' must be from 1 to 10, not 11"),
    ("count: two", "error[type]: test.yaml: 'count' must be a whole number, not the text 'two'"),
    ("count: true", "error[type]: test.yaml: 'count' must be a whole number, not 'true'"),
    ("size: 0", "error[number]: test.yaml: 'size' must be a number above 0 and at most 10000, not 0"),
    ("size: .inf", "error[number]: test.yaml: 'size' must be a number above 0 and at most 10000, not '.inf'"),
    ("colour: gren", "error[choice]: test.yaml: 'colour' is 'gren', which is not one of: red, green "
                     "(did you mean 'green'?)"),
    ("tags: [a, [b]]", "error[type]: test.yaml: 'tags' item 2 must be text, not a list"),
    ("shown: yes please", "error[type]: test.yaml: 'shown' must be true or false, not the text 'yes please'"),
    ("id: Not An Id", "error[id]: test.yaml: id 'Not An Id' may use only lowercase letters"),
    ("colur: red", "error[unknown-key]: test.yaml: unknown key 'colur' (did you mean 'colour'?)"),
])
def test_each_mistake_is_one_located_diagnostic(line, expected):
    f, problems = read(f"name: x\n{line}\n")
    assert len(problems) == 1 and problems[0].startswith("course.yaml:2: " + expected), problems
    key = line.split(":")[0]
    if key in SPEC.by_name and key != "tags":  # a list keeps its right items
        assert f.get(key) == SPEC[key].default  # a wrong value gives the default: the loader goes on


def test_a_wrong_key_is_reported_once_however_often_it_is_read():
    f, problems = read("name: x\ncount: 99\n")
    f.get("count"), f.get("count")
    assert len(problems) == 1


def test_unknown_keys_wait_until_the_allowed_ones_are_known():
    reporter = Reporter()
    Fields(load_yaml("answer: true\n", REF, Reporter()), QUESTION, REF, reporter, unknown=False)
    assert [d.code for d in reporter.diagnostics] == ["missing-key"] * 3  # id, type, prompt; 'answer' not judged


def test_identifiers():
    assert is_id("final-assessment") and is_id("q1.b_2") and not is_id("Q1") and not is_id("-x") and not is_id("a" * 65)
    assert is_version("1.2.0+fr") and not is_version("1.0 beta")
    assert is_language_tag("pt-BR") and is_language_tag("ar") and not is_language_tag("english")


def test_specs_name_each_key_once_and_every_question_type_has_its_keys():
    for spec in (COURSE, QUIZ, QUESTION, *QUESTION_TYPES.values()):
        assert len(spec.names()) == len(set(spec.names())), spec.name
    assert set(QUESTION_TYPES) == set(QUESTION["type"].choices)
    assert not set(QUESTION.names()) & {name for spec in QUESTION_TYPES.values() for name in spec.names()}


def test_a_spec_as_a_docs_table():
    assert table(SPEC).splitlines()[:3] == ["| key | needed? | what it does | default |", "| --- | --- | --- | --- |",
                                            "| `name` | required |  | — |"]

"""builder/yamlsrc.py: YAML with the line of every value, duplicate keys and escapes reported,
aliases bounded."""
from __future__ import annotations

from pathlib import Path

from builder.errors import Reporter, SourceRef
from builder.yamlsrc import MAX_VALUES, LineDict, LineList, load_plain, load_yaml

REF = SourceRef(Path("quiz.yaml"))


def parse(text: str, offset: int = 0):
    reporter = Reporter()
    return load_yaml(text, REF, reporter, line_offset=offset), [str(d) for d in reporter.diagnostics]


def test_every_mapping_and_list_knows_its_lines():
    data, problems = parse("title: Quiz\nquestions:\n  - id: q1\n    points: 2\n  - id: q2\n")
    assert problems == [] and isinstance(data, LineDict) and isinstance(data["questions"], LineList)
    assert data.line_of("title") == 1 and data["questions"].line_of(1) == 5
    assert data["questions"][0].line == 3 and data["questions"][0].line_of("points") == 4


def test_lines_shift_for_front_matter():
    data, _ = parse("title: A\nduration: 5\n", offset=1)
    assert data.line_of("duration") == 3


def test_dates_stay_text():
    data, _ = parse("version: 2024-01-01\n")
    assert data["version"] == "2024-01-01"


def test_a_key_given_twice_is_an_error_at_the_second():
    _, problems = parse("title: A\nkind: check\ntitle: B\n")
    assert problems == ["quiz.yaml:3: error[duplicate-key]: key 'title' is given twice "
                        "(remove one of them: the second would silently replace the first)"]


def test_syntax_errors_are_located():
    data, problems = parse("title: A\nkind: [check\n")
    assert data is None and problems[0].startswith("quiz.yaml:3:1: error[yaml]: invalid YAML")


def test_an_escaped_control_character_is_refused():
    data, problems = parse('title: "bell \\a"\n')
    assert data is None and problems == ["quiz.yaml:1: error[control-character]: control character U+0007 is not "
                                         "allowed in text (remove the escape sequence that writes it)"]


def test_aliases_that_expand_without_bound_are_refused_before_building_anything():
    text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
        f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(5))
    data, problems = parse(text)
    assert data is None and f"more than {MAX_VALUES} values" in problems[0]
    assert parse("a: &a [1, 2]\nb: *a\n")[0]["b"] == [1, 2]  # a small alias is fine


def test_plain_yaml_for_files_we_ship():
    assert load_plain("a: 1\nb: [x]\n") == {"a": 1, "b": ["x"]}

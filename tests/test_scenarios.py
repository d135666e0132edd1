"""Branching scenarios: the loader, `check`'s graph rules on a clean scenario, the Markdown line
that places one, the saved-progress proof and translations (the player: test_scenario_player.py;
one broken case per diagnostic: tests/fixtures/broken/scenario-*)."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from builder import markdown
from builder.load import load
from builder.state_budget import measure
from builder.translate import units

BROKEN = Path(__file__).parent / "fixtures" / "broken"
BASE = BROKEN / "_base"
SCENARIO = BROKEN / "_scenario"


def check(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "builder.cli", "check", *args], cwd=cwd,
                          capture_output=True, text=True)


def clean_course(into: Path) -> Path:
    shutil.copytree(BASE, into)
    shutil.copyfile(SCENARIO / "02-more.md", into / "lessons" / "02-more.md")
    (into / "scenarios").mkdir()
    shutil.copyfile(SCENARIO / "call.yaml", into / "scenarios" / "call.yaml")
    return into


def test_a_scenario_without_problems_checks_clean(tmp_path):
    clean_course(tmp_path / "course")
    result = check(tmp_path, "--strict", "course")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "0 errors, 0 warnings"


def test_a_one_word_id_places_a_scenario_and_a_title_keeps_the_callout():
    tokens = markdown.parse("::: scenario amira\n\n::: scenario Meet Amira\nText.\n:::\n\n::: scenario\nMore.\n:::\n")
    kinds = [(t.type, t.info.strip()) for t in tokens if t.type in ("scenario", "container_scenario_open")]
    assert kinds == [("scenario", "amira"), ("container_scenario_open", "scenario Meet Amira"),
                     ("container_scenario_open", "scenario")]


def test_a_scenario_loads_with_lines_and_links(tmp_path):
    course = load(clean_course(tmp_path / "course"))
    scenario = course.scenarios["call"]
    lesson = next(s.lesson for s in course.screens if s.lesson and s.lesson.path == "lessons/02-more.md")
    assert [sid for sid, _ in lesson.scenario_ids] == ["call"]
    assert [(n.id, n.ending) for n in scenario.nodes if n.ending] == [("done", "You talked"), ("missed", "You missed it")]
    first = scenario.nodes[0]
    assert (first.ref.line, [c.goto for c in first.choices]) == (5, ["talk", "missed"])
    # Node text keeps its file lines: the link is on line 7 of the YAML file, relative to it.
    assert [(link.href, link.ref.line) for link in scenario.links] == [("../resources/sheet.md", 7)]


def test_the_state_proof_counts_the_longest_kept_path(tmp_path):
    course = load(clean_course(tmp_path / "course"))
    without = load(BASE)
    scenario = course.scenarios["call"]
    assert scenario.max_path == 2 * len(scenario.nodes) == 8
    # {"c":{"0":"aaaaaaaa"}} adds ',"c":{"0":"aaaaaaaa"}': 21 characters.
    assert measure(course).essential - measure(without).essential == len(',"c":{"0":""}') + scenario.max_path


def test_scenario_texts_are_translation_units(tmp_path):
    course = load(clean_course(tmp_path / "course"))
    found = [(u.context, u.source, u.line, u.markdown) for u in units(course) if u.path.startswith("scenarios/")]
    path = "scenarios/call.yaml"
    assert found == [
        (f"{path}#title", "A phone call", 2, False),
        (f"{path}#ring", "The phone rings. See the [sheet](../resources/sheet.md).", 7, True),
        (f"{path}#ring.choices", "Answer", 9, False),
        (f"{path}#ring.consequence", "You pick up.", 11, True),
        (f"{path}#ring.choices", "Let it ring", 12, False),
        (f"{path}#talk", "You talk for a while.", 15, True),
        (f"{path}#talk.choices", "Hang up", 17, False),
        (f"{path}#done.ending", "You talked", 20, False),
        (f"{path}#done", "Talking helped.", 21, True),
        (f"{path}#missed.ending", "You missed it", 23, False),
        (f"{path}#missed", "Call back later.", 24, True),
    ]


def test_a_translated_build_shows_the_scenario_translated(tmp_path):
    from builder.build import build
    from builder.translate import extract
    from support.po import fill

    course = clean_course(tmp_path / "course")
    extract(load(course), "fr")
    fill(course / "locales" / "fr.po", "FR: ")
    build(course, tmp_path / "out", formats=("web",), language="fr")
    page = next((tmp_path / "out").glob("*-web")) / "screens" / "0002.js"
    html = page.read_text(encoding="utf-8")
    for text in ("FR: A phone call", "FR: The phone rings.", "FR: Answer", "FR: You pick up.", "FR: You talked",
                 "FR: Talking helped."):
        assert text in html, text
    assert 'href=\\"resources/sheet.html\\"' in html  # the link, relative to the scenario file, still resolves


def test_the_preview_redraws_the_screen_of_an_edited_scenario(tmp_path):
    from builder.preview import PreviewBuilder
    from builder.render import render
    from builder.theme import course_theme

    course = Path(shutil.copytree(Path(__file__).parent / "fixtures" / "example", tmp_path / "example"))
    builder = PreviewBuilder(course)
    builder.rebuild()
    scenario = course / "scenarios" / "amira-after-the-flood.yaml"
    scenario.write_text(scenario.read_text().replace("Look at her workload together", "Plan her week with her"))
    assert builder.rebuild([scenario]) == {"screens/0004.js"}  # the summary screen places it
    assert b"Plan her week with her" in builder.output("screens/0004.js", "1.2")
    source = load(course)
    assert builder.tree("1.2") == render(source, course_theme(source)).tree("1.2")
    scenario.write_text(scenario.read_text().replace("goto: plan-together", "goto: plan-togther"))
    builder.rebuild([scenario])
    assert [d.code for d in builder.errors] == ["scenario-goto"]


# -- fuzzing: whatever an author types into a scenario file, diagnostics and never a crash ----------
SCENARIO_KEYS = ["id", "title", "start", "nodes", "text", "choices", "ending", "goto", "consequence"]
SCENARIO_WORDS = ["call", "ring", "talk", "done", "missed", "", " ", "[a](../media/pic.svg)", "![](x.png)",
                  "::: quiz check", "::: scenario call", "# Heading", "*", "a: b", "- x", "&a", "1.0"]
NOISE = ["", ":", "\t", "- ", "'", "{", "&x", "*x", "\n  ", "\n- ", " true", " 0", " []", " {}",
         "\n    choices:\n      - text: x\n        goto: ring\n", "\n  - id: talk\n", "\n    ending: E\n"]


def scenario_texts():
    import yaml
    from hypothesis import strategies as st

    printable = st.characters(blacklist_categories=("Cc", "Cs"))  # control characters stop at the first check
    scalars = st.one_of(st.none(), st.booleans(), st.integers(-5, 100), st.sampled_from(SCENARIO_WORDS),
                        st.text(printable, max_size=12))
    shapes = st.recursive(scalars, lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(st.sampled_from(SCENARIO_KEYS), st.text(printable, max_size=6)), inner,
                        max_size=6)),
        max_leaves=25)
    base = (SCENARIO / "call.yaml").read_text()
    mutated = st.tuples(st.integers(0, len(base)), st.integers(0, 12), st.sampled_from(NOISE + SCENARIO_WORDS)).map(
        lambda t: base[:t[0]] + t[2] + base[t[0] + t[1]:])
    return st.one_of(shapes.map(lambda d: yaml.safe_dump(d, allow_unicode=True, sort_keys=False)), mutated,
                     st.text(printable, max_size=200))


def test_any_scenario_file_gives_diagnostics_not_a_crash(tmp_path):
    import os

    from hypothesis import HealthCheck, given, settings

    from builder.check import check_course

    course = clean_course(tmp_path / "course")

    @settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "150")), deadline=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
    @given(scenario_texts())
    def fuzz(text):
        (course / "scenarios" / "call.yaml").write_text(text, encoding="utf-8")
        for d in check_course(course).diagnostics:  # raises on anything but clean diagnostics
            assert d.severity in ("error", "warning") and d.code and d.message and d.ref.path

    fuzz()

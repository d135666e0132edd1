"""Branching scenarios in the player, in Chromium with the real scorm-again: every path of the
example's scenario walked with the keyboard alone, resume in the middle, the loop cap, axe."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from builder.build import build
from support.axe import run_axe
from support.lms import LmsSession
from support.player import EXAMPLE, course_of, unpack
from support.scenario import paths, press_button, shown

STEM = "example-course-1.2.0"
SCENARIO_ID = "amira-after-the-flood"
SCREEN = 4  # lessons/04-summary.md places it
BROKEN = Path(__file__).parent / "fixtures" / "broken"


@pytest.fixture(scope="module")
def packages(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("scenario")
    build(EXAMPLE, out, formats=("scorm12", "scorm2004"))
    return {"1.2": unpack(out / f"{STEM}-scorm12.zip", out / "p12"),
            "2004": unpack(out / f"{STEM}-scorm2004.zip", out / "p2004")}


def open_screen(page, frame, number: int) -> None:
    """Next, pressed with the keyboard, until screen ``number`` shows."""
    while (now := int(frame.locator("section.screen:not([hidden])").get_attribute("data-screen"))) < number:
        frame.locator("#next").focus()
        page.keyboard.press("Enter")
        frame.wait_for_function("(n) => +document.querySelector('section.screen:not([hidden])').dataset.screen > n",
                                arg=now)


def saved_paths(session) -> dict:
    return json.loads(session.get("cmi.suspend_data") or "{}").get("c", {})


def test_every_path_can_be_walked_with_the_keyboard_and_restarted(page, packages):
    scenario = course_of(EXAMPLE).scenarios[SCENARIO_ID]
    walks = paths(scenario)
    assert len(walks) == 5
    session = LmsSession.launch(page, packages["1.2"], "1.2")
    frame = session.frame
    open_screen(page, frame, SCREEN)
    endings = set()
    for walk in walks:
        start = shown(frame, SCENARIO_ID)
        assert (start["node"], start["path"], start["said"], start["restart"]) == (0, [], None, False)
        node, made = scenario.nodes[0], []
        for k in walk:
            choice = node.choices[k]
            press_button(page, frame, choice.text, f"#sc-{SCENARIO_ID} .scenario-node:not([hidden])")
            made.append(choice.text)
            node = scenario.nodes[scenario.index(choice.goto)]
            now = shown(frame, SCENARIO_ID)
            said = choice.consequence.replace("*", "") if choice.consequence else None
            assert (now["node"], now["path"], now["said"], now["focus"]) == (
                scenario.index(node.id), made, said, "step"), now
            assert now["choices"] == [c.text for c in node.choices]
        assert now["ending"] == f"Ending: {node.ending}" and now["restart"]
        endings.add(node.id)
        keys = "abcdefghijklmnopqrstuvwxyz0123456789"
        assert saved_paths(session) == {"0": "".join(keys[k] for k in walk)}
        press_button(page, frame, "Restart scenario", f"#sc-{SCENARIO_ID}")
        assert shown(frame, SCENARIO_ID)["focus"] == "step"
    assert endings == {node.id for node in scenario.nodes if node.ending}
    assert saved_paths(session) == {}
    cmi = session.cmi()
    # Not graded, records nothing: no interaction, no score, the screens' progress as ever.
    assert not [k for k in cmi if k.startswith("cmi.interactions.")] and not cmi.get("cmi.core.score.raw")
    assert not session.errors()


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_resume_in_the_middle_of_a_scenario(page, packages, version):
    session = LmsSession.launch(page, packages[version], version)
    frame = session.frame
    open_screen(page, frame, SCREEN)
    within = f"#sc-{SCENARIO_ID} .scenario-node:not([hidden])"
    press_button(page, frame, "Tell her to take the week off", within)
    press_button(page, frame, "Call her back and ask how she is", within)
    before = shown(frame, SCENARIO_ID)
    again = session.relaunch()
    frame = again.frame
    frame.wait_for_selector(f"section.screen[data-screen='{SCREEN}']:not([hidden])")
    after = shown(frame, SCENARIO_ID)
    assert {k: after[k] for k in ("node", "path", "said", "restart", "choices")} == {
        "node": 1, "path": ["Tell her to take the week off", "Call her back and ask how she is"],
        "said": "This time she talks for a while.", "restart": True, "choices": before["choices"]}
    press_button(page, frame, "Suggest she talks to the support focal point", within)
    assert shown(frame, SCENARIO_ID)["ending"] == "Ending: You pointed her to support"
    assert not again.errors()


def loop_course(into: Path) -> Path:
    """The broken corpus's base with a scenario that can go round a loop: ring ⇄ talk."""
    shutil.copytree(BROKEN / "_base", into)
    shutil.copyfile(BROKEN / "_scenario" / "02-more.md", into / "lessons" / "02-more.md")
    (into / "scenarios").mkdir()
    text = (BROKEN / "_scenario" / "call.yaml").read_text()
    text = text.replace("      - text: Hang up\n", "      - text: Ring back\n        goto: ring\n      - text: Hang up\n")
    (into / "scenarios" / "call.yaml").write_text(text)
    return into


def test_a_path_round_a_loop_is_kept_within_its_cap(page, tmp_path):
    build(loop_course(tmp_path / "course"), tmp_path / "out", formats=("web",))
    url = next((tmp_path / "out").glob("*-web")).joinpath("index.html").as_uri() + "#s2"
    page.goto(url)
    page.wait_for_selector("section.screen[data-screen='2']:not([hidden])")
    within = "#sc-call .scenario-node:not([hidden])"
    for _ in range(4):  # ring → talk → ring ...: 8 choices, the cap of 2 × 4 nodes
        press_button(page, page, "Answer", within)
        press_button(page, page, "Ring back", within)
    assert shown(page, "call")["path"] == ["Answer", "Ring back"] * 4
    press_button(page, page, "Answer", within)  # the 9th: the rounds are cut, ring → talk stays
    now = shown(page, "call")
    assert (now["node"], now["path"], now["said"]) == (1, ["Answer"], "You pick up.")
    saved = json.loads(json.loads(page.evaluate("() => JSON.stringify(Object.values(localStorage))"))[0])
    assert json.loads(saved["state"])["c"] == {"0": "a"}
    page.reload()
    page.wait_for_selector("section.screen[data-screen='2']:not([hidden])")
    assert shown(page, "call")["path"] == ["Answer"]


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_walked_scenario_has_no_axe_violation(browser, tmp_path, language):
    course = tmp_path / "course"
    shutil.copytree(EXAMPLE, course)
    config = course / "course.yaml"
    config.write_text(config.read_text().replace("language: en", f"language: {language}"))
    build(course, tmp_path / "out", formats=("web",))
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    try:
        page.goto(next((tmp_path / "out").glob("*-web")).joinpath("index.html").as_uri() + f"#s{SCREEN}")
        page.wait_for_selector(f"section.screen[data-screen='{SCREEN}']:not([hidden])")
        within = f"#sc-{SCENARIO_ID} .scenario-node:not([hidden])"
        assert run_axe(page) == []
        press_button(page, page, "Tell her to take the week off", within)
        assert run_axe(page) == []
        press_button(page, page, "Leave it: she knows what is best for her", within)
        assert shown(page, SCENARIO_ID)["ending"] is not None
        assert run_axe(page) == []
    finally:
        context.close()

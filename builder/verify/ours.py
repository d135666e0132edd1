"""Packages coursebuilder built: recognised by the course-config island in the launch page, walked
end to end as a learner would (every screen with the Next button, the assessment answered right
from the item map, then Exit), so verify can say what the LMS records for a learner who finishes.

The walk only uses the page: buttons, form fields and labels. Answers come from the item map, not
from the player's data, and every option it clicks must read as the map says, so a map that does
not match its package is caught here too.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..package.itemmap import Item, by_letter
from ..model import CHOICE_KEYS

CONFIG = re.compile(r'<script type="application/json" id="course-config">(.*?)</script>', re.S)
PACKAGE_SUFFIX = re.compile(r"-scorm(12|2004)\.zip$")


@dataclass(frozen=True)
class Ours:
    """What the launch page tells about the course."""

    id: str
    version: str
    scorm: str | None
    screens: int
    has_assessment: bool
    pass_mark: int | None


def recognise(launch_file: Path) -> Ours | None:
    try:
        match = CONFIG.search(launch_file.read_text(encoding="utf-8", errors="replace"))
        config = json.loads(match.group(1)) if match else None
    except (OSError, ValueError):
        return None
    if not isinstance(config, dict) or not {"stateVersion", "structure", "screens", "id"} <= set(config):
        return None
    return Ours(id=str(config["id"]), version=str(config.get("version", "")), scorm=config.get("scorm"),
                screens=int(config["screens"]), has_assessment=config.get("assessment") is not None,
                pass_mark=config.get("passMark"))


def item_map_beside(zip_path: Path, ours: Ours) -> Path:
    """dist/x-1.0.0[-fr]-scorm12.zip → dist/x-1.0.0[-fr]-items.csv, where build writes it; a renamed zip
    looks for <id>-<version>-items.csv."""
    if PACKAGE_SUFFIX.search(zip_path.name):
        return zip_path.with_name(PACKAGE_SUFFIX.sub("", zip_path.name) + "-items.csv")
    return zip_path.with_name(f"{ours.id}-{ours.version}-items.csv")


@dataclass
class Walk:
    screens_seen: list[int] = field(default_factory=list)
    resumed_on: int | None = None
    answered: dict[str, str] = field(default_factory=dict)  # quiz id → the result the page announced
    problems: list[str] = field(default_factory=list)  # the page did not match the item map
    exited: bool = False


def current_screen(frame) -> int | None:
    value = frame.evaluate("() => { const s = document.querySelector('section.screen:not([hidden])');"
                           " return s ? +s.dataset.screen : null; }")
    return int(value) if value else None


def step_forward(frame, timeout_ms: int = 10_000) -> bool:
    """Press Next; False when it is disabled or absent, or on the last screen (where Next, labelled
    Finish, opens the course's ending: no screen of the outline)."""
    button = frame.locator("#next")
    if button.count() == 0 or button.is_disabled():
        return False
    last = frame.evaluate("() => JSON.parse(document.getElementById('course-config').textContent).screens")
    if current_screen(frame) == last:
        return False
    before = current_screen(frame)
    button.click()
    frame.wait_for_function("(n) => { const s = document.querySelector('section.screen:not([hidden])');"
                            " return s && +s.dataset.screen !== n; }", arg=before, timeout=timeout_ms)
    return True


def walk_to_the_end(frame, items: list[Item], walk: Walk) -> None:
    """Every screen from here to the last; each assessment met on the way is answered right."""
    quizzes = list(dict.fromkeys(item.interaction_id.split(".", 1)[0] for item in items))
    for _ in range(10_000):
        number = current_screen(frame)
        if number is not None and number not in walk.screens_seen:
            walk.screens_seen.append(number)
        for quiz_id in quizzes:
            if quiz_id in walk.answered:
                continue
            form = frame.locator(f"section.screen:not([hidden]) form#quiz-{quiz_id}")
            if form.count():
                walk.answered[quiz_id] = _answer(form, quiz_id, [i for i in items if i.interaction_id.startswith(
                    quiz_id + ".")], walk.problems)
        if not step_forward(frame):
            return


def leave(frame, walk: Walk) -> None:
    """The learner's Exit button, as the course offers it."""
    button = frame.locator("#exit")
    if button.count() and button.is_enabled():
        button.click()
        walk.exited = True


def _text(locator) -> str:
    return " ".join(locator.inner_text().split())


def _answer(form, quiz_id: str, items: list[Item], problems: list[str]) -> str:
    """Answer the attempt's questions in the order the page shows them (shuffled, drawn from pools,
    one per screen or all at once), each from its row of the item map, then submit."""
    prefix = f"q-{quiz_id}-"
    by_id = {prefix + item.interaction_id.split(".", 1)[1]: item for item in items}
    on_page = set(form.locator("li.question").evaluate_all("els => els.map((e) => e.id)"))
    problems += [f"{item.interaction_id}: the item map has this question; the page does not"
                 for dom_id, item in by_id.items() if dom_id not in on_page]
    done: set[str] = set()
    for _ in range(len(on_page) + 2):
        shown = form.locator("li.question:not([hidden]):not(.not-drawn)")
        for n in range(shown.count()):
            li = shown.nth(n)
            dom_id = li.get_attribute("id") or ""
            if dom_id in done:
                continue
            done.add(dom_id)
            if dom_id in by_id:
                _fill(li, by_id[dom_id], problems)
            else:
                problems.append(f"{dom_id[len(prefix):]}: the page shows a question the item map does not have")
        button = form.locator("button.q-next")
        if button.count() == 0 or not button.is_visible():
            break
        button.click()
    form.locator("button.submit").click()
    form.locator("[role=status]").filter(has_text=re.compile(r"\S")).wait_for()
    return _text(form.locator("[role=status]"))


_SHOWN = """(li, type) => {
  const words = (el) => el ? el.innerText.split(/\\s+/).filter(Boolean).join(" ") : null;
  const label = (el) => words(li.querySelector(`label[for="${el.id}"]`));
  const shown = {};
  li.querySelectorAll("input[value]").forEach((el) => { if (el.type !== "text") shown[el.value] = label(el); });
  li.querySelectorAll("select[data-item]").forEach((el) => {
    shown[(type === "matching" ? "item " : "") + el.dataset.item] = label(el);
    if (type === "matching") el.querySelectorAll("option[value]").forEach((o) => {
      if (o.value) shown["match " + o.value] = words(o);
    });
  });
  return {legend: words(li.querySelector("legend .q-prompt") || li.querySelector("legend")), options: shown};
}"""


def _compare(li, item: Item, problems: list[str]) -> None:
    """The question and every option the map names must read on the page as the map says."""
    page = li.evaluate(_SHOWN, item.type)
    if page["legend"] != item.question:
        problems.append(f"{item.interaction_id}: the item map says '{item.question}'; the page shows '{page['legend']}'")
    for key, text in by_letter(item).items():
        shown = page["options"].get(key)
        if shown != text:
            problems.append(f"{item.interaction_id}: the item map says {key} is '{text}'; the page shows "
                            + (f"'{shown}'" if shown is not None else "no such option"))


def _fill(li, item: Item, problems: list[str]) -> None:
    """Give the correct response the map states, through the form's own fields."""
    _compare(li, item, problems)
    correct = item.correct_12[0] if item.correct_12 else ""
    if item.type in ("choice", "true-false"):
        for key in correct.split(","):
            li.locator(f"input[value='{key}']").check()
    elif item.type == "fill-in":
        li.locator("input[type='text']").fill(correct)
    elif item.type == "matching":
        for pair in correct.split(","):
            left, right = pair.split(".", 1)
            li.locator(f"select[data-item='{left}']").select_option(right)
    else:  # sequencing: the letters in the correct order; each item's select takes its position
        for position, key in enumerate(correct.split(",")):
            li.locator(f"select[data-item='{key}']").select_option(CHOICE_KEYS[position])

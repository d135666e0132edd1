"""Drive a branching scenario in the player with the keyboard, and read what it shows.

Paths come from the course source (the builder's loader), so a test can walk every path of a
scenario without knowing it: ``paths(scenario)`` lists each walk from the start to an ending
that visits no node twice, as the choices' indices."""
from __future__ import annotations

from builder.model import Scenario


def paths(scenario: Scenario) -> list[tuple[int, ...]]:
    by_id = {node.id: node for node in scenario.nodes}
    found: list[tuple[int, ...]] = []

    def go(node_id: str, path: tuple[int, ...], seen: frozenset[str]) -> None:
        node = by_id[node_id]
        if node.ending is not None:
            found.append(path)
        for k, choice in enumerate(node.choices):
            if choice.goto not in seen:
                go(choice.goto, (*path, k), seen | {choice.goto})

    go(scenario.start, (), frozenset({scenario.start}))
    return found


SHOWN = """(id) => {
  const box = document.getElementById('sc-' + id), node = box.querySelector('.scenario-node:not([hidden])');
  const said = box.querySelector('.scenario-consequence'), a = document.activeElement;
  const ending = node.querySelector('.scenario-ending-title');
  return {node: +node.dataset.node, ending: ending ? ending.textContent : null,
          said: said.hidden ? null : said.textContent.trim(),
          path: box.querySelector('.scenario-path').hidden ? [] :
                Array.from(box.querySelectorAll('.scenario-path li'), (li) => li.textContent),
          restart: !box.querySelector('.scenario-restart').hidden,
          choices: Array.from(node.querySelectorAll('button.scenario-choice'), (b) => b.textContent),
          focus: a.classList.contains('scenario-step') && box.contains(a) ? 'step' : a.textContent.trim()};
}"""


def shown(frame, scenario_id: str) -> dict:
    """What the scenario shows now: the node (index), its ending title, the consequence, the path
    listed, whether Restart shows, the choices, and where the focus is ('step': the new node)."""
    return frame.evaluate(SHOWN, scenario_id)


def press_button(page, frame, label: str, within: str, limit: int = 30) -> None:
    """Tab (forward) until the button named ``label`` inside ``within`` (a CSS selector) has the
    focus, then press Enter, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if frame.evaluate("([sel, label]) => { const a = document.activeElement;"
                          " return a.tagName === 'BUTTON' && !!a.closest(sel) && a.textContent.trim() === label; }",
                          [within, label]):
            page.keyboard.press("Enter")
            return
    raise AssertionError(f"button {label!r} not reached with Tab")

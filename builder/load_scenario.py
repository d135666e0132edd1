"""scenarios/<id>.yaml → Scenario, with every mistake reported at its line (keys: builder/specs.py).

A pure function of one file, like load_quiz: the preview caches it. The graph is checked here
only as far as the player needs it to work (every `goto` and the `start` name a node); nodes
nothing reaches, dead ends and loops without an exit are rules of `check`
(builder/check/scenarios.py, on builder/scenario_graph.py).
"""
from __future__ import annotations

from pathlib import Path

from . import markdown
from .errors import Reporter, SourceRef, did_you_mean
from .fields import Fields, describe, read_mapping
from .model import Choice, Link, Node, Scenario
from .specs import SCENARIO, SCENARIO_CHOICE, SCENARIO_NODE
from .yamlsrc import LineDict, LineList

MAX_CHOICES = 36  # one base-36 character per choice in the saved path


def load_scenario(path: Path, scenario_id: str, reporter: Reporter) -> Scenario | None:
    read = read_mapping(path, reporter, "scenario", "id, title, start, nodes")
    if read is None:
        return None
    text, data = read
    ref = SourceRef(path)
    errors_before = len(reporter.errors)
    f = Fields(data, SCENARIO, ref, reporter, f"scenario '{scenario_id}'")
    given_id = f.get("id")
    if given_id is not None and given_id != scenario_id:
        reporter.error("scenario-id", f"scenario id '{given_id}' does not match its file name '{path.name}'",
                       f.at("id"), f"use 'id: {scenario_id}' or rename the file to '{given_id}.yaml'")
    lines = text.splitlines()
    links: list[Link] = []
    nodes = _nodes(f, lines, links)
    known = [node.id for node in nodes]
    start = f.get("start")
    if start is not None and start not in known:
        reporter.error("scenario-goto", f"scenario '{scenario_id}': start '{start}' is not a node of this scenario",
                       f.at("start"), did_you_mean(start, known) or "name the id of the first node")
    for node in nodes:
        for choice in node.choices:
            if choice.goto not in known:
                reporter.error("scenario-goto", f"node '{node.id}': choice '{_short(choice.text)}' goes to "
                               f"'{choice.goto}', which is not a node of this scenario", choice.ref,
                               did_you_mean(choice.goto, known) or "add a node with that id, or fix the goto")
    if len(reporter.errors) > errors_before:
        return None
    return Scenario(id=scenario_id, title=f.get("title") or scenario_id, start=start, nodes=tuple(nodes),
                    ref=ref.at(1), links=tuple(links))


def _nodes(f: Fields, lines: list[str], links: list[Link]) -> list[Node]:
    items = f.get("nodes")
    nodes: list[Node] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(items):
        at = f.ref.at(_line(items, index, f.line("nodes")))
        if not isinstance(item, LineDict):
            f.reporter.error("type", f"node {index + 1} must be a mapping (id, text, choices or ending), not "
                             f"{describe(item)}", at)
            continue
        node = _node(item, f, index, lines, links)
        if node is None:
            continue
        if node.id in seen:
            f.reporter.error("duplicate-id", f"node id '{node.id}' is used twice in this scenario", node.ref,
                             f"first used on line {seen[node.id]}")
            continue
        seen[node.id] = node.ref.line or 0
        nodes.append(node)
    return nodes


def _node(data: LineDict, f: Fields, index: int, lines: list[str], links: list[Link]) -> Node | None:
    reporter = f.reporter
    raw_id = data.get("id")
    where = f"node '{raw_id[:60]}'" if isinstance(raw_id, str) else f"node {index + 1}"
    nf = Fields(data, SCENARIO_NODE, f.ref, reporter, where)
    if nf.given("choices") and nf.given("ending"):
        reporter.error("scenario-node", f"{where} has both 'choices' and an 'ending'", nf.at("ending"),
                       "an ending has no choices: remove one of them, or split the node in two")
    text = nf.get("text")
    first = _text_line(lines, nf.line("text")) if nf.given("text") else nf.line()
    # Blank lines before the text give its tokens the lines they have in the file.
    tokens = tuple(markdown.parse("\n" * (first - 1) + text)) if text else ()
    for token in tokens:
        if token.type in ("quiz", "scenario"):
            reporter.error("scenario-content", f"{where}: a scenario cannot show a {token.type} inside its text",
                           f.ref.at(token.map[0] + 1), f"place the {token.type} in the lesson, before or after the "
                           "scenario")
    links += markdown.links(tokens, f.ref)
    choices = _choices(nf, where, links)
    if nf.get("id") is None:  # reported; the scenario is refused, its other nodes still checked
        return None
    return Node(id=nf.get("id"), text=text, tokens=tokens, choices=choices, ending=nf.get("ending"),
                ref=f.ref.at(data.line))


def _choices(nf: Fields, where: str, links: list[Link]) -> tuple[Choice, ...]:
    raw = nf.get("choices")
    choices = []
    for index, item in enumerate(raw):
        at = nf.ref.at(_line(raw, index, nf.line("choices")))
        if not isinstance(item, LineDict):
            nf.reporter.error("type", f"{where}: choice {index + 1} must be a mapping with 'text' and 'goto', not "
                              f"{describe(item)}", at)
            continue
        cf = Fields(item, SCENARIO_CHOICE, nf.ref, nf.reporter, f"{where} choice {index + 1}")
        consequence = cf.get("consequence")
        if consequence:
            links += markdown.inline_links(consequence, cf.at("consequence"))
        if cf.get("goto") is not None:  # a missing or wrong goto is reported
            choices.append(Choice(text=cf.get("text"), goto=cf.get("goto"), consequence=consequence, ref=at))
    if len(raw) > MAX_CHOICES:
        nf.reporter.error("too-many", f"{where}: 'choices' has more than {MAX_CHOICES} entries", nf.at("choices"))
    return tuple(choices)


def _text_line(lines: list[str], line: int) -> int:
    """The line a node's text starts on: the next one for a block (`text: |` or `text: >`)."""
    source = lines[line - 1] if 0 < line <= len(lines) else ""
    after = source.split(":", 1)[1].strip() if ":" in source else ""
    return line + 1 if after[:1] in ("|", ">") else line


def _short(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _line(value, index: int, default: int) -> int:
    return value.line_of(index) if isinstance(value, LineList) else default

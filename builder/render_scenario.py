"""A branching scenario as HTML, for the lesson that places it (builder/render.py calls it).

Every node is in the page, the start one shown, the others hidden; each choice is a button that
names the node it leads to by index, its consequence beside it (hidden) for the player to show.
themes/default/scripts/scenario.js does the rest: no data travels apart from the HTML.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping

from markupsafe import Markup, escape

from . import markdown
from .model import Scenario
from .theme import Theme

HEADING_SHIFT = 2  # `#` in a node's text is an h3: under the lesson's h1 and the scenario's h2


def scenario_file(scenario: Scenario) -> str:
    """The file a scenario's texts are written in: their links are relative to it."""
    return f"scenarios/{scenario.id}.yaml"


def scenario_html(scenario: Scenario, index: int, theme: Theme, t: Mapping[str, str],
                  env: Callable[[str], dict], kept: Callable[[str, str], Markup]) -> str:
    """``index``: the scenario's place in ``Course.scenario_order`` (its key in saved progress);
    ``env(prefix)``: the Markdown env for its texts, heading ids starting with ``prefix``;
    ``kept(text, html)``: ``html`` marked with the source language when a translation left ``text``
    untranslated."""
    dom = f"sc-{scenario.id}"
    number = {node.id: i for i, node in enumerate(scenario.nodes)}
    nodes = []
    for i, node in enumerate(scenario.nodes):
        node_env = env(f"{dom}-{i}-")

        def inline(text: str, given: dict = node_env) -> Markup:
            return kept(text, markdown.render_inline(text, lambda: given))

        choices = [{"text": kept(choice.text, escape(choice.text)), "goto": number[choice.goto],
                    "consequence": inline(choice.consequence) if choice.consequence else None}
                   for choice in node.choices]
        heading = Markup(escape(t["scenario_ending"]).replace("{title}", kept(node.ending, escape(node.ending)))) \
            if node.ending else None
        nodes.append({"ending": node.ending, "ending_heading": heading,
                      "html": Markup(markdown.render(list(node.tokens), node_env)), "choices": choices})
    return theme.env.get_template("scenario.html.j2").render(
        scenario=scenario, title=kept(scenario.title, escape(scenario.title)), dom=dom, index=index,
        start=number[scenario.start], nodes=nodes, t=t)

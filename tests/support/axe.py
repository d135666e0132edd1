"""axe-core (npm, tests/npm/) in a page: the accessibility violations of what it shows now."""
from __future__ import annotations

from support.npm import package_path

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def run_axe(page) -> list[dict]:
    if not page.evaluate("() => !!window.axe"):
        page.add_script_tag(content=package_path("axe-core", "axe.min.js").read_text())
    result = page.evaluate("(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    return [{"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:3]}
            for v in result["violations"]]

"""The parts of docs/*.md that are made from the code, between markers:

    <!-- generated: NAME (python -m builder.docs); do not edit -->
    ...
    <!-- /generated: NAME -->

``python -m builder.docs`` rewrites every such block; tests/test_docs.py fails when one is stale.
Generated: the completion status tables (builder/completion.py), every diagnostic code
(builder/diagnostics.py) and verify's (builder/verify/findings.py), the key tables of each
YAML file (builder/specs.py), and the item-writing rules' examples (builder/check/examples.py).
"""
from __future__ import annotations

import functools
import re
import sys
from pathlib import Path
from collections.abc import Callable

DOCS = Path(__file__).resolve().parent.parent / "docs"
BLOCK = re.compile(r"<!-- generated: (?P<name>[\w.:-]+) [^\n]*-->\n.*?<!-- /generated: (?P=name) -->", re.S)


def makers() -> dict[str, Callable[[], str]]:
    """Block name → the function that writes it."""
    from . import completion, diagnostics, specs
    from .check import examples
    from .verify import findings

    made: dict[str, Callable[[], str]] = {"status-table": completion.markdown, "codes": diagnostics.markdown,
                                          "rules": diagnostics.rules_table,
                                          "verify-codes": findings.markdown,
                                          "question-types": specs.question_types_table,
                                          "item-rules": examples.markdown}
    made.update({f"keys:{name}": functools.partial(specs.table, spec) for name, spec in specs.DOCS.items()})
    return made


def block(name: str, content: str) -> str:
    return f"<!-- generated: {name} (python -m builder.docs); do not edit -->\n{content}<!-- /generated: {name} -->"


def refresh(text: str) -> str:
    """``text`` with every generated block written again from the code."""
    made = makers()
    return BLOCK.sub(lambda match: block(match["name"], made[match["name"]]()), text)


def main() -> int:
    for path in sorted(DOCS.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        if refresh(text) != text:
            path.write_text(refresh(text), encoding="utf-8")
            print(f"updated {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Headings are how screen-reader users move through a page: a level skipped (h2 then h4)
breaks that outline. The player shows a lesson's title as h1, its objectives under an h2, and
shifts body headings down one when the body uses `#` (markdown.body_heading_shift); resource
pages keep `#` as h1."""
from __future__ import annotations

from ..markdown import body_heading_shift
from .context import Context, inline_text
from .registry import Finding, rule


@rule("heading-order")
def heading_jumps(ctx: Context):
    """A heading is more than one level deeper than the heading before it, as rendered."""
    for doc in ctx.documents():
        shift = body_heading_shift(doc.tokens) if doc.kind == "lesson" else 0
        before = (2 if doc.objectives else 1) if doc.kind == "lesson" else 0
        tokens = doc.tokens
        for i, token in enumerate(tokens):
            if token.type != "heading_open":
                continue
            level = min(int(token.tag[1]) + shift, 6)
            text = inline_text(tokens[i + 1]).strip() if i + 1 < len(tokens) else ""
            at = doc.ref.at(token.map[0] + 1 if token.map else None)
            if level > before + 1:
                wanted = "#" * (before + 1 - shift)
                after = f"h{before}" if before else "the top of the page"
                yield Finding(f"heading '{text}' jumps from {after} to h{level}", at,
                              f"make it '{wanted} {text}', one level below the heading before it")
            before = level

"""Links between the course's own pages: a `#fragment` must name a heading that exists.

The loader already refuses links to missing files; this catches the quieter failure where the
file exists but the section was renamed, so the learner lands at the top of the wrong screen.
"""
from __future__ import annotations

import posixpath
import re
from urllib.parse import unquote, urlsplit

from ..errors import did_you_mean
from ..load_course import resolve_href
from .context import Context, inline_text
from .registry import Finding, rule


def slug(text: str) -> str:
    """The anchor a heading gets in Markdown editors and on GitHub: lowercase, punctuation dropped."""
    text = re.sub(r"[^\w\- ]", "", text.strip().lower())
    return text.replace(" ", "-")


def heading_slugs(tokens) -> list[str]:
    slugs, seen = [], {}
    for i, token in enumerate(tokens):
        if token.type == "heading_open" and i + 1 < len(tokens):
            base = slug(inline_text(tokens[i + 1]))
            count = seen.get(base, 0)
            seen[base] = count + 1
            slugs.append(base if count == 0 else f"{base}-{count}")
    return slugs


@rule("anchor", "warning")
def broken_fragments(ctx: Context):
    """A link's #fragment names no heading in the page it points to."""
    pages = {doc.path: doc for doc in ctx.documents()}
    slugs = {}
    for doc in pages.values():
        for link in doc.links:
            if link.is_image or "#" not in link.href:
                continue
            parts = urlsplit(link.href)
            if parts.scheme or parts.netloc or not parts.fragment:
                continue
            target = doc.path if not parts.path else resolve_href(doc.path, link.href)
            if target not in pages:
                continue  # a file that is not Markdown (a PDF page number, say), or checked by the loader
            if target not in slugs:
                slugs[target] = heading_slugs(pages[target].tokens)
            fragment = unquote(parts.fragment)
            if fragment.lower() in slugs[target]:
                continue
            shown = "this page" if target == doc.path else f"'{posixpath.basename(target)}'"
            hint = did_you_mean("#" + fragment.lower(), ["#" + s for s in slugs[target]]) or (
                "headings there: " + ", ".join("#" + s for s in slugs[target][:8]) if slugs[target]
                else "that page has no headings; link to the page without '#...'")
            yield Finding(f"'{link.href}': {shown} has no heading '#{fragment}'", link.ref, hint)

"""Links between the course's own pages: a `#fragment` must name a heading that exists.

The loader already refuses links to missing files; this catches the quieter failure where the
file exists but the section was renamed, so the learner lands at the top of the wrong screen.
"""
from __future__ import annotations

import posixpath
from urllib.parse import unquote, urlsplit

from ..errors import did_you_mean
from ..paths import link_target
from ..markdown import heading_slugs
from .context import Context
from .registry import Finding, rule


@rule("anchor")
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
            target = doc.path if not parts.path else link_target(doc.path, link.href)
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

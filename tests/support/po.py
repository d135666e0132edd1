"""Translations for tests: PO files filled in mechanically."""
from __future__ import annotations

from pathlib import Path

import polib


BOXES = ("☐ ", "☑ ", "☒ ")  # a checklist item's box stays first, as a translator keeps it


def prefixed(text: str, prefix: str) -> str:
    """A mechanical translation of one text: the prefix before it, after a checklist item's box."""
    box = next((b for b in BOXES if text.startswith(b)), "")
    return box + prefix + text[len(box):]


def fill(po_path: Path, prefix: str) -> None:
    """A mechanical translation: every source text prefixed (Markdown left intact)."""
    po = polib.pofile(str(po_path))
    for entry in po:
        entry.msgstr = prefixed(entry.msgid, prefix)
    po.save()

"""Translations for tests: PO files filled in mechanically."""
from __future__ import annotations

from pathlib import Path

import polib


def fill(po_path: Path, prefix: str) -> None:
    """A mechanical translation: the prefix before every source text (Markdown left intact)."""
    po = polib.pofile(str(po_path))
    for entry in po:
        entry.msgstr = prefix + entry.msgid
    po.save()

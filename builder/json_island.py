"""JSON for the player's scripts: inline in a page (a "JSON island") or as a script file."""
from __future__ import annotations

import json
from typing import Any


def json_island(data: Any, in_html: bool = True) -> str:
    """``data`` as compact JSON a script can hold: the line and paragraph separators, which older
    JavaScript reads as line ends, are escaped, and inside an HTML <script> element (``in_html``)
    so is "<", so that no "</script>" in a text can end the element early."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return text.replace("<", "\\u003c") if in_html else text

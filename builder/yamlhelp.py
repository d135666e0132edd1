"""YAML mistakes that authors make, explained in words that fit them.

The parser's own words point the wrong way for the usual slips: quotation marks inside quoted
text give "did not find expected key", and a list item indented one space too far is not an error
at all, YAML just joins it to the item above. builder/yamlsrc.py asks here what to say.
"""
from __future__ import annotations

import re
from typing import NamedTuple

# A value as a line starts it: an optional list dash, an optional key, then the value.
_VALUE = re.compile(r"^\s*(?:-\s+)*(?:[^\s\"'#][^:#]*:\s+)?(?P<value>.*)$")
SHORT_LINE = 60  # a list item whose lines are all shorter than this was not wrapped prose


class Help(NamedTuple):
    message: str
    hint: str
    col: int | None = None  # 1-based


def quotes_inside_quotes(lines: list[str], line: int, column: int) -> Help | None:
    """The parser stopped (0-based ``line``, ``column``) just after a quote that closed a quoted
    text early, because the text itself holds the same quote: say so, and how to write it."""
    if not 0 <= line < len(lines) or column < 1:
        return None
    text = lines[line]
    value = _VALUE.match(text).group("value")  # type: ignore[union-attr]  # the pattern matches any line
    quote = value[:1]
    if quote not in ("'", '"') or column > len(text) or text[column - 1] != quote:
        return None
    inner = value.rstrip()[1:-1] if len(value.rstrip()) > 1 and value.rstrip()[-1] == quote else None
    if quote == '"':
        fixed = f"'{inner}'" if inner and "'" not in inner else "'I said \"no\"'"
        return Help("the text in double quotes ends at the second '\"', so the rest of the line is not "
                    "understood", f"to show quotation marks in a text, put single quotes around it ({fixed}), "
                    "use typographic quotes (“no”), or write the key with '|' and the text on the next line, "
                    "indented", column)
    fixed = f"\"{inner}\"" if inner and '"' not in inner else "\"It's fine\""
    return Help("the text in single quotes ends at the apostrophe, so the rest of the line is not understood",
                f"put double quotes around the text ({fixed}), write each apostrophe twice inside single quotes "
                "('It''s fine'), or use the typographic apostrophe (It’s fine)", column)


def joined_item(lines: list[str], first: int, last: int, others_single: bool,
                offset: int = 0) -> tuple[str, int, Help] | None:
    """A plain list item that YAML read over lines ``first``..``last`` (0-based): an error when a
    line it swallowed starts with '- ' (an item indented too far), a warning when it looks like two
    short items joined. ("error" | "warning", 1-based line, help), or None when it reads as prose.
    ``offset``: lines of the file before the text (a lesson's front matter starts on line 2)."""
    above = lines[first]
    shown = first + 1 + offset
    for number in range(first + 1, last + 1):
        if lines[number].lstrip().startswith("- "):
            dash = above.index("-") + 1 if "-" in above else None
            return "error", number + 1, Help(
                f"this '- ' item is indented more than the item on line {shown}, so YAML reads both as one "
                "text", f"start it at the same column as the '-' on line {shown}"
                + (f" (column {dash})" if dash else ""))
    if others_single and all(len(lines[n].strip()) < SHORT_LINE for n in range(first, last + 1)):
        return "warning", first + 1, Help(
            f"this list item goes on over {last - first + 1} lines, which YAML joins into one text",
            "if it is two items, start each with '- ' at the same column; if it is one, keep it on one line")
    return None

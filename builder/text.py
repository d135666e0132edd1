"""Reading a course's text files: UTF-8 (a byte-order mark is accepted, as Windows editors write
one), and none of the control characters that XML and HTML forbid. Such a character is invisible
in most editors, breaks the manifest (lxml refuses it) and, printed back in a diagnostic, could
drive the author's terminal: each is reported at its line and column."""
from __future__ import annotations

import re
from pathlib import Path

from .errors import Reporter, SourceRef

# C0 controls but tab, line feed and carriage return; DEL and the C1 controls; the two
# non-characters XML excludes. (Decoded UTF-8 holds no lone surrogates.)
INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
MAX_REPORTED = 5  # per file: one invisible character pasted many times needs one fix


def describe_char(char: str) -> str:
    return f"U+{ord(char):04X}"


def invalid_characters(text: str, limit: int = MAX_REPORTED) -> list[tuple[int, int, str]]:
    """(line, column, character) of the first ``limit`` forbidden characters, both 1-based."""
    found: list[tuple[int, int, str]] = []
    for match in INVALID.finditer(text):
        if len(found) == limit:
            break
        line = text.count("\n", 0, match.start()) + 1
        col = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
        found.append((line, col, match.group(0)))
    return found


def report_invalid(text: str, ref: SourceRef, reporter: Reporter, line_offset: int = 0) -> bool:
    """Report the forbidden characters of ``text`` (lines counted from ``ref``'s file start plus
    ``line_offset``); True when there were any."""
    found = invalid_characters(text)
    for line, col, char in found:
        reporter.error("control-character", f"control character {describe_char(char)} is not allowed in text",
                       ref.at(line + line_offset, col),
                       "delete it: it is invisible in most editors, and XML and HTML forbid it")
    return bool(found)


def read_source(path: Path, reporter: Reporter) -> str | None:
    """A course text file's content, or None after reporting why it cannot be used."""
    ref = SourceRef(path)
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        reporter.error("encoding", f"file is not UTF-8 text ({exc.reason})", ref.at(1), "save it as UTF-8")
        return None
    except OSError as exc:
        reporter.error("unreadable", f"cannot read the file ({exc.strerror or exc})", ref,
                       "check that it is a file you can read")
        return None
    if report_invalid(text, ref, reporter):
        return None
    return text

"""Markdown that parsed, but not into what its author meant: learners would see the raw syntax.

CommonMark never fails: a link whose path has a space is plain text, an unclosed `:::` callout
swallows the rest of the file, a misspelt callout kind is a paragraph that starts with `:::`. These
look at a file's tokens (and its source lines, to tell a typed slip from an escaped one) and say
what went wrong, at the line where it starts, with the fix.

    for slip in slips(tokens, text):   # Slip(line, code, message, hint, meant)
        reporter.error(slip.code, slip.message, ref.at(slip.line), slip.hint)
"""
from __future__ import annotations

import re
from typing import NamedTuple

from .errors import did_you_mean
from .markdown import CALLOUT_KINDS, callout


class Slip(NamedTuple):
    line: int  # 1-based, in the file
    code: str  # "not-a-link" | "callout"
    message: str
    hint: str
    meant: str | None = None  # the path a failed link or image meant (as written), so it is not "unused"
    image: bool = False


# `[text](target)` or `![alt](target)` left as text: the label may wrap over lines, the target not.
_LINK_TEXT = re.compile(r"(!?)\[([^\]]*)\]\(([^)\n]*)\)")
_COLONS = re.compile(r"^(:{3,})\s*(\S*)(.*)$")


def slips(tokens, text: str) -> list[Slip]:
    """Every link, image or callout of one Markdown file that did not parse as one."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[-1] == "":  # the end of the last line, not a line
        lines.pop()
    return sorted(_links(tokens, lines) + _callouts(tokens, lines), key=lambda s: (s.line, s.code))


# -- links and images written as text -------------------------------------------------------------
def _links(tokens, lines: list[str]) -> list[Slip]:
    found = []
    for token in tokens:
        if token.type != "inline" or not token.map or "](" not in token.content:
            continue
        first, last = token.map
        source = "\n".join(lines[first:last])
        for start, written in _texts(token):
            for match in _LINK_TEXT.finditer(written):
                if match.group(0) not in source:  # escaped (\[...\]): the author meant the brackets
                    continue
                line = first + 1 + start + written.count("\n", 0, match.start())
                found.append(_link_slip(line, *match.groups()))
    return found


def _texts(token):
    """Runs of plain text of an inline token, each with the number of lines before it."""
    run: list[str] = []
    newlines = at = 0
    for child in token.children or ():
        if child.type == "text":
            run.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            run.append("\n")
            newlines += 1
        else:
            if run:
                yield at, "".join(run)
            run, at = [], newlines
    if run:
        yield at, "".join(run)


def _link_slip(line: int, bang: str, label: str, target: str) -> Slip:
    kind = "an image" if bang else "a link"
    written = f"{bang}[{label}]({target})"
    path = target.strip()
    shown = written if len(written) <= 80 else written[:79] + "…"
    if "\\" in path:
        fixed = path.replace("\\", "/")
        return Slip(line, "not-a-link", f"'{shown}' is not {kind}: Markdown does not read a path with '\\'",
                    f"use '/' between folders: {bang}[{label}]({_bracketed(fixed)})", fixed, bool(bang))
    if " " in path and not path.startswith("<"):
        return Slip(line, "not-a-link", f"'{shown}' is not {kind}: Markdown does not read a path with spaces",
                    f"a path with spaces must be written {bang}[{label}](<{path}>), or the file renamed, "
                    f"e.g. to {path.rsplit('/', 1)[-1].replace(' ', '-')}", path, bool(bang))
    return Slip(line, "not-a-link", f"'{shown}' is not {kind}: Markdown could not read it",
                "check its brackets and its path: [text](path), ![alt text](path)", path or None, bool(bang))


def _bracketed(path: str) -> str:
    return f"<{path}>" if " " in path else path


# -- ::: callouts ---------------------------------------------------------------------------------
def _callouts(tokens, lines: list[str]) -> list[Slip]:
    found = []
    stack: list = []  # the callouts open around the current token
    unknown_open = 0  # ':::' lines after an unknown kind close it: not worth a second message
    for token in tokens:
        if token.type.startswith("container_") and token.nesting == 1:
            slip = _unclosed(token, stack[-1] if stack else None, lines)
            if slip is not None:
                found.append(slip)
            stack.append(token)
        elif token.type.startswith("container_") and token.nesting == -1:
            if stack:
                stack.pop()
        elif token.type == "inline" and token.map and ":::" in token.content:
            for offset, text in enumerate(token.content.split("\n")):
                match = _COLONS.match(text.strip())
                if match is None:
                    continue
                line = token.map[0] + 1 + offset
                colons, word = match.group(1), match.group(2)
                if word:
                    unknown_open += 1
                    kinds = "the callouts are " + ", ".join(f"'::: {k}'" for k in CALLOUT_KINDS)
                    near = did_you_mean(word, CALLOUT_KINDS)
                    found.append(Slip(line, "callout", f"'{colons} {word}' is not a callout, so learners would see "
                                      "this line as text", f"{near} {kinds}" if near else kinds))
                elif unknown_open:
                    unknown_open -= 1
                else:
                    found.append(Slip(line, "callout", f"'{colons}' closes no callout, so learners would see it "
                                      "as text", "remove it, or open the callout above it with "
                                      + ", ".join(f"'::: {k}'" for k in CALLOUT_KINDS)))
    return found


def _unclosed(token, parent, lines: list[str]) -> Slip | None:
    """A callout whose block ended without its own closing ':::' line."""
    start, end = token.map
    kind = callout(token)[0]
    opening = f"{token.markup} {kind}"
    closer = lines[end].strip() if end < len(lines) else ""
    own_closer = closer.startswith(token.markup) and not closer.strip(":")
    if own_closer and (parent is None or parent.map[1] != end):
        return None
    if end >= len(lines):
        return Slip(start + 1, "callout", f"'{opening}' is never closed: everything after it, to the end of the "
                    "file, is inside the callout", f"add a line '{token.markup}' where the callout ends")
    if parent is not None and parent.map[1] == end and len(token.markup) >= len(parent.markup):
        # The outer callout took this one's closing line: it is the outer one that is not closed.
        outer = f"{parent.markup} {callout(parent)[0]}"
        return Slip(parent.map[0] + 1, "callout", f"'{outer}' is not closed before '{opening}' on line {start + 1}, "
                    f"so that callout and what comes between are inside it",
                    f"add a line '{parent.markup}' where it ends; to put one callout inside another, open the outer "
                    f"one with more colons ('{parent.markup}:')")
    return Slip(start + 1, "callout", f"'{opening}' is not closed before line {end + 1}",
                f"add a line '{token.markup}' where the callout ends")

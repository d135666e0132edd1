"""One lesson or resource page on its own: what the file says, before any other file is looked at.

These are pure functions of one file, which is what lets the preview keep them between rebuilds
(builder/cache.py); everything that involves other files (quizzes placed, links followed) is the
loader's (builder/load.py).
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

from . import markdown
from .markdown_slips import slips
from .errors import Reporter, SourceRef
from .fields import Fields
from .local import token_blocks
from .model import Link
from .specs import FRONT_MATTER
from .text import read_source
from .yamlsrc import LineDict, load_yaml


class ParsedLesson(NamedTuple):
    title: str
    objectives: tuple[str, ...]
    duration: int | None
    tokens: tuple
    quiz_refs: tuple[tuple[str, SourceRef], ...]  # `::: quiz <id>` lines, in order
    links: tuple[Link, ...]
    ref: SourceRef
    meant: tuple[Link, ...] = ()  # links and images written as text (reported): what they pointed at
    scenario_refs: tuple[tuple[str, SourceRef], ...] = ()  # `::: scenario <id>` lines, in order
    local_blocks: tuple[tuple[str, SourceRef], ...] = ()  # `::: local <name>` blocks (builder/local.py)
    split: str | None = None  # front matter `split:` ("sections")


class ParsedResource(NamedTuple):
    title: str
    tokens: tuple
    links: tuple[Link, ...]
    ref: SourceRef
    meant: tuple[Link, ...] = ()
    local_blocks: tuple[tuple[str, SourceRef], ...] = ()


def parse_lesson(path: Path, rel: str, reporter: Reporter) -> ParsedLesson | None:
    ref = SourceRef(path)
    text = read_source(path, reporter)
    if text is None:
        return None
    tokens = _parse_markdown(text, ref, reporter)
    meant = _slips(tokens, text, ref, reporter)
    meta = _front_matter(tokens, text, ref, reporter)
    # A broken front matter is reported; the body is still read, so the quizzes, files and pages it
    # uses are not also reported as unused (the course has an error, so it is not built).
    f = Fields(meta, FRONT_MATTER, ref, reporter) if meta is not None else None
    title = (f.get("title") if f else None) or rel
    quiz_refs = []
    for token in tokens:
        if token.type == "quiz":
            at = ref.at(token.map[0] + 1)
            if not token.info:
                reporter.error("quiz-ref", "'::: quiz' needs a quiz id", at, "write '::: quiz <quiz-id>'")
                continue
            quiz_refs.append((token.info, at))
        elif token.type == "all_resources":
            reporter.error("all-resources", "'::: all-resources' gathers the toolkit pages into one printable page, so "
                           "it belongs in a resource page, not a lesson", ref.at(token.map[0] + 1),
                           "put it in a page such as resources/whole-toolkit.md and link that page from a lesson")
    scenario_refs = tuple((token.info, ref.at(token.map[0] + 1)) for token in tokens if token.type == "scenario")
    return ParsedLesson(title=title, objectives=f.get("objectives") if f else (), duration=f.get("duration") if f
                        else None, tokens=tuple(tokens),
                        quiz_refs=tuple(quiz_refs), links=markdown.links(tokens, ref), ref=ref.at(1), meant=meant,
                        scenario_refs=scenario_refs,
                        local_blocks=token_blocks(tokens, ref, reporter, text),
                        split=f.get("split") if f else None)


def parse_resource(path: Path, reporter: Reporter) -> ParsedResource | None:
    ref = SourceRef(path)
    text = read_source(path, reporter)
    if text is None:
        return None
    tokens = _parse_markdown(text, ref, reporter)
    meant = _slips(tokens, text, ref, reporter)
    for token in tokens:
        if token.type in ("quiz", "scenario"):  # the page would show nothing in their place
            reporter.error("lesson-only", f"'::: {token.type}' shows only in a lesson, not in a resource page",
                           ref.at(token.map[0] + 1),
                           f"place the {token.type} in a lesson; a resource page opens in a window of its own, "
                           "outside the course, where answers would not count")
    title = markdown.page_title(tokens) or path.stem.replace("-", " ").capitalize()
    return ParsedResource(title=title, tokens=tuple(tokens), links=markdown.links(tokens, ref), ref=ref.at(1),
                          meant=meant, local_blocks=token_blocks(tokens, ref, reporter, text))


def _parse_markdown(text: str, ref: SourceRef, reporter: Reporter) -> list:
    lost: list[int] = []
    tokens = markdown.parse(text, lost)
    for line in lost:
        reporter.error("too-deep", f"text nested more than {markdown.MAX_NESTING} levels deep (quotes, lists, "
                       "callouts) would not be shown", ref.at(line), "nest less deeply")
    return tokens


def _slips(tokens, text: str, ref: SourceRef, reporter: Reporter) -> tuple[Link, ...]:
    """Report links, images and callouts that did not parse as such; the paths the links meant."""
    meant = []
    for slip in slips(tokens, text):
        if slip.code == "callout":
            reporter.error("callout", slip.message, ref.at(slip.line), slip.hint)
        else:
            reporter.error("not-a-link", slip.message, ref.at(slip.line), slip.hint)
        if slip.meant:
            meant.append(Link(href=slip.meant, ref=ref.at(slip.line), is_image=slip.image))
    return tuple(meant)


def _front_matter(tokens, text: str, ref: SourceRef, reporter: Reporter) -> LineDict | None:
    lines = text.splitlines()
    if (not tokens or tokens[0].type != "front_matter") and lines and lines[0].rstrip() == "---":
        keys = 1  # the front matter's keys go on while lines look like YAML: 'key: ...', indented, '- '
        while keys < len(lines) and re.match(r"^(\s+\S|[\w-]+:(\s|$)|-\s|#)", lines[keys]):
            keys += 1
        reporter.error("front-matter", "the front matter that starts on line 1 has no closing '---' line, so the "
                       "lesson has no title", ref.at(1), f"add a line '---' after line {keys}, where its keys end")
        return None
    if not tokens or tokens[0].type != "front_matter":
        reporter.error("front-matter", "a lesson starts with front matter between '---' lines", ref.at(1),
                       "add '---', 'title: ...', '---' at the top")
        return None
    data = load_yaml(tokens[0].content, ref, reporter, line_offset=1)
    if data is None and tokens[0].content.strip():
        return None
    if not isinstance(data, LineDict):
        reporter.error("front-matter", "front matter must be keys such as 'title: ...'", ref.at(2))
        return None
    return data

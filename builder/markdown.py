"""The Markdown dialect of a lesson: CommonMark + front matter, tables, `::: quiz id`,
`::: scenario id`, callouts.

Parsing happens once in the loader (tokens keep file-absolute line numbers because the
front matter is parsed in the same pass); rendering reuses the tokens with an `env` that
carries how links resolve and how a quiz is drawn.
"""
from __future__ import annotations

import functools
import re
from html import escape
from collections.abc import Callable
from typing import Any

from markdown_it import MarkdownIt
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from .errors import SourceRef
from .model import Link
from .paths import AUDIO_EXT, VIDEO_EXT

CALLOUT_KINDS = ("note", "tip", "warning", "scenario")
LOCAL = "local"  # `::: local <name>`: text a National Society may replace (builder/local.py)
QUIZ_LINE = re.compile(r"^:{3,}\s*quiz\b(.*)$")
# `::: scenario <id>` places a scenario: one word that is an id (lowercase); `::: scenario A title`
# (words, capitals) stays the callout of that kind.
SCENARIO_LINE = re.compile(r"^:{3,}\s*scenario[ \t]+([a-z0-9][a-z0-9_.-]*)[ \t]*$")
# `::: all-resources` in a resource page: every toolkit page linked from a lesson, in its place.
ALL_RESOURCES_LINE = re.compile(r"^:{3,}\s*all-resources()[ \t]*$")


def _placement(pattern: re.Pattern, kind: str):
    """A block rule for a line of its own that places a quiz or a scenario (``kind``), its id in
    the token's info (an immediate closing `:::` line is accepted)."""
    def rule(state, start_line: int, end_line: int, silent: bool) -> bool:
        if state.is_code_block(start_line):
            return False
        begin = state.bMarks[start_line] + state.tShift[start_line]
        line = state.src[begin:state.eMarks[start_line]].rstrip()
        match = pattern.match(line)
        if not match:
            return False
        if silent:
            return True
        next_line = start_line + 1
        if next_line < end_line:
            nbegin = state.bMarks[next_line] + state.tShift[next_line]
            if re.fullmatch(r":{3,}\s*", state.src[nbegin:state.eMarks[next_line]]):
                next_line += 1
        token = state.push(kind, "div", 0)
        token.info = match.group(1).strip()
        token.map = [start_line, next_line]
        token.block = True
        state.line = next_line
        return True
    return rule


def callout(token) -> tuple[str, str | None]:
    """A callout's kind and the title written after it (`::: tip Before you start`), or None."""
    words = token.info.strip().split(None, 1)
    return (words[0] if words else "note"), (words[1].strip() if len(words) == 2 else None)


def _render_callout(self, tokens, idx, options, env):
    token = tokens[idx]
    if token.nesting == -1:
        return "</div></aside>\n"
    kind, title = callout(token)
    title = title if title is not None else env.get("callout_titles", {}).get(kind, "")
    label = f'<p class="callout-title">{escape(title)}</p>' if title else ""
    return f'<aside class="callout callout-{kind}">{label}<div class="callout-body">\n'


def _callout_validator(kind: str):
    def validate(params: str, *args) -> bool:
        words = params.strip().split(None, 1)
        return bool(words) and words[0] == kind
    return validate


def _local_tokens(state) -> None:
    """`::: local <name>` blocks become ``local_open`` (info: the name as written) and
    ``local_close`` tokens: not callouts, so nothing takes the name for a title to show,
    translate or check."""
    for token in state.tokens:
        if token.type == f"container_{LOCAL}_open":
            token.type = "local_open"
            token.info = token.info.strip()[len(LOCAL):].strip()
        elif token.type == f"container_{LOCAL}_close":
            token.type = "local_close"


# How a checklist item may start: a box, or GitHub's task-list marks, which show as boxes.
BOXES = {"[ ] ": "☐ ", "[x] ": "☑ ", "[X] ": "☑ ", "☐": "☐", "☑": "☑", "☒": "☒"}
GLYPHS = ("☐", "☑", "☒")  # how a checklist item starts once read


def _checklists(state) -> None:
    """A bullet list whose every item starts with a box (☐ ☑ ☒, or `[ ]` and `[x]`, written as ☐
    and ☑) is a checklist: class "checklist", so pages and printed sheets show the boxes without
    bullets in front of them."""
    tokens = state.tokens
    for index, token in enumerate(tokens):
        if token.type != "bullet_list_open":
            continue
        firsts = _item_first_lines(tokens, index)
        marks = [box_mark(line.children[0].content) if line.children and line.children[0].type == "text" else None
                 for line in firsts]  # as read: `[x]` may be a link to a reference `[x]: ...`
        if not firsts or None in marks:
            continue
        token.attrJoin("class", "checklist")
        for line in firsts:
            line.content = boxed(line.content)
            line.children[0].content = boxed(line.children[0].content)


def box_mark(text: str) -> str | None:
    """The box a checklist item's text starts with, as written (`[ ] `, `☐`...), or None."""
    return next((mark for mark in BOXES if text.startswith(mark)), None)


def boxed(text: str) -> str:
    """A checklist item's text with its `[ ]` or `[x]` written as the box it stands for."""
    mark = box_mark(text)
    return BOXES[mark] + text[len(mark):] if mark is not None else text


def _item_first_lines(tokens, start: int) -> list:
    """The inline token of each item's first paragraph, for the list opened at ``start``."""
    level, found, index = tokens[start].level, [], start + 1
    while index < len(tokens) and not (tokens[index].type == "bullet_list_close" and tokens[index].level == level):
        token = tokens[index]
        if token.type == "list_item_open" and token.level == level + 1:
            following = tokens[index + 1:index + 3]
            inline = following[1] if len(following) == 2 and following[0].type == "paragraph_open" else None
            if inline is None or inline.type != "inline":
                return []  # an item that starts with something else than a line of text
            found.append(inline)
        index += 1
    return found


def _render_local(self, tokens, idx, options, env):
    return ""  # the block's text shows as if written in its place; builder/local.py swaps it


def _render_quiz(self, tokens, idx, options, env):
    draw = env.get("draw_quiz")
    return draw(tokens[idx].info) if draw else ""


def _render_all_resources(self, tokens, idx, options, env):
    draw = env.get("draw_all_resources")
    return draw() if draw else ""


def _render_scenario(self, tokens, idx, options, env):
    draw = env.get("draw_scenario")
    return draw(tokens[idx].info) if draw else ""


def _render_link_open(self, tokens, idx, options, env):
    token = tokens[idx]
    href = token.attrGet("href") or ""
    resolve = env.get("resolve_link")
    attrs = resolve(href) if resolve else {"href": href}
    text = "".join(f' {name}="{escape(str(value))}"' for name, value in attrs.items() if value is not None)
    env.setdefault("_new_window", []).append("target" in attrs)
    return f"<a{text}>"


def _render_link_close(self, tokens, idx, options, env):
    """Links that open a new window say so to screen readers (WCAG 3.2.5 advice)."""
    stack = env.get("_new_window") or [False]
    if stack.pop() and env.get("new_window_label"):
        return f'<span class="visually-hidden"> {escape(env["new_window_label"])}</span></a>'
    return "</a>"


def _render_image(self, tokens, idx, options, env):
    token = tokens[idx]
    src = token.attrGet("src") or ""
    alt = self.renderInlineAsText(token.children or [], options, env)
    resolve = env.get("resolve_media")
    media: dict[str, Any] = resolve(src) if resolve else {"src": src, "tracks": ()}
    target = media["src"]
    title = token.attrGet("title")
    lower = src.lower().split("?")[0]
    if lower.endswith(VIDEO_EXT + AUDIO_EXT):
        tag = "video" if lower.endswith(VIDEO_EXT) else "audio"
        tracks = "".join(
            f'<track kind="captions" src="{escape(t["src"])}" srclang="{escape(t["lang"])}" label="{escape(t["label"])}"{" default" if i == 0 else ""}>'
            for i, t in enumerate(media.get("tracks") or [])
        )
        return (f'<{tag} controls preload="none" src="{escape(target)}" aria-label="{escape(alt)}">'
                f"{tracks}</{tag}>")
    title_attr = f' title="{escape(title)}"' if title else ""
    return f'<img src="{escape(target)}" alt="{escape(alt)}"{title_attr} loading="lazy" decoding="async">'


def _render_table_open(self, tokens, idx, options, env):
    # Wide tables scroll inside their own box on phones instead of widening the page.
    return '<div class="table-wrap" role="region" tabindex="0" aria-label="' + escape(env.get("table_label", "Table")) + '"><table>\n'


def _render_table_close(self, tokens, idx, options, env):
    return "</table></div>\n"


def _render_heading(self, tokens, idx, options, env):
    """The screen title is the only h1: when a lesson body uses `#`, its headings move down one.
    Each heading gets an id (prefixed per screen) so `lesson.md#section` links can land on it."""
    token = tokens[idx]
    level = min(int(token.tag[1]) + env.get("heading_shift", 0), 6)
    if token.nesting == -1:
        return f"</h{level}>\n"
    anchor = _numbered(slugify(heading_text(tokens[idx + 1])) if idx + 1 < len(tokens) else "",
                       env.setdefault("_slugs", {}))
    extra = "".join(f' {name}="{escape(str(value))}"' for name, value in (token.attrs or {}).items())
    return f'<h{level} id="{escape(env.get("id_prefix", "") + anchor)}"{extra}>'


def slugify(text: str) -> str:
    """The anchor a heading gets in Markdown editors and on GitHub: lowercase, punctuation dropped."""
    text = re.sub(r"[^\w\- ]", "", text.strip().lower())
    return text.replace(" ", "-")


def heading_text(inline_token) -> str:
    if "anchor_text" in inline_token.meta:  # a translated heading keeps its source anchor
        return inline_token.meta["anchor_text"]
    return "".join(c.content for c in inline_token.children or () if c.type in ("text", "code_inline"))


def _numbered(base: str, seen: dict[str, int]) -> str:
    """A heading's anchor, numbered like GitHub's when the same text came before (``seen``)."""
    count = seen.get(base, 0)
    seen[base] = count + 1
    return base if count == 0 else f"{base}-{count}"


def heading_slugs(tokens) -> list[str]:
    """Anchors of a document's headings, in order, as the renderer gives them."""
    seen: dict[str, int] = {}
    return [_numbered(slugify(heading_text(tokens[i + 1])), seen)
            for i, token in enumerate(tokens) if token.type == "heading_open" and i + 1 < len(tokens)]


def page_title(tokens) -> str | None:
    """A resource page's title: the text of its first `#` heading, if it has one."""
    return next((tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == "h1"),
                None)


def body_heading_shift(tokens) -> int:
    """1 when a lesson body has `#` headings (they would compete with the screen title), else 0."""
    return 1 if any(t.type == "heading_open" and t.tag == "h1" for t in tokens) else 0


def _guard_nesting(md: MarkdownIt) -> None:
    """markdown-it drops, without a word, every block nested deeper than maxNesting. Note the
    line where that starts (``env["lost"]``), so the loader can say so instead."""
    tokenize = md.block.tokenize

    def guarded(state, start_line: int, end_line: int) -> None:
        if state.level >= md.options.maxNesting:
            line = state.skipEmptyLines(start_line)
            if line < end_line and state.sCount[line] >= state.blkIndent and "lost" in state.env:
                state.env["lost"].append(line + 1)
        tokenize(state, start_line, end_line)

    md.block.tokenize = guarded  # type: ignore[method-assign,assignment]  # markdown-it-py offers no hook here


@functools.cache
def make_md() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "typographer": False})
    # Every link and image reaches the loader, which refuses what the path policy does not allow
    # (builder/paths.py) with a located error; markdown-it's own filter would turn a
    # `javascript:` link into plain text without a word.
    md.validateLink = lambda url: True  # type: ignore[method-assign]  # its documented way to allow every link
    _guard_nesting(md)
    md.enable("table")
    md.use(front_matter_plugin)
    for kind, pattern in (("quiz", QUIZ_LINE), ("scenario", SCENARIO_LINE),  # the scenario line before its callout
                          ("all_resources", ALL_RESOURCES_LINE)):
        md.block.ruler.before("fence", kind, _placement(pattern, kind),
                              {"alt": ["paragraph", "reference", "blockquote", "list"]})
    for kind in CALLOUT_KINDS:
        container_plugin(md, kind, validate=_callout_validator(kind), render=_render_callout)
    container_plugin(md, LOCAL, validate=_callout_validator(LOCAL))
    md.core.ruler.push("local", _local_tokens)
    md.core.ruler.push("checklist", _checklists)
    md.add_render_rule("local_open", _render_local)
    md.add_render_rule("local_close", _render_local)
    md.add_render_rule("quiz", _render_quiz)
    md.add_render_rule("scenario", _render_scenario)
    md.add_render_rule("all_resources", _render_all_resources)
    md.add_render_rule("link_open", _render_link_open)
    md.add_render_rule("link_close", _render_link_close)
    md.add_render_rule("image", _render_image)
    md.add_render_rule("table_open", _render_table_open)
    md.add_render_rule("table_close", _render_table_close)
    md.add_render_rule("heading_open", _render_heading)
    md.add_render_rule("heading_close", _render_heading)
    return md


MAX_NESTING = 20  # markdown-it's "commonmark" maxNesting: quotes, lists and callouts inside each other


def parse(text: str, lost: list[int] | None = None):
    """Tokens of a Markdown file; ``lost`` gets the lines where content nested too deep starts."""
    return make_md().parse(text, {"lost": lost if lost is not None else []})


def links(tokens, ref: SourceRef) -> tuple[Link, ...]:
    """Every link and image in Markdown tokens, with its line; the loader follows them afterwards."""
    return tuple(_link(child, ref.at(line)) for child, line in iter_inline(tokens)
                 if child.type in ("link_open", "image"))


def inline_links(text: str, ref: SourceRef) -> tuple[Link, ...]:
    """Links and images of one text of inline Markdown (a quiz prompt, an option, a feedback),
    all at ``ref``: the line of the YAML value that holds the text."""
    if _INLINE_SYNTAX.search(text) is None:
        return ()
    return tuple(_link(child, ref) for token in make_md().parseInline(text, {}) for child in token.children or ()
                 if child.type in ("link_open", "image"))


def _link(token, ref: SourceRef) -> Link:
    if token.type == "link_open":
        return Link(href=token.attrGet("href") or "", ref=ref, is_image=False)
    alt = "".join(c.content for c in token.children or [])
    return Link(href=token.attrGet("src") or "", ref=ref, is_image=True, text=alt)


def render(tokens, env: dict) -> str:
    md = make_md()
    return md.renderer.render(tokens, md.options, env)


# Characters that can start inline Markdown (escapes, code, emphasis, links, images, autolinks,
# entities, line breaks); a text without any renders as itself, escaped.
_INLINE_SYNTAX = re.compile(r"[\\`*_\[\]!<&\n\r\x00]")
_HTML_ESCAPES = str.maketrans({">": "&gt;", '"': "&quot;"})


def render_inline(text: str, env: Callable[[], dict]) -> str:
    """One line of inline Markdown as HTML (a quiz prompt, an option, a feedback); ``env()``
    gives the render env when one is needed.

    Most such texts are plain sentences: those skip the parser (a third of a large build's
    rendering time) and give exactly what markdown-it gives them."""
    if _INLINE_SYNTAX.search(text) is None:
        return text.translate(_HTML_ESCAPES)
    return make_md().renderInline(text, env())


def iter_inline(tokens):
    """Every inline child token with the block line it sits on (1-based, file-absolute)."""
    for token in tokens:
        if token.type == "inline" and token.children:
            line = token.map[0] + 1 if token.map else None
            for child in token.children:
                yield child, line
                if line is not None and child.type in ("softbreak", "hardbreak"):
                    line += 1

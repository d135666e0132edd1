"""National Society local contacts: `::: local <name>` blocks and the `--local` file that fills them.

A lesson, a resource page or a quiz text marks text a National Society may replace:

    ::: local urgent-help
    Default text (Markdown), shown when no local file is given.
    :::

``coursebuilder build|check|preview --local contacts.yaml`` replaces each block by the file's
entry of the same name: one text for every language, or one text per language built::

    urgent-help: |
      **Urgent help in Kenya:** call [1199](tel:1199) (Kenya Red Cross).
    referral-map:
      en: ...
      fr: ...

    local = read_local(Path("contacts.yaml"))     # AuthoringError lists every problem of the file
    course = localize(course, local, reporter)    # after translate: the entries in course.language

The local file is untrusted input like a course (docs/security.md): read with the safe YAML
loader, bounded in size, and its texts may name no file (no images, no relative links; web,
``mailto:`` and ``tel:`` links only). The localized course carries the chosen texts in
``Course.local``; the renderer swaps them in (``expand``, ``expand_text``). Nothing else about
the file (its name, its path) reaches a package.
"""
from __future__ import annotations

import dataclasses
import os
import re
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from collections.abc import Mapping
from urllib.parse import urlsplit

from . import markdown
from .catalogue import primary
from .errors import AuthoringError, Diagnostic, Reporter, SourceRef, did_you_mean
from .fields import ID_RULE, describe, is_id, is_language_tag, short
from .model import Course
from .paths import PathProblem, is_file, parse_href
from .text import read_source
from .yamlsrc import LineDict, load_yaml

MAX_BYTES = 256 * 1024  # a contacts file is a page or two; a bigger one is a mistake or an attack
MAX_ENTRIES = 200
MAX_TEXT = 20_000  # characters of one entry's text
ONE_TEXT = ""  # the language key of an entry given as one text for every language
Blocks = tuple  # ((name, where the block is written), ...)

# A `::: local <name>` block inside a quiz text (inline Markdown): the opening line, the default
# text, and a closing `:::` line (or the end of the text).
_TEXT_BLOCK = re.compile(r"^[ \t]*:{3,}[ \t]*local(?:[ \t]+(?P<name>[^\n]*?))?[ \t]*(?:\n|\Z)"
                         r"(?P<body>.*?)(?:^[ \t]*:{3,}[ \t]*$\n?|\Z)", re.M | re.S)
_BLOCK_HINT = "write '::: local <name>' on a line of its own, e.g. '::: local urgent-help', then the default text and ':::'"


@dataclass(frozen=True)
class Entry:
    name: str
    texts: Mapping[str, str]  # language tag → Markdown; ONE_TEXT: the same text in every language
    ref: SourceRef  # where the entry's value starts


@dataclass(frozen=True)
class LocalFile:
    path: Path
    entries: Mapping[str, Entry]


# -- blocks in a course ------------------------------------------------------------------------
def token_blocks(tokens, ref: SourceRef, reporter: Reporter, text: str = "") -> Blocks:
    """The `::: local` blocks of a Markdown file's tokens (``text``: the file's source), each name
    checked at its line, and each closed by a `:::` line of its own."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n") if text else None
    found = []
    open_at: SourceRef | None = None
    for token in tokens:
        if token.type == "local_close":
            open_at = None
        elif token.type == "local_open":
            at = ref.at(token.map[0] + 1 if token.map else None)
            if open_at is not None:
                reporter.error("local", "a '::: local' block inside another one", at,
                               f"close the block opened on line {open_at.line} with ':::' first")
            open_at = at
            if lines is not None and token.map and not _closed(token, lines):
                reporter.error("local", f"'{token.markup} local {short(token.info)}' is never closed: everything after "
                               "it, to the end of the file, would be replaced by the local text",
                               at, f"add a line '{token.markup}' where the default text ends")
            name = _checked_name(token.info, at, reporter)
            if name is not None:
                found.append((name, at))
        elif token.type in ("quiz", "scenario") and open_at is not None:
            reporter.error("local", f"a '::: {token.type}' line inside a '::: local' block would disappear when the "
                           "text is replaced", ref.at(token.map[0] + 1 if token.map else None),
                           f"move it out of the block opened on line {open_at.line}")
    return tuple(found)


def _closed(token, lines: list[str]) -> bool:
    end = token.map[1]
    closer = lines[end].strip() if end < len(lines) else ""
    return closer.startswith(token.markup) and not closer.strip(":")


def text_blocks(text: str | None, at: SourceRef, reporter: Reporter) -> Blocks:
    """The `::: local` blocks of one quiz text, each name checked (all at the text's line)."""
    if not text or ":::" not in text:
        return ()
    found = []
    for match in _TEXT_BLOCK.finditer(text):
        name = _checked_name(match["name"] or "", at, reporter)
        if name is not None:
            found.append((name, at))
    return tuple(found)


def _checked_name(name: str, at: SourceRef, reporter: Reporter) -> str | None:
    if not name:
        reporter.error("local", "'::: local' needs the name of the text it marks", at, _BLOCK_HINT)
        return None
    if not is_id(name):
        reporter.error("local", f"local text name '{short(name)}' {ID_RULE}", at, _BLOCK_HINT)
        return None
    return name


def blocks(course: Course) -> dict[str, list[SourceRef]]:
    """Every `::: local` name of the course (lessons, resource pages, quizzes) → where it is used."""
    found: dict[str, list[SourceRef]] = {}
    places = [s.lesson.local_blocks for s in course.screens if s.lesson]
    places += [r.local_blocks for r in course.resources] + [q.local_blocks for q in course.quizzes.values()]
    for place in places:
        for name, at in place:
            found.setdefault(name, []).append(at)
    return found


# -- the local file ----------------------------------------------------------------------------
def read_local(path: Path) -> LocalFile:
    """The entries of a `--local` file; AuthoringError (code ``local``) with every problem in it."""
    path = Path(path)
    ref = SourceRef(path)
    found = Reporter()
    if not is_file(path):
        what = "does not exist" if not os.path.lexists(path) else "is not a file"
        raise AuthoringError([_local_error(f"the local file {what}", ref, "give the path of a YAML file such as "
                                           "contacts.yaml; docs/authoring.md, 'Local contacts', shows one")])
    if path.stat().st_size > MAX_BYTES:
        raise AuthoringError([_local_error(f"the local file is larger than {MAX_BYTES // 1024} KB", ref,
                                           "a local file holds a few short texts: contacts, a referral map")])
    text = read_source(path, found)
    data = load_yaml(text, ref, found) if text is not None else None
    if text is not None and data is None and not found.errors:
        found.error("local", "the local file is empty", ref.at(1), "write 'name: text' entries")
    entries: dict[str, Entry] = {}
    if data is not None and not isinstance(data, LineDict):
        found.error("local", f"the local file must map names to texts, not {describe(data)}", ref.at(1),
                    "write one 'urgent-help: |' entry per `::: local` block you fill")
    elif data is not None:
        if len(data) > MAX_ENTRIES:
            found.error("local", f"the local file has {len(data)} entries; at most {MAX_ENTRIES} are read", ref.at(1))
        source_lines = text.splitlines() if text is not None else []
        for name, value in list(data.items())[:MAX_ENTRIES]:
            entry = _entry(name, value, ref.at(data.line_of(name)), source_lines, found)
            if entry is not None:
                entries[entry.name] = entry
    if found.diagnostics:
        # One code for whatever is wrong with the file, as the format says (reading, YAML, entries).
        raise AuthoringError(sorted((_local_error(d.message, d.ref, d.hint) for d in found.diagnostics),
                                    key=lambda d: (d.ref.line or 0, d.ref.col or 0, d.message)))
    return LocalFile(path=path, entries=MappingProxyType(entries))


def _local_error(message: str, ref: SourceRef, hint: str | None) -> Diagnostic:
    return Diagnostic("error", "local", message, ref, hint)


def _entry(name, value, at: SourceRef, source_lines: list[str], found: Reporter) -> Entry | None:
    if not isinstance(name, str) or not is_id(name):
        found.error("local", f"entry name '{short(str(name))}' {ID_RULE}", at,
                    "use the name written after '::: local' in the course, e.g. urgent-help")
        return None
    texts: dict[str, str] = {}
    if isinstance(value, str):
        if _text_ok(f"entry '{name}'", value, at, source_lines, found):
            texts[ONE_TEXT] = value
    elif isinstance(value, LineDict) and value:
        for language, text in value.items():
            where = at.at(value.line_of(language))
            if not isinstance(language, str) or not is_language_tag(language):
                found.error("local", f"entry '{name}': '{short(str(language))}' is not a language tag", where,
                            "give one text, or one text per language: 'en: |', 'fr: |'")
            elif not isinstance(text, str):
                found.error("local", f"entry '{name}' ({language}) must be a text, not {describe(text)}", where,
                            "write the text after '|' on the lines below, indented")
            elif _text_ok(f"entry '{name}' ({language})", text, where, source_lines, found):
                texts[language] = text
    else:
        found.error("local", f"entry '{name}' must be a text, or one text per language, not {describe(value)}", at,
                    f"write '{name}: |' and the text on the lines below, indented")
    return Entry(name=name, texts=MappingProxyType(texts), ref=at) if texts else None


def _text_ok(label: str, text: str, at: SourceRef, source_lines: list[str], found: Reporter) -> bool:
    """An entry's text: Markdown that names no file and holds no block the course would lose."""
    if not text.strip():
        found.error("local", f"{label} is empty", at, "write the text learners should see; to keep the course's "
                    "own text, leave the entry out")
        return False
    if len(text) > MAX_TEXT:
        found.error("local", f"{label} is longer than {MAX_TEXT} characters", at, "keep local texts short")
        return False
    # A block scalar ('key: |') starts on the line after the key: token lines count from there.
    first = at.line or 1
    if 0 < first <= len(source_lines) and re.search(r"[|>][+-]?[0-9]?\s*(#.*)?$", source_lines[first - 1]):
        first += 1
    lost: list[int] = []
    tokens = markdown.parse(text, lost)
    before = len(found.errors)
    for line in lost:
        found.error("local", f"{label}: text nested more than {markdown.MAX_NESTING} levels deep",
                    at.at(first + line - 1), "nest less deeply")
    for token in tokens:
        where = at.at(first + token.map[0]) if token.map else at
        if token.type == "front_matter":
            found.error("local", f"{label} starts with a '---' line, which would hide the text after it", where,
                        "remove the '---' line")
        elif token.type in ("quiz", "scenario", "local_open"):
            kind = "local" if token.type == "local_open" else token.type
            found.error("local", f"{label}: a '::: {kind}' block belongs in the course, not in a local text", where,
                        "remove the ':::' line")
    for link in markdown.links(tokens, at.at(first)):
        problem = _link_problem(link.href, link.is_image)
        if problem is not None:
            found.error("local", f"{label}: {problem.message}", _link_line(link, tokens, at, first), problem.hint)
    return len(found.errors) == before


def _link_line(link, tokens, at: SourceRef, first: int) -> SourceRef:
    for child, line in markdown.iter_inline(tokens):
        if (child.attrGet("href") or child.attrGet("src")) == link.href and line is not None:
            return at.at(first + line - 1)
    return at


def _link_problem(href: str, image: bool) -> PathProblem | None:
    hint = "link a web page (https://...), an email address (mailto:...) or a phone number (tel:+254...)"
    if image:
        return PathProblem(f"image '{href}': a local text cannot show images",
                           "images are files of the course; describe the place or the contact in words")
    if not urlsplit(href).scheme or href.startswith("#"):
        return PathProblem(f"'{href}' names a file or a place in a page, and a local text is not part of the course",
                           hint)
    try:
        parse_href("", href)
    except PathProblem as problem:
        return PathProblem(problem.message, problem.hint if href.lower().startswith("tel:") else hint)
    return None


# -- applying it ---------------------------------------------------------------------------------
def localize(course: Course, local: LocalFile | None, reporter: Reporter | None = None) -> Course:
    """``course`` with the local file's texts in its language, for the renderer to swap in.

    Errors (an entry no block uses, an entry without the language built) raise AuthoringError;
    a block the file does not fill keeps its default text, with a warning to ``reporter``."""
    if local is None:
        return course
    used = blocks(course)
    found = Reporter()
    chosen: dict[str, str] = {}
    for name, entry in local.entries.items():
        if name not in used:
            hint = did_you_mean(name, used) or (
                "names used in this course: " + ", ".join(sorted(used)) if used
                else "this course has no '::: local' blocks to fill")
            found.error("local", f"unknown entry '{name}': no '::: local {name}' block in the course", entry.ref, hint)
            continue
        text = _in_language(entry, course.language)
        if text is None:
            given = ", ".join(sorted(entry.texts))
            found.error("local", f"entry '{name}' has no text in '{course.language}', a language being built "
                        f"(it has: {given})", entry.ref,
                        f"add '{course.language}: |' with the text, or give one text for every language")
            continue
        chosen[name] = text
    if found.errors:
        raise AuthoringError(found.sorted())
    if reporter is not None:
        for name, places in sorted(used.items()):
            if name not in chosen:
                reporter.warning("local-unset", f"'::: local {name}' is not in the local file {local.path.name}: "
                                 "its default text is shown", places[0],
                                 f"add '{name}: |' to the local file to replace it")
    return dataclasses.replace(course, local=MappingProxyType(chosen))


def _in_language(entry: Entry, language: str) -> str | None:
    texts = entry.texts
    if ONE_TEXT in texts:
        return texts[ONE_TEXT]
    if language in texts:
        return texts[language]
    lowered = {key.lower(): text for key, text in texts.items()}
    return lowered.get(language.lower(), lowered.get(primary(language).lower()))


def expand(tokens, local: Mapping[str, str]) -> list:
    """A Markdown file's tokens with each `::: local` block's text replaced by ``local[name]``."""
    tokens = list(tokens)
    if not local or not any(t.type == "local_open" for t in tokens):
        return tokens
    out: list = []
    skipping = False
    for token in tokens:
        if token.type == "local_open" and token.info in local:
            out.append(token)
            out.extend(t for t in markdown.parse(local[token.info]) if t.type != "front_matter")
            skipping = True
        elif token.type == "local_close":
            skipping = False
            out.append(token)
        elif not skipping:
            out.append(token)
    return out


def expand_text(text: str, local: Mapping[str, str]) -> str:
    """A quiz text with each `::: local` block replaced by its local text, or by its default text."""
    if ":::" not in text:
        return text
    return _TEXT_BLOCK.sub(lambda m: local.get(m["name"] or "", m["body"]).strip("\n") + "\n", text).strip("\n")

"""locales/<lang>.po: written by `extract` (merging what translators already did), read by builds.

Writing is deterministic: entries in walk order (file by file in outline order, then document
order), obsolete entries after them in their previous order, and no field that changes by
itself (no POT-Creation-Date or PO-Revision-Date written by us; header fields a translator's
tool added are kept as they are).

Merging, for each unit of the course:
1. the same context and msgid in the old file: the entry is kept (translation, fuzzy flag,
   translator comments);
2. else the closest old msgid in the same context (difflib ratio >= 0.6) that is no longer in
   the course: its translation is copied and marked fuzzy, with the old msgid as `#| msgid`;
3. else the same msgid translated in another context (a renamed file, a question whose id
   changed): copied and marked fuzzy, with `#| msgctxt`;
4. else a new, empty entry.
Old translated entries that no unit matched and none inherited become obsolete (`#~`);
old untranslated ones are dropped.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Mapping

import polib

from ..errors import AuthoringError, Diagnostic, SourceRef
from ..locales import po_path
from ..model import Course
from .units import Unit, units

FUZZY_CUTOFF = 0.6
HEADER = ("Translation of the course '{title}' ({id}) into '{language}'.\n"
          "Written by 'coursebuilder translate extract'; edit it with any PO editor (Poedit, Weblate...).\n"
          "msgctxt says where a text lives: the file, or quiz file#question.field.\n"
          "Translate the words of a link, in [brackets], but copy its target, the part in (parentheses)\n"
          "after ']', exactly. Keep the marks of *emphasis*, **strong** and `code`.\n"
          "Entries marked fuzzy are not used until a translator removes the mark.")

Key = tuple[str, str]  # (msgctxt, msgid)


@dataclass(frozen=True)
class Entry:
    """What a build needs of one PO entry."""

    text: str  # msgstr, "" when untranslated
    fuzzy: bool
    line: int  # line of the msgstr, for problems


@dataclass(frozen=True)
class Catalog:
    path: Path
    language: str
    entries: Mapping[Key, Entry]

    def ref(self, entry: Entry | None = None) -> SourceRef:
        return SourceRef(self.path, entry.line if entry else None)


def _parse(path: Path) -> polib.POFile:
    try:
        return polib.pofile(str(path), encoding="utf-8", wrapwidth=78)
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        match = re.search(r"line (\d+)", str(exc))
        ref = SourceRef(path, int(match.group(1)) if match else None)
        raise AuthoringError([Diagnostic("error", "po-syntax", f"cannot read the PO file: {exc}", ref,
                                         "open it in a PO editor (Poedit) or run 'msgfmt -c' on it")]) from None


def _msgstr_lines(path: Path, po: polib.POFile) -> dict[int, int]:
    """Entry start line → line of its msgstr (editors jump there)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    found = {}
    for entry in po:
        start = entry.linenum or 1
        for number in range(start, len(lines) + 1):
            if lines[number - 1].startswith("msgstr"):
                found[start] = number
                break
    return found


def read_catalog(path: Path, language: str) -> Catalog:
    """The live (not obsolete) entries of a PO file. Raises AuthoringError when it cannot be read."""
    path = Path(path)
    po = _parse(path)
    where = _msgstr_lines(path, po)
    entries = {}
    for entry in po:
        if entry.obsolete or not entry.msgid:
            continue
        line = where.get(entry.linenum or 1, entry.linenum or 1)
        entries[(entry.msgctxt or "", entry.msgid)] = Entry(entry.msgstr, entry.fuzzy, line)
    return Catalog(path=path, language=language, entries=entries)


@dataclass(frozen=True)
class ExtractResult:
    path: Path
    units: int  # PO entries for the course
    new: int  # never seen before (untranslated)
    fuzzy: int  # inherited a translation from a changed or moved text
    obsolete: int  # old translations no longer in the course
    translated: int


def _grouped(course: Course) -> dict[Key, list[Unit]]:
    grouped: dict[Key, list[Unit]] = {}
    for unit in units(course):
        grouped.setdefault((unit.context, unit.source), []).append(unit)
    return grouped


def _new_entry(key: Key, found: list[Unit]) -> polib.POEntry:
    occurrences = []
    for unit in found:
        where = (unit.path, str(unit.line) if unit.line else "")
        if where not in occurrences:
            occurrences.append(where)
    notes = []
    for unit in found:
        if unit.note not in notes:
            notes.append(unit.note)
    flags = ["md-text"] if found[0].markdown else []
    return polib.POEntry(msgctxt=key[0], msgid=key[1], msgstr="", occurrences=occurrences,
                         comment="; ".join(notes), flags=flags)


def extract(course: Course, language: str, keep_obsolete: bool = True) -> ExtractResult:
    """Write or update locales/<language>.po for a loaded course."""
    path = po_path(course.root, language)
    old = _parse(path) if path.is_file() else None
    grouped = _grouped(course)
    previous: dict[Key, polib.POEntry] = {}
    if old is not None:
        for entry in old:  # polib keeps obsolete (#~) entries in the same list
            if entry.msgid:
                previous.setdefault((entry.msgctxt or "", entry.msgid), entry)
    translated_old = {k: e for k, e in previous.items() if e.msgstr}
    by_context: dict[str, list[str]] = {}
    for ctx, msgid in translated_old:
        if (ctx, msgid) not in grouped:
            by_context.setdefault(ctx, []).append(msgid)
    by_msgid: dict[str, Key] = {}
    for key in translated_old:
        by_msgid.setdefault(key[1], key)

    po = polib.POFile(wrapwidth=78, encoding="utf-8")
    po.header = HEADER.format(title=course.title, id=course.id, language=language)
    po.metadata = dict(old.metadata) if old is not None else {}
    po.metadata.update({
        "Project-Id-Version": f"{course.id} {course.version}",
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Source-Language": course.language,
    })
    inherited: set[Key] = set()
    new = fuzzy = translated = 0
    for key, found in grouped.items():
        entry = _new_entry(key, found)
        before = previous.get(key)
        if before is not None:
            entry.msgstr = before.msgstr
            entry.tcomment = before.tcomment
            if before.fuzzy and before.msgstr:
                entry.flags.insert(0, "fuzzy")
                entry.previous_msgid = before.previous_msgid
                entry.previous_msgctxt = before.previous_msgctxt
        else:
            source = _closest(key, by_context)
            if source is None and key[1] in by_msgid and by_msgid[key[1]] not in grouped:
                source = by_msgid[key[1]]
            if source is not None:
                old_entry = translated_old[source]
                inherited.add(source)
                entry.msgstr = old_entry.msgstr
                entry.tcomment = old_entry.tcomment
                entry.flags.insert(0, "fuzzy")
                if source[1] != key[1]:
                    entry.previous_msgid = source[1]
                if source[0] != key[0]:
                    entry.previous_msgctxt = source[0]
                    entry.previous_msgid = source[1]
            else:
                new += 1
        if entry.msgstr:
            if entry.fuzzy:
                fuzzy += 1
            else:
                translated += 1
        po.append(entry)
    obsolete = 0
    if old is not None and keep_obsolete:
        for kept in old:  # polib keeps obsolete (#~) entries in the same list
            key = (kept.msgctxt or "", kept.msgid)
            if not kept.msgid or key in grouped or key in inherited or not kept.msgstr:
                continue
            first = previous.get(key) is kept
            if not first:
                continue  # a duplicate of an entry already handled
            po.append(polib.POEntry(msgctxt=kept.msgctxt, msgid=kept.msgid, msgstr=kept.msgstr,
                                    tcomment=kept.tcomment, obsolete=True))
            obsolete += 1
    path.parent.mkdir(parents=True, exist_ok=True)
    text = str(po)
    text += "" if text.endswith("\n") else "\n"  # as polib's own save() writes it
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    return ExtractResult(path=path, units=len(grouped), new=new, fuzzy=fuzzy, obsolete=obsolete,
                         translated=translated)


def _closest(key: Key, by_context: dict[str, list[str]]) -> Key | None:
    candidates = by_context.get(key[0])
    if not candidates:
        return None
    best, best_ratio = None, FUZZY_CUTOFF
    for msgid in candidates:  # first best wins: candidates are in the old file's order
        matcher = difflib.SequenceMatcher(None, key[1], msgid, autojunk=False)
        if matcher.real_quick_ratio() < best_ratio or matcher.quick_ratio() < best_ratio:
            continue
        ratio = matcher.ratio()
        if ratio > best_ratio or (best is None and ratio >= best_ratio):
            best, best_ratio = msgid, ratio
    return (key[0], best) if best is not None else None

"""Translating a course with gettext PO files (locales/<lang>.po), which translators edit in their
own tools (Poedit, Weblate, Crowdin) without touching Markdown or YAML.

    extract   course → units (builder/translate/units.py) → merged PO file (po.py)
    build     course + PO → translated course (``translate_course``, a pure function) → render
    check     the same translation, keeping only what is wrong with it (validate.py)

A translated course is the source course with its texts replaced: same screens, quizzes,
options, correct answers and links, so scoring and tracking cannot differ between languages.
Texts without a translation, or with a fuzzy one, keep the source text and are reported.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from ..catalogue import available, primary
from ..errors import AuthoringError, Diagnostic, Reporter, SourceRef, order
from ..locales import LOCALES, languages, po_path, requested_languages
from ..model import Course
from ..paths import PathProblem, is_file
from ..stigma import Matcher, builtin_terms
from . import validate
from .po import Catalog, ExtractResult, extract, read_catalog
from .units import Unit, units, walk

__all__ = ["Catalog", "ExtractResult", "Translated", "check_translation", "extract", "languages", "po_path",
           "read_catalog", "requested_languages", "stats", "translate", "translate_course", "units"]


@dataclass(frozen=True)
class Translated:
    course: Course
    diagnostics: tuple[Diagnostic, ...]
    total: int  # units (distinct context + text)
    translated: int
    fuzzy: int
    untranslated: int


def _short(text: str, width: int = 50) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def html_lang(language: str) -> str:
    """A PO file name as a language tag: gettext's pt_BR is BCP 47's pt-BR."""
    return language.replace("_", "-")


def translate_course(course: Course, catalog: Catalog) -> Translated:
    """The course in the catalog's language: a new model, the source one untouched.

    Every unit whose entry is translated (not fuzzy) and fits its source (validate.py) takes
    the translation; any other keeps the source text and is reported once, at the PO line of
    its entry (or at the file when the entry is missing: run extract)."""
    found = Reporter()
    seen: dict[tuple[str, str], str | None] = {}
    counts = {"translated": 0, "fuzzy": 0, "untranslated": 0}
    used: dict[tuple[str, str], int] = {}  # (context, translation) → PO line, for later checks

    def lookup(unit: Unit) -> str | None:
        key = (unit.context, unit.source)
        if key in seen:
            return seen[key]
        text = None  # the source text stays
        entry = catalog.entries.get(key)
        label = f"{unit.context}: \"{_short(unit.source)}\""
        if entry is None or not entry.text:
            counts["untranslated"] += 1
            if entry is None:
                found.warning("untranslated", f"{label} is not in this file; the source text is used",
                              catalog.ref(), "run 'coursebuilder translate extract' to add it")
            else:
                found.warning("untranslated", f"{label} is not translated; the source text is used",
                              catalog.ref(entry))
        elif entry.fuzzy:
            counts["fuzzy"] += 1
            found.warning("fuzzy", f"{label} is marked fuzzy; the source text is used",
                          catalog.ref(entry), "check the translation against the source, then remove the fuzzy mark")
        else:
            before = len(found.errors)
            validate.check(unit, entry.text, found, catalog.ref(entry))
            if len(found.errors) == before:
                counts["translated"] += 1
                text = entry.text
                used[(unit.context, text)] = entry.line
            else:
                counts["untranslated"] += 1
        seen[key] = text
        return text

    translated = walk(course, lookup)
    translated = dataclasses.replace(translated, language=html_lang(catalog.language),
                                     source_language=course.source_language or course.language)
    found.diagnostics += _quiz_problems(translated, catalog, used) + _stigma(catalog, used)
    return Translated(course=translated, diagnostics=tuple(found.diagnostics), total=len(seen), **counts)


def _quiz_problems(course: Course, catalog: Catalog, used: dict) -> list[Diagnostic]:
    """Texts that must stay different to be answerable: options, matched pairs, ordered items."""
    found = []
    for quiz in course.quizzes.values():
        for q in quiz.questions:
            base = f"quizzes/{quiz.id}.yaml#{q.id}"
            groups = (("options", [o.text for o in q.options], "options"),
                      ("pairs.left", [p[0] for p in q.pairs], "items to match"),
                      ("pairs.right", [p[1] for p in q.pairs], "answers to match"),
                      ("items", list(q.items), "items to order"))
            for field, texts, what in groups:
                for text in sorted({t for t in texts if texts.count(t) > 1}):
                    line = used.get((f"{base}.{field}", text))
                    found.append(Diagnostic(
                        "error", "ambiguous", f"{base}.{field}: two {what} are translated as '{_short(text)}', "
                        "so learners cannot tell them apart", SourceRef(catalog.path, line),
                        "translate them differently"))
    return found


def _stigma(catalog: Catalog, used: dict) -> list[Diagnostic]:
    """The stigmatising-language rule, when coursebuilder has a list for the target language."""
    matcher = Matcher(builtin_terms(catalog.language))
    return [Diagnostic("warning", "stigma", f"{context}: '{word}' can stigmatise", SourceRef(catalog.path, line),
                       f"instead, say: {suggestion}")
            for (context, text), line in sorted(used.items(), key=lambda item: item[1])
            for _, word, suggestion in matcher.find(text)]


def _read(course: Course, language: str) -> Catalog:
    try:
        path = po_path(course.root, language)
    except PathProblem as problem:
        raise AuthoringError([Diagnostic("error", "outside", problem.message,
                                         SourceRef(course.root / LOCALES / f"{language}.po"), problem.hint)]) from None
    except ValueError:
        raise AuthoringError([Diagnostic("error", "language", f"'{language[:60]}' is not a language tag",
                                         SourceRef(course.root / LOCALES), "name PO files like fr.po, es.po, pt-BR.po")
                              ]) from None
    if not is_file(path):
        known = ", ".join(languages(course.root)) or "none yet"
        raise AuthoringError([Diagnostic(
            "error", "no-translation", f"no translation into '{language}' (locales/{language}.po does not exist; "
            f"translations: {known})", SourceRef(path),
            f"run 'coursebuilder translate extract {course.root} --lang {language}' and translate the file")])
    return read_catalog(path, language)


def check_translation(course: Course, language: str) -> Translated:
    """Read locales/<language>.po and translate; every problem is in ``diagnostics``."""
    try:
        catalog = _read(course, language)
    except AuthoringError as exc:
        return Translated(course, tuple(exc.diagnostics), 0, 0, 0, 0)
    result = translate_course(course, catalog)
    if primary(language) not in available():
        missing = Diagnostic("warning", "no-catalogue",
                             f"the player has no strings in '{language}': its buttons and messages stay in English",
                             SourceRef(catalog.path), "add builder/catalogues/" + primary(language) + ".yaml")
        result = dataclasses.replace(result, diagnostics=(missing, *result.diagnostics))
    return result


def translate(course: Course, language: str, reporter: Reporter | None = None) -> Course:
    """The course in ``language`` for a build: warnings go to ``reporter``; errors raise."""
    result = check_translation(course, language)
    errors = [d for d in result.diagnostics if d.severity == "error"]
    if errors:
        raise AuthoringError(sorted(result.diagnostics, key=order))
    if reporter is not None:
        reporter.diagnostics.extend(result.diagnostics)
    return result.course


@dataclass(frozen=True)
class Stats:
    language: str
    total: int
    translated: int
    fuzzy: int
    untranslated: int
    errors: int

    def percent(self, n: int) -> int:
        return 100 * n // self.total if self.total else 100


def stats(course: Course, language: str) -> Stats:
    result = check_translation(course, language)
    errors = sum(d.severity == "error" for d in result.diagnostics)
    return Stats(language, result.total, result.translated, result.fuzzy, result.untranslated, errors)

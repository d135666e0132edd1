"""Which translations a course has (locales/<lang>.po) and which ones a command asks for, without
reading them: a plain build needs this much and no PO machinery (builder/translate)."""
from __future__ import annotations

from pathlib import Path

from yaml import YAMLError

from .fields import MAX_LANGUAGE, is_language_tag
from .paths import PathProblem, confine
from .yamlsrc import load_plain

LOCALES = "locales"


def is_po_language(language: str) -> bool:
    """A PO file's language: a language tag, written with '-' or gettext's '_' (pt_BR)."""
    return is_language_tag(language.replace("_", "-"))


def po_path(root: Path, language: str) -> Path:
    """locales/<language>.po of a course. ``language`` comes from a command line or a file name,
    so it is checked first: '../../x' must not name a file outside the course (ValueError); nor
    may the file be a symbolic link leading outside it (PathProblem)."""
    if not is_po_language(language):
        raise ValueError(f"'{language[:60]}' is not a language tag (use a code such as fr, es, ar or pt-BR, "
                         f"at most {MAX_LANGUAGE} characters)")
    rel = f"{LOCALES}/{language}.po"
    confine(Path(root), rel)
    return Path(root) / rel


def languages(root: Path) -> list[str]:
    """Languages with a PO file, in name order."""
    folder = Path(root) / LOCALES
    return sorted(p.stem for p in folder.glob("*.po")) if folder.is_dir() else []


def source_language(course_dir: Path) -> str:
    try:
        path = confine(Path(course_dir).resolve(), "course.yaml")
        data = load_plain(path.read_text(encoding="utf-8-sig"))
        return str(data.get("language") or "en")
    except (OSError, YAMLError, AttributeError, UnicodeDecodeError, PathProblem):
        return "en"


def requested_languages(course_dir: Path, requested) -> list[str | None]:
    """``--lang`` values → languages to build; None is the source language (today's names)."""
    source = source_language(course_dir)
    wanted: list[str | None] = []
    for language in requested:
        if language == "all":
            choices = [None] + [lang for lang in languages(course_dir) if lang != source]
        else:
            choices = [None if language == source else language]
        for choice in choices:
            if choice not in wanted:
                wanted.append(choice)
    return wanted or [None]

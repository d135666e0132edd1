"""Which translations a course has (locales/<lang>.po) and which ones a command asks for, without
reading them: a plain build needs this much and no PO machinery (builder/translate)."""
from __future__ import annotations

from pathlib import Path

from yaml import YAMLError

from .yamlsrc import load_plain

LOCALES = "locales"


def po_path(root: Path, language: str) -> Path:
    return Path(root) / LOCALES / f"{language}.po"


def languages(root: Path) -> list[str]:
    """Languages with a PO file, in name order."""
    folder = Path(root) / LOCALES
    return sorted(p.stem for p in folder.glob("*.po")) if folder.is_dir() else []


def source_language(course_dir: Path) -> str:
    try:
        data = load_plain((Path(course_dir) / "course.yaml").read_text(encoding="utf-8"))
        return str(data.get("language") or "en")
    except (OSError, YAMLError, AttributeError, UnicodeDecodeError):
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

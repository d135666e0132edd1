"""load → translate → render → package: the one function the CLI and tests call to write packages.

    course = load(course_dir)                 # builder/load.py: the validated model
    theme = course_theme(course)              # builder/theme.py
    course = translate(course, language)      # builder/translate: the same model in another language
    course = localize(course, local)          # builder/local.py: a National Society's --local texts
    rendered = render(course, theme)          # builder/render.py: every file but the manifest
    files = package(course, rendered, fmt)    # builder/package: one package's files
"""
from __future__ import annotations

from pathlib import Path

from .errors import AuthoringError, Diagnostic, Reporter, SourceRef, order
from .load import Loaded, survey
from .local import LocalFile, localize
from .model import Course
from .output import Staging
from .package import FORMATS, package
from .package.itemmap import item_map_files
from .progress import Progress, silent
from .render import render
from .theme import course_theme


def output_names(course: Course, language: str | None = None) -> dict[str, str]:
    """Package names; a translation adds its language (the source language's names have none)."""
    stem = f"{course.id}-{course.version}" + (f"-{language}" if language else "")
    return {"scorm12": f"{stem}-scorm12.zip", "scorm2004": f"{stem}-scorm2004.zip", "web": f"{stem}-web",
            "items": f"{stem}-items"}


def build(course_dir: Path, out_dir: Path, formats=FORMATS, scorm2004_edition: int = 3,
          progress: Progress = silent, language: str | None = None, reporter: Reporter | None = None,
          local: LocalFile | None = None, jobs: int = 1) -> list[Path]:
    """Build the given formats into out_dir. Nothing is written unless the whole course is valid,
    and then every package at once (builder/output.py).

    ``language``: build the translation in locales/<language>.po (see builder/translate); its
    warnings (untranslated or fuzzy texts) go to ``reporter``, its errors stop the build.
    ``local``: a National Society's texts for the course's `::: local` blocks (builder/local.py).
    ``jobs`` > 1: a large course may be read and rendered by that many processes (builder/workers.py)."""
    with Staging(Path(out_dir)) as staging:
        written = build_into(staging, course_dir, formats, scorm2004_edition, progress, language, reporter, local,
                             jobs=jobs)
        staging.commit()
    return written


def build_into(staging: Staging, course_dir: Path, formats=FORMATS, scorm2004_edition: int = 3,
               progress: Progress = silent, language: str | None = None,
               reporter: Reporter | None = None, local: LocalFile | None = None, advise: bool = False,
               jobs: int = 1) -> list[Path]:
    """Stage one course's packages (one language) in a run that may build others too; the paths
    they will have once the run commits.

    ``advise``: also run the rules of ``check`` (at the course's severities); what they find goes
    to ``reporter`` with the loader's warnings, and, when the course has errors, what needs no
    clean load (files nothing uses) comes with the errors."""
    found = Reporter()
    loaded = survey(course_dir, found, progress=progress, jobs=jobs)
    advised = _advice(course_dir, loaded) if advise else []
    if loaded.course is None:
        raise AuthoringError(sorted(found.diagnostics + advised, key=order))
    course = loaded.course
    if reporter is not None:
        reporter.diagnostics += sorted(found.diagnostics + advised, key=order)
    theme = course_theme(course)
    if language == course.language:
        language = None
    if language is not None:
        from .translate import translate  # only a translated build needs the PO machinery (polib)

        course = translate(course, language, reporter)
    course = localize(course, local, reporter)
    rendered = render(course, theme, progress=progress, jobs=jobs)
    names = output_names(course, language)
    _claim(staging, course, [names[fmt] for fmt in formats])
    written = []
    for done, fmt in enumerate(formats, 1):
        progress("packaging", done, len(formats))
        files = package(course, rendered, fmt, scorm2004_edition)
        written.append(staging.add_folder(names[fmt], files) if fmt == "web" else staging.add_zip(names[fmt], files))
    if any(fmt != "web" for fmt in formats):  # the map reads LMS reports: only SCORM packages make them
        for name, data in item_map_files(course, names["items"]).items():
            written.append(staging.add_file(name, data))
    return written


def _advice(course_dir: Path, loaded: Loaded) -> list[Diagnostic]:
    """What the rules of ``check`` find, at the course's severities. Imported here: the rules and
    what they need (translation, word lists) are a tenth of a quiet build's start-up."""
    from .check import advice
    from .check.settings import read_settings

    settings = read_settings(course_dir, Reporter())  # its own mistakes are check's
    return [d for d in map(settings.apply, advice(loaded, settings)) if d is not None]


def _claim(staging: Staging, course: Course, names: list[str]) -> None:
    """Two courses of one run must not write the same package: the second would replace the first."""
    owner = str(SourceRef(course.root))  # as the author would type it: relative when near
    for name in names:
        holder = staging.claim(name, owner)
        if holder is not None:
            raise AuthoringError([Diagnostic(
                "error", "duplicate-output", f"this course builds '{name}', as the course in '{holder}' does",
                course.ref, "give each course its own 'id' (or 'version'), or build them in separate runs")])

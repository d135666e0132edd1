"""The `coursebuilder` command: thin wrappers that parse arguments and call the Python API."""
from __future__ import annotations

import contextlib
import gc
import os
import shlex
import signal
import sys
import time
import traceback
from pathlib import Path

import click

from . import __version__
from .cli_translate import translate_group
from .cli_verify import verify_command
from .diagnostics import CODES
from .errors import AuthoringError, CommandError, Reporter, printable, summary
from .package import FORMATS
from .progress import silent
from .terminal import ProgressBar, paint


def _size(path: Path) -> str:
    total = path.stat().st_size if path.is_file() else sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return f"{total / 1024:.1f} KB"


def _courses(paths: tuple[str, ...]) -> list[Path]:
    if paths:
        unique: dict[Path, Path] = {}
        for p in paths:  # the same folder named twice is built once
            unique.setdefault(Path(p).resolve(), Path(p))
        return list(unique.values())
    found = sorted(p.parent for p in Path("course_src").glob("*/course.yaml"))
    if not found:
        raise click.UsageError("no course given and none found under course_src/ (a folder with course.yaml)")
    return found


def _error_line(exc: BaseException) -> str:
    """An OSError or ValueError as one line: what failed, and on which file."""
    if isinstance(exc, OSError) and exc.strerror:
        where = f": '{exc.filename}'" if exc.filename else ""
        return f"{exc.strerror}{where}"
    return str(exc) or type(exc).__name__


class _Main(click.Group):
    """Whatever escapes a command is one line on stderr and exit status 1: an OSError or ValueError
    (a file that cannot be read or written) as ``coursebuilder: error: ...``, anything else as an
    internal error to report. ``--debug`` shows the traceback as well."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort, KeyboardInterrupt):
            raise
        except (OSError, ValueError) as exc:
            _traceback(ctx)
            raise CommandError(_error_line(exc)) from None
        except Exception as exc:
            _traceback(ctx)
            hint = "" if ctx.params.get("debug") else "; run it again with --debug for the details"
            raise CommandError(f"internal error ({type(exc).__name__}: {exc}): this is a bug in coursebuilder, "
                               f"please report it{hint}") from None


def _traceback(ctx: click.Context) -> None:
    if ctx.params.get("debug"):
        for line in traceback.format_exc().rstrip().splitlines():
            click.echo(printable(line), err=True)


@contextlib.contextmanager
def _stop_on_sigterm():
    """SIGTERM (a CI job cancelled, `kill`) stops a build as Ctrl-C does: staged packages are
    removed and the output folder keeps its previous packages."""
    def stop(signum, frame):
        raise KeyboardInterrupt
    try:
        before = signal.signal(signal.SIGTERM, stop)
    except ValueError:  # not the main thread (a test calling main() from one)
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, before)


_LOCAL_OPTION = click.option(
    "--local", type=click.Path(dir_okay=False), metavar="FILE",
    help="A National Society's texts (YAML) for the course's '::: local <name>' blocks, such as urgent-help "
         "contacts; see docs/authoring.md.")


def _path(local: str | None) -> Path | None:
    return Path(local) if local else None


def _read_local(local: str | None):
    """The --local file, read once for every course and language of a run (errors: AuthoringError)."""
    if not local:
        return None
    from .local import read_local

    return read_local(Path(local))


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="coursebuilder")
@click.option("--debug", is_flag=True, help="Show the Python traceback of an unexpected error (for bug reports).")
def main(debug: bool) -> None:
    """Turn plain-text courses (Markdown lessons, YAML quizzes) into SCORM and offline web packages."""
    # A build allocates millions of small objects (markdown-it tokens) that all live until it ends,
    # and the preview keeps them between rebuilds: with Python's default thresholds the cyclic
    # collector rescans them for nothing (a third of a 2000-lesson build). This process is ours to
    # tune; the library leaves the collector alone (docs/architecture.md).
    gc.set_threshold(100_000, 50, 100)


@main.command("build")
@click.argument("course_dirs", nargs=-1, type=click.Path(file_okay=False))
@click.option("--format", "fmt", type=click.Choice((*FORMATS, "all")), default="all", show_default=True,
              help="Which package to build.")
@click.option("--out", "out_dir", type=click.Path(), default="dist", show_default=True,
              help="Folder for the zips and the web folder.")
@click.option("--scorm2004-edition", type=click.Choice(["3", "4"]), default="3", show_default=True,
              help="SCORM 2004 edition of the 2004 package.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors (no warnings).")
@click.option("-v", "--verbose", is_flag=True, help="Also print each package's size and the build time.")
@click.option("--strict", is_flag=True, help="Run the checks of 'coursebuilder check' first; stop on any warning.")
@click.option("--lang", "langs", multiple=True, metavar="LANG",
              help="Build the translation in locales/LANG.po (repeatable); 'all': the source language and every "
                   "translation. Default: the source language.")
@_LOCAL_OPTION
@click.option("-j", "--jobs", type=click.IntRange(min=1), metavar="N",
              help="Processes a large course may be read and rendered by; 1: this one only. Default: one per core.")
def build_command(course_dirs, fmt, out_dir, scorm2004_edition, quiet, verbose, strict, langs, local, jobs) -> None:
    """Build packages into dist/.

    \b
    Examples:
      coursebuilder build                          every course under course_src/
      coursebuilder build course_src/my-course --format scorm12
      coursebuilder build course_src/my-course --out /tmp/out --scorm2004-edition 4
      coursebuilder build --strict                 refuse warnings too (for CI)
      coursebuilder build course_src/my-course --lang fr   the French translation (locales/fr.po)
      coursebuilder build course_src/my-course --lang all  the source language and every translation
      coursebuilder build course_src/my-course --local kenya-contacts.yaml --out dist/kenya
    """
    from .build import build_into
    from .locales import requested_languages
    from .output import Staging
    from .workers import available

    local_file = _read_local(local)

    formats = FORMATS if fmt == "all" else (fmt,)
    courses = _courses(course_dirs)
    runs = [(course_dir, language) for course_dir in courses
            for language in requested_languages(course_dir, langs)]
    if strict:
        from .check import check_course
        from .check.report import failed

        for course_dir in courses:
            result = check_course(course_dir, requested_languages(course_dir, langs), local=_path(local))
            if failed([result], strict=True):
                raise AuthoringError(list(result.diagnostics))
    done = []
    advised: set[Path] = set()  # the checks' advice is about the source: once per course
    # Every package of the run (each course, language and format) goes in together, or none does.
    with _stop_on_sigterm(), Staging(Path(out_dir)) as staging:
        for course_dir, language in runs:
            advise = not quiet and not strict and course_dir not in advised  # --strict has just checked
            advised.add(course_dir)
            name = Path(course_dir).name + (f" ({language})" if language else "")
            bar = ProgressBar(f"building {name}") if not quiet else silent
            started = time.monotonic()
            reporter = Reporter()
            try:
                written = build_into(staging, course_dir, formats=formats, scorm2004_edition=int(scorm2004_edition),
                                     progress=bar, language=language, reporter=reporter, local=local_file,
                                     advise=advise, jobs=jobs or available())
            finally:
                if isinstance(bar, ProgressBar):
                    bar.close()
            done.append((course_dir, language, name, written, reporter, time.monotonic() - started))
        staging.commit()
    if quiet:
        return
    for course_dir, language, name, written, reporter, seconds in done:
        for path in written:
            size = f" ({_size(path)})" if verbose else ""
            click.echo(f"built {path}{size}")
        _warnings(course_dir, reporter, verbose)
        if any(CODES[d.code].stage == "translate" for d in reporter.diagnostics):
            _translation_summary(course_dir, language, reporter, verbose)
        if verbose:
            click.echo(f"{name}: {seconds:.2f} s")


SHOWN_WARNINGS = 5  # a build lists the first few; 'check' (or --verbose) lists them all


def _warnings(course_dir, reporter: Reporter, verbose: bool) -> None:
    """What the loader and the checks found that does not stop a build: the first few, and a count."""
    found = [d for d in reporter.sorted() if CODES[d.code].stage != "translate"]
    if not found:
        return
    shown = found if verbose else found[:SHOWN_WARNINGS]
    for diagnostic in shown:
        click.echo(paint(str(diagnostic)), err=True)
    errors = sum(d.severity == "error" for d in found)
    counted = summary(errors, len(found) - errors) if errors else \
        f"{len(found)} warning{'' if len(found) == 1 else 's'}"
    more = f", {len(shown)} shown" if len(shown) < len(found) else ""
    click.echo(paint(f"{course_dir}: {counted}{more}; the packages were built (every one: coursebuilder check "
                     f"{shlex.quote(str(course_dir))}; --strict stops on them, --quiet hides them)"), err=True)


def _translation_summary(course_dir, language: str | None, reporter: Reporter, verbose: bool) -> None:
    """One line per language (every problem with --verbose, or from 'check --lang')."""
    from collections import Counter

    translation = [d for d in reporter.sorted() if CODES[d.code].stage == "translate"]
    if verbose:
        for diagnostic in translation:
            click.echo(paint(str(diagnostic)), err=True)
    counts = Counter(d.code for d in translation)
    parts = [f"{n} {code}" for code, n in sorted(counts.items())]
    more = "" if verbose else f"; see them with: coursebuilder check {shlex.quote(str(course_dir))} --lang {language}"
    click.echo(paint(f"{course_dir} ({language}): warning: {', '.join(parts)} "
                     f"(the source text is used){more}"), err=True)


@main.command("check")
@click.argument("course_dirs", nargs=-1, type=click.Path(file_okay=False))
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too, not only on errors.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="One line per problem, or JSON for tools.")
@click.option("--list-rules", is_flag=True, help="List the rules, their codes and default severities.")
@click.option("--lang", "langs", multiple=True, metavar="LANG",
              help="Also check the translation in locales/LANG.po (repeatable; 'all': every translation).")
@_LOCAL_OPTION
def check_command(course_dirs, strict, fmt, list_rules, langs, local) -> None:
    """Report every problem in a course in one run; write nothing.

    Runs the loader (what 'build' refuses) and then the authoring rules: broken anchors, media
    without captions, options without feedback, heading order, long screens, saved-progress
    and package size budgets, server-side and unused files, stigmatising language, and how
    quiz questions are written (an answer key learners can guess), and each 'duration' against
    an estimate (printed per screen, on standard error, in the text format). One line
    per problem, 'path:line:col: severity[code]: message (hint)', then a summary. Exit status
    1 when there is an error (or, with --strict, a warning). Each rule's severity can be set per
    course in course.yaml: 'check: {severity: {long-screen: off, heading-order: error}}'.

    \b
    Examples:
      coursebuilder check                          every course under course_src/
      coursebuilder check course_src/my-course --strict
      coursebuilder check course_src/my-course --format json > report.json
      coursebuilder check --list-rules
      coursebuilder check course_src/my-course --lang fr   the French translation too
      coursebuilder check course_src/my-course --local kenya-contacts.yaml
    """
    from .check import RULES, check_course, report
    from .locales import requested_languages

    if list_rules:
        for code in RULES:
            click.echo(f"{code:20} {CODES[code].severity:8} {CODES[code].about}")
        return
    results = [check_course(course_dir, requested_languages(course_dir, langs), local=_path(local))
               for course_dir in _courses(course_dirs)]
    if fmt == "json":
        click.echo(report.as_json(results))
    else:
        timing = report.timing_text(results)
        if timing:
            click.echo(timing, err=True)
        for line in report.as_text(results).splitlines():
            click.echo(paint(line))
    if report.failed(results, strict):
        sys.exit(1)


@main.command("new")
@click.argument("directory", type=click.Path(file_okay=False))
@click.option("--title", default=None, help="Course title (default: from the folder name).")
@click.option("--language", default="en", show_default=True,
              help="BCP 47 language tag of the course; sets the player's language (en, fr, es, ar...).")
def new_command(directory, title, language) -> None:
    """Start a course: write a small working example into DIRECTORY.

    The example shows every feature (six question types, callouts, an image, a resource page,
    a knowledge check and a final assessment), with comments saying what to change. Its id
    comes from the folder name. DIRECTORY must not exist or be empty.

    \b
    Examples:
      coursebuilder new course_src/first-aid-basics
      coursebuilder new course_src/soins --title "Premiers secours" --language fr
    """
    from .scaffold import ScaffoldError, new_course

    try:
        course_id = new_course(Path(directory), title=title, language=language)
    except ScaffoldError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"created course '{course_id}' in {directory}")
    shown = shlex.quote(str(directory))
    click.echo(f"next: coursebuilder check {shown} && coursebuilder build {shown}")


@main.command("preview")
@click.argument("course_dir", required=False, type=click.Path(exists=True, file_okay=False))
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port on 127.0.0.1 (0: any free port; the URL is printed).")
@click.option("--scorm", type=click.Choice(["1.2", "2004"]), default="1.2", show_default=True,
              help="SCORM version the LMS page starts with (switchable in the page).")
@_LOCAL_OPTION
def preview_command(course_dir, port, scorm, local) -> None:
    """Serve a course in a local LMS page; rebuild and reload it on every save.

    Builds in memory (nothing is written to dist/), serves on 127.0.0.1 only, and shows the
    course inside an LMS (scorm-again, installed with npm on first use) with a panel of what
    the course reports. Each translation in locales/ can be chosen in the page too. Mistakes in
    the course appear in the page and here. Ctrl-C stops.

    \b
    Examples:
      coursebuilder preview                          the only course under course_src/
      coursebuilder preview course_src/my-course --port 8001 --scorm 2004
      coursebuilder preview course_src/my-course --local kenya-contacts.yaml   (rebuilt when it changes)
    """
    from .preview.server import serve

    if course_dir is None:
        found = _courses(())
        if len(found) > 1:
            raise click.UsageError("several courses under course_src/ (" + ", ".join(p.name for p in found)
                                   + "): name the one to preview")
        course_dir = found[0]
    serve(Path(course_dir), port=port, scorm=scorm, local=_path(local))


main.add_command(translate_group)
main.add_command(verify_command)



def run() -> None:
    """The `coursebuilder` command: main(), then leave without tearing the heap down.

    A build ends holding millions of small objects (tokens, the model, rendered pages) that the
    interpreter would otherwise free one by one on its way out: 0.7 s of a 2000-lesson build
    (docs/benchmarks.md). Nothing is left to do by then: packages are written and renamed before
    main() returns, and stdout and stderr are flushed here. mypy leaves the same way. Tests call
    main() itself, which returns normally."""
    try:
        main()
        code = 0
    except SystemExit as exc:
        code = _exit_status(exc.code)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def _exit_status(code: object) -> int:
    """What `sys.exit(code)` would give the shell (a text is printed and gives 1)."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


if __name__ == "__main__":  # pragma: no cover
    run()

"""The `coursebuilder` command: thin wrappers that parse arguments and call the Python API."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from .build import FORMATS, build


def _courses(paths: tuple[str, ...]) -> list[Path]:
    if paths:
        return [Path(p) for p in paths]
    found = sorted(p.parent for p in Path("course_src").glob("*/course.yaml"))
    if not found:
        raise click.UsageError("no course given and none found under course_src/ (a folder with course.yaml)")
    return found


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="coursebuilder")
def main() -> None:
    """Turn plain-text courses (Markdown lessons, YAML quizzes) into SCORM and offline web packages."""


@main.command("build")
@click.argument("course_dirs", nargs=-1, type=click.Path(file_okay=False))
@click.option("--format", "fmt", type=click.Choice(FORMATS + ("all",)), default="all", show_default=True,
              help="Which package to build.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False), default="dist", show_default=True,
              help="Folder for the zips and the web folder.")
@click.option("--scorm2004-edition", type=click.Choice(["3", "4"]), default="3", show_default=True,
              help="SCORM 2004 edition of the 2004 package.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
def build_command(course_dirs, fmt, out_dir, scorm2004_edition, quiet) -> None:
    """Build packages into dist/.

    \b
    Examples:
      coursebuilder build                          every course under course_src/
      coursebuilder build course_src/my-course --format scorm12
      coursebuilder build course_src/my-course --out /tmp/out --scorm2004-edition 4
    """
    formats = FORMATS if fmt == "all" else (fmt,)
    for course_dir in _courses(course_dirs):
        written = build(course_dir, Path(out_dir), formats=formats, scorm2004_edition=int(scorm2004_edition))
        if not quiet:
            for path in written:
                click.echo(f"built {path}")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

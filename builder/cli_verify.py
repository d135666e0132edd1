"""`coursebuilder verify`: check any SCORM zip in a real browser and LMS runtime before an upload."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from .terminal import paint


@click.command("verify")
@click.argument("zip_path", metavar="ZIP", type=click.Path(exists=True, dir_okay=False))
@click.option("--lms", type=click.Choice(["scorm-again"]), default="scorm-again", show_default=True,
              help="The LMS runtime the package runs in (installed with npm on first use).")
@click.option("--report", "report_path", type=click.Path(dir_okay=False), metavar="FILE",
              help="Also write an HTML report with every API call.")
@click.option("--items", "items_path", type=click.Path(exists=True, dir_okay=False), metavar="CSV",
              help="The item map of a coursebuilder package (default: the -items.csv beside the zip).")
@click.option("--chromium", type=click.Path(dir_okay=False), default="/usr/bin/chromium", show_default=True,
              envvar="COURSEBUILDER_CHROMIUM", help="The Chromium to run the package in.")
def verify_command(zip_path, lms, report_path, items_path, chromium) -> None:
    """Check a SCORM 1.2 or 2004 zip before uploading it to an LMS (any package, not only ours).

    Static checks (zip safety, manifest at the root and valid against the official schemas, every
    file it names present, launch file, mastery score, size, nothing loaded from outside the
    package), then two launches in headless Chromium with scorm-again as the LMS: every API call,
    what the LMS stores, and what Moodle and Cornerstone will show. A coursebuilder package is
    also walked to the end, its assessment answered from the item map. Exit status 1 on any error.
    Needs Playwright: pip install 'coursebuilder[verify]'.

    \b
    Examples:
      coursebuilder verify dist/my-course-1.0.0-scorm12.zip
      coursebuilder verify dist/my-course-1.0.0-scorm2004.zip --report verify.html
      coursebuilder verify other-vendor-course.zip --chromium /usr/bin/chromium-browser
    """
    from .verify import BrowserMissing, verify
    from .verify.report import as_html, as_text

    try:
        result = verify(Path(zip_path), items_path=Path(items_path) if items_path else None, chromium=Path(chromium))
    except BrowserMissing as exc:
        raise click.ClickException(str(exc)) from None
    for line in as_text(result):
        click.echo(paint(line))
    if report_path:
        from .verify.report import shown_path

        Path(report_path).write_text(as_html(result), encoding="utf-8")
        click.echo(f"report: {shown_path(report_path)}")
    sys.exit(0 if result.ok else 1)

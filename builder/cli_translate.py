"""`coursebuilder translate`: the commands of the translation workflow (docs/translating.md)."""
from __future__ import annotations

from pathlib import Path

import click

from .errors import printable


@click.group("translate")
def translate_group() -> None:
    """Translate a course with PO files (locales/LANG.po) that translators edit in Poedit, Weblate or Crowdin.

    \b
    Workflow (docs/translating.md):
      coursebuilder translate extract course_src/my-course --lang fr   write or update locales/fr.po
      (a translator fills in locales/fr.po)
      coursebuilder check course_src/my-course --lang fr               what is wrong with the translation
      coursebuilder build course_src/my-course --lang fr               the French packages
      coursebuilder translate stats course_src/my-course               how far each translation is
    """


def _load_course(course_dir):
    from .load import load

    return load(Path(course_dir))


@translate_group.command("extract")
@click.argument("course_dir", type=click.Path(exists=True, file_okay=False))
@click.option("--lang", "langs", multiple=True, required=True, metavar="LANG",
              help="Language of the PO file (fr, es, ar, pt-BR...); repeatable; 'all': every existing locales/*.po.")
@click.option("--format", "fmt", type=click.Choice(["po"]), default="po", show_default=True,
              help="File format for translators (gettext PO).")
@click.option("--no-obsolete", is_flag=True, help="Drop translations of texts no longer in the course "
                                                  "instead of keeping them as obsolete (#~) entries.")
def translate_extract_command(course_dir, langs, fmt, no_obsolete) -> None:
    """Write or update locales/LANG.po with every text of the course.

    Run it again whenever the course changes: new texts are added, changed ones keep their old
    translation marked fuzzy (with the old source shown), removed ones become obsolete, and
    every finished translation is kept.

    \b
    Examples:
      coursebuilder translate extract course_src/my-course --lang fr
      coursebuilder translate extract course_src/my-course --lang all     update every translation
    """
    from .locales import languages
    from .translate import extract

    course = _load_course(course_dir)
    wanted = []
    for lang in langs:
        for choice in (languages(course.root) if lang == "all" else [lang]):
            if choice not in wanted:
                wanted.append(choice)
    if not wanted:
        raise click.UsageError("no locales/*.po yet: name a language, e.g. --lang fr")
    for lang in wanted:
        if lang == course.language:
            raise click.UsageError(f"'{lang}' is the course's own language (course.yaml 'language')")
        result = extract(course, lang, keep_obsolete=not no_obsolete)
        shown = Path(course_dir) / "locales" / result.path.name
        click.echo(f"{shown}: {result.units} texts: {result.translated} translated, {result.fuzzy} fuzzy, "
                   f"{result.units - result.translated - result.fuzzy} untranslated ({result.new} new); "
                   f"{result.obsolete} obsolete")


@translate_group.command("stats")
@click.argument("course_dir", type=click.Path(exists=True, file_okay=False))
@click.option("--lang", "langs", multiple=True, metavar="LANG", help="Only these languages (default: every locales/*.po).")
def translate_stats_command(course_dir, langs) -> None:
    """How far each translation is: translated, fuzzy and untranslated texts, against the current source.

    \b
    Example:
      coursebuilder translate stats course_src/my-course
    """
    from .locales import languages
    from .translate import stats

    course = _load_course(course_dir)
    wanted = [lang for lang in langs if lang != "all"] or languages(course.root)
    if not wanted:
        click.echo(f"{course_dir}: no translations yet (locales/*.po)")
        return
    click.echo(f"{'language':10} {'translated':>14} {'fuzzy':>14} {'untranslated':>14}")
    for lang in wanted:
        s = stats(course, lang)
        line = f"{lang:10}" + "".join(f" {s.percent(n):>6}% ({n:>4})" for n in (s.translated, s.fuzzy, s.untranslated))
        if s.errors:
            line += f"   {s.errors} error{'s' if s.errors != 1 else ''}: coursebuilder check {course_dir} --lang {lang}"
        click.echo(printable(line))

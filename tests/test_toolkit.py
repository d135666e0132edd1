"""`::: all-resources` (builder/toolkit.py): one printable page with every toolkit page a lesson
links to, in the learner's order, each starting a new printed page."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from builder.build import build
from builder.cli import main
from builder.translate import extract
from builder.load import load
from support.po import fill

FILES = {
    "course.yaml": """\
id: toolkit-demo
title: Toolkit demo
version: 1.0.0
language: en
description: Three sheets and the whole toolkit.
outline:
  - lessons/01-one.md
  - lessons/02-two.md
""",
    "lessons/01-one.md": """\
---
title: One
---
Use the [check-in sheet](../resources/check-in.md).
""",
    "lessons/02-two.md": """\
---
title: Two
---
Fill in the [referral map](../resources/referral-map.md), see the
[check-in sheet](../resources/check-in.md) again, or print the [whole toolkit](../resources/whole-toolkit.md).
""",
    "resources/check-in.md": """\
# Team check-in

## Questions

- How are you today?
""",
    "resources/referral-map.md": """\
# Referral map

See also the [notes](notes.md).

::: local referral-map
| Need | Who |
| --- | --- |
| Urgent | |
:::
""",
    "resources/notes.md": "# Notes\n\nOnly linked from a sheet.\n",
    "resources/whole-toolkit.md": """\
# The whole toolkit

Every sheet of the module, one per printed page.

::: all-resources
""",
}


@pytest.fixture
def course(tmp_path) -> Path:
    root = tmp_path / "course"
    for rel, text in FILES.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


def whole(out: Path, stem: str = "toolkit-demo-1.0.0") -> str:
    return (out / f"{stem}-web" / "resources" / "whole-toolkit.html").read_text(encoding="utf-8")


def sections(html: str) -> list[str]:
    return re.findall(r'<section class="toolkit-sheet" style="break-before: page">(.*?)</section>', html, re.S)


def test_the_page_holds_every_sheet_a_lesson_links_in_order_each_on_a_new_page(course, tmp_path):
    build(course, tmp_path / "out", formats=("web",))
    html = whole(tmp_path / "out")
    found = sections(html)
    # check-in (lesson 1) before the referral map (lesson 2); the check-in once although linked twice;
    # not the notes (linked only from a sheet), not the whole toolkit itself
    assert [re.search(r"<h2[^>]*>(.*?)</h2>", s).group(1) for s in found] == ["Team check-in", "Referral map"]
    assert html.count("break-before: page") == 2 and "Only linked from a sheet" not in html
    assert html.count("<h1") == 1 and "<h3 id=\"r1-questions\">Questions</h3>" in found[0]  # headings one level down
    assert "<td>Urgent</td>" in found[1]
    # links in a gathered sheet work from the whole-toolkit page
    assert '<a href="notes.html" target="_blank" class="resource">notes<span' in found[1]
    assert html.index("Every sheet of the module") < html.index("Team check-in")  # in place of the line


def test_the_gathered_sheets_carry_the_local_texts_and_the_translation(course, tmp_path):
    contacts = tmp_path / "contacts.yaml"
    contacts.write_text("referral-map: |\n  Call [1199](tel:1199).\n", encoding="utf-8")
    extract(load(course), "fr")
    fill(course / "locales" / "fr.po", "FR ")
    result = CliRunner().invoke(main, ["build", str(course), "--out", str(tmp_path / "out"), "--format", "web",
                                       "--lang", "all", "--local", str(contacts)])
    assert result.exit_code == 0, result.output
    english = sections(whole(tmp_path / "out"))
    french = sections(whole(tmp_path / "out", "toolkit-demo-1.0.0-fr"))
    assert '<a href="tel:1199">1199</a>' in english[1] and "<td>Urgent</td>" not in english[1]
    assert "FR Team check-in" in french[0] and '<a href="tel:1199">1199</a>' in french[1]


def test_a_lesson_cannot_gather_the_toolkit(course):
    (course / "lessons/01-one.md").write_text(FILES["lessons/01-one.md"] + "\n::: all-resources\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(course)])
    assert result.exit_code == 1
    assert "01-one.md:6: error[all-resources]: '::: all-resources' gathers the toolkit pages" in result.output


def test_a_resource_page_cannot_place_a_quiz_or_a_scenario(course):
    """The page would show nothing where they are written, and answers there would not count."""
    sheet = course / "resources/check-in.md"
    lines = sheet.read_text(encoding="utf-8").splitlines()
    sheet.write_text("\n".join(lines + ["", "::: quiz check-in", "", "::: scenario first-call", ""]), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(course)])
    assert result.exit_code == 1
    quiz_line, scenario_line = len(lines) + 2, len(lines) + 4
    assert (f"check-in.md:{quiz_line}: error[lesson-only]: '::: quiz' shows only in a lesson, not in a resource "
            "page") in result.output
    assert f"check-in.md:{scenario_line}: error[lesson-only]: '::: scenario' shows only in a lesson" in result.output


def test_a_printed_checklist_shows_its_boxes_without_bullets(page, course, tmp_path):
    sheet = course / "resources/check-in.md"
    sheet.write_text(sheet.read_text(encoding="utf-8") + "\n## Before you go\n\n- [ ] Ask how they are\n"
                     "- ☐ Agree a next step\n  - a date\n", encoding="utf-8")
    build(course, tmp_path / "out", formats=("web",))
    page.goto((tmp_path / "out" / "toolkit-demo-1.0.0-web" / "resources" / "check-in.html").as_uri())
    for media in ("screen", "print"):
        page.emulate_media(media=media)
        styles = page.eval_on_selector_all("ul", "els => els.map(e => [e.className, getComputedStyle(e).listStyleType])")
        assert ["checklist", "none"] in styles and ["", "disc"] in styles and ["", "circle"] in styles, styles
    assert page.eval_on_selector_all("ul.checklist > li", "els => els.map(e => e.firstChild.textContent.slice(0, 2))") \
        == ["☐ ", "☐ "]


def test_chromium_starts_each_gathered_sheet_on_a_new_printed_page(page, course, tmp_path):
    build(course, tmp_path / "out", formats=("web",))
    page.goto((tmp_path / "out" / "toolkit-demo-1.0.0-web" / "resources" / "whole-toolkit.html").as_uri())
    assert page.eval_on_selector_all(".toolkit-sheet", "els => els.map(e => getComputedStyle(e).breakBefore)") == [
        "page", "page"]
    pdf = page.pdf(format="A4")
    assert len(re.findall(rb"/Type\s*/Page(?![A-Za-z])", pdf)) == 3  # the introduction, then one page per sheet

"""builder/markdown.py: heading anchors (one numbering for the renderer and the anchor rule),
callout titles, page titles and the links the loader follows."""
from __future__ import annotations

from pathlib import Path

from builder import markdown
from builder.errors import SourceRef

TEXT = """---
title: T
---

# Intro

## Step one

A [link](02.md) and ![a picture](../media/p.svg).

## Step one

::: tip Before you start
Text.
:::

## Étape `deux`!
"""


def test_heading_slugs_are_numbered_like_github_and_as_rendered():
    tokens = markdown.parse(TEXT)
    assert markdown.heading_slugs(tokens) == ["intro", "step-one", "step-one-1", "étape-deux"]
    html = markdown.render(tokens, {"id_prefix": "s3-"})
    assert all(f'id="s3-{slug}"' in html for slug in markdown.heading_slugs(tokens))


def test_callout_kind_and_title():
    tokens = markdown.parse(TEXT)
    opener = next(t for t in tokens if t.type == "container_tip_open")
    assert markdown.callout(opener) == ("tip", "Before you start")
    assert markdown.callout(markdown.parse("::: note\nx\n:::\n")[0]) == ("note", None)


def test_page_title_is_the_first_level_one_heading():
    assert markdown.page_title(markdown.parse(TEXT)) == "Intro"
    assert markdown.page_title(markdown.parse("## Only a subheading\n")) is None


def test_links_with_their_lines():
    links = markdown.links(markdown.parse(TEXT), SourceRef(Path("lessons/01.md")))
    assert [(link.href, link.is_image, link.text, link.ref.line) for link in links] == [
        ("02.md", False, "", 9), ("../media/p.svg", True, "a picture", 9)]


def test_nesting_too_deep_is_noted_not_dropped_silently():
    lost: list[int] = []
    markdown.parse("> " * (markdown.MAX_NESTING + 2) + "deep\n", lost)
    assert lost == [1]


def test_a_list_of_boxes_is_a_checklist_and_task_marks_show_as_boxes():
    html = markdown.render(markdown.parse("- [ ] Check **all** are safe\n- [x] Done\n  - a step\n- ☐ Call home\n"), {})
    assert html.startswith('<ul class="checklist">\n<li>☐ Check <strong>all</strong> are safe</li>\n<li>☑ Done\n<ul>\n')
    assert "<li>☐ Call home</li>" in html and html.count("checklist") == 1  # the nested list is a plain one


def test_a_list_with_an_item_without_a_box_stays_as_written():
    for text in ("- ☐ Call home\n- Rest\n", "1. [ ] First\n2. [ ] Second\n", "- [ ]\n- [ ] x\n"):
        html = markdown.render(markdown.parse(text), {})
        assert "checklist" not in html and "☑" not in html
        assert ("[ ]" in html) == ("[ ]" in text)

"""`split: sections` (FORMATS §3): a long lesson becomes one screen per `##` heading, the text
before the first `##` going with the first; Contents shows the lesson with its screens nested;
each screen has the lesson's title as h1 and its section as h2; links to a section land on the
screen that holds it."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from builder.build import build
from support.axe import run_axe
from support.player import EXAMPLE, course_of, current_number, go_next

LESSON = """---
title: Welcome
split: sections
objectives:
  - Find your way around the player
duration: 3
---

Before the first heading: this goes with the first screen.

## Getting started

Read the [last part](#the-last-part) whenever you like.

::: quiz welcome-check
:::

## In the middle

The [checklist](../resources/checklist.md) helps.

## The last part

Back to the [start](#getting-started).
"""


@pytest.fixture(scope="module")
def split_course(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("split")
    course = root / "course"
    shutil.copytree(EXAMPLE, course)
    (course / "lessons" / "01-welcome.md").write_text(LESSON)
    return course


def test_the_loader_makes_one_screen_per_section(split_course):
    course = course_of(split_course)
    first = course.screens[:3]
    assert [s.title for s in first] == ["Getting started", "In the middle", "The last part"]
    assert [s.lesson.part for s in first] == [0, 1, 2] and {s.lesson.parts for s in first} == {3}
    assert [[q for q, _ in s.lesson.quiz_ids] for s in first] == [["welcome-check"], [], []]
    assert [s.lesson.duration for s in first] == [3, None, None]
    assert [len(s.lesson.links) for s in first] == [1, 1, 1]
    assert len(course.screens) == 7 and [s.number for s in course.screens] == list(range(1, 8))
    assert course.screens[3].title == "Kinds of questions"  # a lesson without split: one screen


def test_without_split_a_lesson_stays_one_screen():
    assert len(course_of(EXAMPLE).screens) == 5


def test_the_player_shows_the_lesson_with_its_screens(page, split_course, tmp_path):
    build(split_course, tmp_path, formats=("web",))
    page.goto((tmp_path / "example-course-1.2.0-web" / "index.html").as_uri())
    lesson = page.locator(".toc li.toc-lesson")
    assert lesson.locator(".toc-lesson-title").inner_text() == "Welcome"
    assert lesson.locator("a .toc-title").all_inner_texts() == ["Getting started", "In the middle", "The last part"]
    assert page.locator(".toc a[data-screen]").count() == 7
    shown = "section.screen:not([hidden])"
    assert page.locator(f"{shown} h1").inner_text() == "Welcome"
    assert page.locator(f"{shown} h2").first.inner_text() == "In this lesson you will"  # objectives: first screen only
    assert "Before the first heading" in page.locator(shown).inner_text()
    assert page.locator(f"{shown} form.quiz").count() == 1
    go_next(page)
    assert page.locator(f"{shown} h1").inner_text() == "Welcome"
    assert page.locator(f"{shown} h2").first.inner_text() == "In the middle"
    assert page.locator(f"{shown} .lesson-intro").count() == 0
    assert page.locator("#progress-text").inner_text() == "2 of 7 screens seen"
    assert run_axe(page) == []
    page.locator(".toc a[data-screen='1']").click()
    page.locator(f"{shown} a", has_text="last part").click()  # a section on another screen of the lesson
    page.wait_for_selector("section.screen[data-screen='3']:not([hidden])")
    assert page.evaluate("document.activeElement.textContent") == "The last part"
    page.locator(f"{shown} a", has_text="start").click()
    page.wait_for_selector("section.screen[data-screen='1']:not([hidden])")
    assert current_number(page) == 1
    assert page.evaluate("document.activeElement.textContent") == "Getting started"

"""The player's chrome as a learner meets it: the page opens at its top, the header (title, progress,
Contents) stays in view while reading, Previous/Next are in reach without scrolling to the end, the
drawer of small screens closes with Escape, and a learner who comes back is welcomed politely."""
from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from playwright.sync_api import Error as TargetClosedError

from builder.build import build
from builder.catalogue import catalogue
from support.lms import LmsSession
from support.po import prefixed
from support.player import EXAMPLE, current_number, go_next, unpack

STEM = "example-course-1.2.0"
T = catalogue("en")


@pytest.fixture(scope="module")
def packages(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("chrome")
    build(EXAMPLE, out, formats=("web", "scorm12"))
    return {"web": out / f"{STEM}-web", "1.2": unpack(out / f"{STEM}-scorm12.zip", out / "p12")}


def open_web(browser, folder: Path, width: int):
    context = browser.new_context(viewport={"width": width, "height": 700})
    page = context.new_page()
    page.goto((folder / "index.html").as_uri())
    page.wait_for_selector("section.screen:not([hidden])")
    return context, page


def in_view(frame, selector: str) -> bool:
    return frame.evaluate("""(sel) => { const r = document.querySelector(sel).getBoundingClientRect();
        return r.height > 0 && r.top >= 0 && r.bottom <= innerHeight; }""", selector)


@pytest.mark.parametrize("width", [375, 1280])
def test_the_course_opens_at_its_top_and_the_first_tab_reaches_the_header(browser, packages, width):
    context, page = open_web(browser, packages["web"], width)
    try:
        page.wait_for_timeout(200)  # a late scroll to a fragment would have happened by now
        assert page.evaluate("scrollY") == 0
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.closest('header.chrome') !== null")
        assert page.evaluate("document.activeElement.className") == "skip-link"
        page.keyboard.press("Tab")
        expected = "toc-toggle" if width == 375 else "exit-button"
        assert expected in page.evaluate("document.activeElement.className")
        # Reloaded with the screen in the address: still at the top.
        go_next(page)
        page.reload()
        page.wait_for_selector("section.screen[data-screen='2']:not([hidden])")
        page.wait_for_timeout(200)
        assert page.evaluate("scrollY") == 0
    finally:
        context.close()


def test_the_course_opens_at_its_top_in_an_lms(page, packages):
    page.set_viewport_size({"width": 375, "height": 700})
    session = LmsSession.launch(page, packages["1.2"], "1.2")
    session.frame.wait_for_selector("section.screen:not([hidden])")
    page.wait_for_timeout(200)
    assert session.frame.evaluate("scrollY") == 0
    assert page.evaluate("scrollY") == 0


@pytest.mark.parametrize("width", [375, 1280])
def test_header_and_pager_stay_in_view_while_reading(browser, packages, width):
    context, page = open_web(browser, packages["web"], width)
    try:
        go_next(page)  # screen 2 is long enough to scroll
        page.evaluate("window.scrollTo(0, 1500)")
        assert page.evaluate("scrollY") > 300
        for selector in (".course-title", "#progress-text", "#next", "#prev"):
            assert in_view(page, selector), selector
        if width == 375:
            assert in_view(page, ".toc-toggle")
        else:
            assert in_view(page, ".toc a[aria-current]")
        # Next from the middle of a screen opens the next one at its top, its title focused.
        page.locator("#next").click()
        page.wait_for_selector("section.screen[data-screen='3']:not([hidden])")
        assert page.evaluate("scrollY") == 0
        assert page.evaluate("document.activeElement.id") == "s3-title"
    finally:
        context.close()


def test_escape_closes_the_contents_drawer_and_gives_the_focus_back(browser, packages):
    context, page = open_web(browser, packages["web"], 375)
    try:
        toggle = page.locator(".toc-toggle")
        assert not page.locator("#toc").is_visible()
        toggle.click()
        assert page.locator("#toc").is_visible()
        assert toggle.get_attribute("aria-expanded") == "true"
        assert page.evaluate("document.activeElement.closest('#toc') !== null")
        page.keyboard.press("Escape")
        assert not page.locator("#toc").is_visible()
        assert toggle.get_attribute("aria-expanded") == "false"
        assert page.evaluate("document.activeElement.className") == "toc-toggle"
    finally:
        context.close()


def test_the_standalone_notice_is_said_once(browser, packages):
    context, page = open_web(browser, packages["web"], 1280)
    try:
        assert page.locator("#notice").inner_text() == T["standalone"]
        go_next(page)
        assert not page.locator("#notice").is_visible()
    finally:
        context.close()


def test_a_learner_who_comes_back_is_welcomed_at_the_bookmark(browser, packages):
    context, page = open_web(browser, packages["web"], 375)
    try:
        assert not page.locator("#welcome").is_visible()  # a first visit: no welcome
        go_next(page)
        go_next(page)
        page.goto("about:blank")
        page.goto((packages["web"] / "index.html").as_uri())
        page.wait_for_selector("section.screen[data-screen='3']:not([hidden])")
        page.wait_for_timeout(200)
        assert page.evaluate("scrollY") == 0
        assert page.locator("#welcome-text").inner_text() == T["welcome_back"]
        assert page.locator("#welcome-text").get_attribute("role") == "status"
        assert T["welcome_back"] not in page.locator("#notice").inner_text()  # not the trouble notice
        assert page.evaluate("document.activeElement.tagName") == "BODY"  # no focus box on the title
        page.get_by_role("button", name=T["welcome_restart"]).click()
        page.wait_for_selector("section.screen[data-screen='1']:not([hidden])")
        assert not page.locator("#welcome").is_visible()
        assert page.locator("#progress-text").inner_text() == "3 of 5 screens seen"  # nothing forgotten
        assert current_number(page) == 1
    finally:
        context.close()


def test_a_learner_back_in_the_lms_is_welcomed_and_continues(page, packages):
    session = LmsSession.launch(page, packages["1.2"], "1.2")
    go_next(session.frame)
    go_next(session.frame)
    again = session.relaunch()
    frame = again.frame
    frame.wait_for_selector("section.screen[data-screen='3']:not([hidden])")
    assert frame.locator("#welcome-text").inner_text() == T["welcome_back"]
    frame.get_by_role("button", name=T["welcome_continue"]).click()
    assert not frame.locator("#welcome").is_visible()
    assert frame.evaluate("document.activeElement.id") == "s3-title"


@pytest.fixture(scope="module")
def web_ar(tmp_path_factory) -> Path:
    import shutil
    out = tmp_path_factory.mktemp("chrome-ar")
    course = out / "course"
    shutil.copytree(EXAMPLE, course)
    config = course / "course.yaml"
    config.write_text(config.read_text().replace("language: en", "language: ar"))
    build(course, out, formats=("web",))
    return out / f"{STEM}-web"


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("width", [375, 1280])
def test_no_axe_violation_on_any_screen_in_dark_mode(browser, packages, web_ar, language, width):
    from support.axe import run_axe
    from support.player import example_course, next_question_until
    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme="dark")
    page = context.new_page()
    try:
        page.goto(((packages["web"] if language == "en" else web_ar) / "index.html").as_uri())
        assert page.evaluate("getComputedStyle(document.body).backgroundColor") != "rgb(255, 255, 255)"
        problems = {}
        for number in range(1, len(example_course().screens) + 1):
            if number > 1:
                go_next(page)
            for form in page.locator("section.screen:not([hidden]) form.quiz").all():
                # feedback and results too (one question per screen reaches Submit through its review step)
                next_question_until(form, form.locator("button.submit"))
                form.locator("button.submit").click()
            if width == 375 and number == 1:
                page.locator(".toc-toggle").click()  # the drawer, open
                problems["drawer"] = run_axe(page)
                page.keyboard.press("Escape")
            problems[number] = run_axe(page)
        assert {k: v for k, v in problems.items() if v} == {}
    finally:
        context.close()


def test_forced_colours_keep_the_progress_bar_and_the_focus_ring(browser, packages, tmp_path):
    context = browser.new_context(viewport={"width": 1280, "height": 700}, forced_colors="active",
                                  reduced_motion="reduce")  # no transition of the bar
    page = context.new_page()
    try:
        page.goto((packages["web"] / "index.html").as_uri())
        go_next(page)
        go_next(page)  # 3 of 5 seen: the bar is filled part-way
        assert page.evaluate("matchMedia('(forced-colors: active)').matches")
        fill = page.locator("#progress-fill").bounding_box()
        track = page.locator(".progress-bar").bounding_box()
        assert fill["width"] > 0.5 * track["width"] > 0
        page.screenshot(path=str(tmp_path / "forced-colours.png"))
        # The filled part and the empty part of the bar are drawn differently.
        y, h = track["y"] + 2, track["height"] - 4
        filled = page.screenshot(clip={"x": fill["x"] + 4, "y": y, "width": 20, "height": h})
        empty = page.screenshot(clip={"x": track["x"] + track["width"] - 30, "y": y, "width": 20, "height": h})
        assert filled != empty
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline == "solid"
    finally:
        context.close()


def test_a_toolkit_page_has_the_course_title_and_a_way_back(browser, packages):
    context = browser.new_context(viewport={"width": 375, "height": 700})
    page = context.new_page()
    try:
        page.goto((packages["web"] / "index.html").as_uri())
        link = page.locator("section.screen:not([hidden]) a.resource").first
        with context.expect_page() as opened:
            link.click()  # a lesson opens it in a window of its own: Close
        sheet = opened.value
        sheet.wait_for_load_state()
        assert sheet.locator("header .course-title").inner_text() == "Example course"
        close = sheet.get_by_role("button", name=T["close"])
        assert close.is_visible()
        with sheet.expect_event("close"):  # the proof: the window closes
            with contextlib.suppress(TargetClosedError):  # closed while the click returns
                close.click(no_wait_after=True)
        # Followed in the course's own window: back to where the learner was.
        href = link.get_attribute("href")
        page.goto((packages["web"] / href).as_uri())
        page.get_by_role("button", name=T["back_to_course"]).click()
        page.wait_for_selector("section.screen[data-screen='1']:not([hidden])")
    finally:
        context.close()


def test_text_left_in_english_in_an_arabic_translation_keeps_its_own_direction(page, tmp_path):
    import shutil

    import polib

    from builder.load import load
    from builder.translate import extract
    course = tmp_path / "course"
    shutil.copytree(EXAMPLE, course)
    extract(load(course), "ar")
    po = polib.pofile(str(course / "locales" / "ar.po"))
    kept = "This course shows every feature of the **course format**."
    for entry in po:
        if entry.msgid != kept:
            entry.msgstr = prefixed(entry.msgid, "ع ")
    po.save()
    build(course, tmp_path / "out", formats=("web",), language="ar")
    page.goto((tmp_path / "out" / f"{STEM}-ar-web" / "index.html").as_uri())
    english = page.locator("section.screen:not([hidden]) p[lang='en']")
    assert english.inner_text() == "This course shows every feature of the course format."
    style = english.evaluate("e => [e.dir, getComputedStyle(e).unicodeBidi, getComputedStyle(e).textAlign,"
                             " getComputedStyle(e).direction]")
    assert style == ["ltr", "isolate", "start", "ltr"]
    # Its full stop stays at its end: on the right of the text, in a page that reads right to left.
    box = english.bounding_box()
    text_right = english.evaluate("e => { const r = document.createRange(); r.selectNodeContents(e);"
                                  " const rs = r.getClientRects(); return rs[rs.length - 1].right; }")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert text_right < box["x"] + box["width"] - 20  # aligned to its own start (the left), not the page's

"""The player's chrome as a learner meets it: the page opens at its top, the header (title, progress,
Contents) stays in view while reading, Previous/Next are in reach without scrolling to the end, the
drawer of small screens closes with Escape, and a learner who comes back is welcomed politely."""
from __future__ import annotations

from pathlib import Path

import pytest

from builder.build import build
from builder.catalogue import catalogue
from support.lms import LmsSession
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

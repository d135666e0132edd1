"""Launch the system Chromium through Playwright (sync API) and record page requests.

Why: the tests drive real packages in a real browser. Playwright's own browser downloads
are never used (no network; never run ``playwright install``): we always start Debian's
``/usr/bin/chromium`` with flags that keep it from phoning home.

Fixtures (registered by tests/conftest.py):

* ``browser`` (session scope): one Chromium for the whole run.
* ``page`` (function scope): a fresh BrowserContext + Page per test; every request the page
  makes (any frame) is recorded, read it with ``page_requests(page)``. Dialogs
  (``alert``/``confirm``/``prompt``) are auto-accepted and recorded (``page_dialogs(page)``),
  because SCORM content likes to ask "resume where you left off?".
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator

import pytest

CHROMIUM = Path(os.environ.get("COURSEBUILDER_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def launch_chromium(playwright, **kwargs):
    """Start the system Chromium headless with the project's fixed flags."""
    if not CHROMIUM.exists():
        pytest.skip(f"Chromium not installed at {CHROMIUM}")
    return playwright.chromium.launch(
        executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS), headless=True, **kwargs
    )


def instrument_page(page) -> None:
    """Record every request and dialog of ``page``; auto-accept dialogs."""
    requests: list[dict] = []
    dialogs: list[dict] = []
    page.on(
        "request",
        lambda r: requests.append(
            {"url": r.url, "method": r.method, "resource_type": r.resource_type,
             "frame_url": _frame_url(r)}
        ),
    )

    def on_dialog(d):
        dialogs.append({"type": d.type, "message": d.message})
        try:
            d.accept()
        except Exception:  # dialog already closed with its page
            pass

    page.on("dialog", on_dialog)
    page._cb_requests = requests  # type: ignore[attr-defined]
    page._cb_dialogs = dialogs  # type: ignore[attr-defined]


def _frame_url(request) -> str | None:
    try:
        return request.frame.url
    except Exception:  # service-worker requests etc. have no frame
        return None


def page_requests(page) -> list[dict]:
    """All requests made by ``page`` so far: dicts with url, method, resource_type, frame_url."""
    return list(page._cb_requests)


def page_dialogs(page) -> list[dict]:
    """All dialogs shown by ``page`` so far (each was accepted): dicts with type, message."""
    return list(page._cb_dialogs)


@pytest.fixture(scope="session")
def browser() -> Iterator:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = launch_chromium(p)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser) -> Iterator:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    pg = context.new_page()
    instrument_page(pg)
    try:
        yield pg
    finally:
        context.close()

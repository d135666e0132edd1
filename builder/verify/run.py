"""The browser run: the package in headless Chromium inside the local LMS (builder/lmshost), launched,
closed, relaunched with what the LMS kept, and closed again, the way a learner's two visits go.

Our own packages are walked to the end in the second visit (ours.py). Anyone else's get the
controls a learner would press to move on ("Next", "Continue", "→") pressed until there are none.
Nothing reaches the network: every request outside the local LMS is blocked and recorded.
"""
from __future__ import annotations

import contextlib
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..lmshost import LmsHost
from ..package.itemmap import Item
from . import ours as our_player

CHROMIUM_ARGS = ["--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
NEXT_LABEL = r"^\W*(next|continue|suivant|continuer|siguiente|continuar|weiter)\b|->\s*$|[→›»]\s*$"  # a JS RegExp
MAX_NEXT = 100


class BrowserMissing(Exception):
    """Playwright or Chromium is not installed: the message says what to install."""


@dataclass
class Session:
    label: str
    entry: str
    calls: list[dict]
    on_launch: dict  # the data model once the launch settled
    stored: dict  # what the LMS holds after the content closed (last successful commit or finish)
    other_api: str
    other_lookups: int
    load_problems: list[str]
    steps: list[str] = field(default_factory=list)  # what the run did in this session


@dataclass
class Run:
    sessions: list[Session] = field(default_factory=list)
    walk: our_player.Walk | None = None
    dialogs: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)  # requests to outside the package
    not_found: list[str] = field(default_factory=list)  # package files the content asked for and lacks
    browser: str = ""
    stopped: str | None = None  # why the run ended early


def start_browser(chromium: Path):
    """(playwright manager, browser); BrowserMissing with the exact install step when one is missing."""
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        raise BrowserMissing("the browser run needs Playwright for Python: pip install 'coursebuilder[verify]' "
                             "(it drives your Chromium; 'playwright install' is not needed)") from None
    if not chromium.is_file():
        raise BrowserMissing(f"Chromium not found at {chromium}: install it (Debian, Ubuntu: apt-get install "
                             "chromium) or give its path with --chromium PATH")
    # The package is untrusted: keep Chromium's sandbox, which refuses to run as root (containers, CI).
    args = CHROMIUM_ARGS + (["--no-sandbox"] if os.geteuid() == 0 else [])
    manager = sync_playwright().start()
    try:
        return manager, manager.chromium.launch(executable_path=str(chromium), args=args, headless=True)
    except Error as exc:
        manager.stop()
        raise BrowserMissing(f"Chromium at {chromium} did not start: {str(exc).splitlines()[0]}") from None


def run(browser, package_dir: Path, family: str, launch: str, runtime_dir: Path, ours: our_player.Ours | None,
        items: list[Item] | None) -> Run:
    from playwright.sync_api import Error

    result = Run(browser=f"Chromium {browser.version} (headless)")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    try:
        with LmsHost(package_dir, runtime_dir) as host:
            _watch(context, host.url, result)
            page = context.new_page()
            try:
                _visits(page, host, family, launch, ours, items, result)
            except Error as exc:
                result.stopped = str(exc).splitlines()[0]
    finally:
        context.close()
    return result


def _watch(context, base: str, result: Run) -> None:
    def route(request_route) -> None:
        url = request_route.request.url
        if url.startswith(base + "/"):
            request_route.continue_()
        else:
            result.blocked.append(url)
            request_route.abort()

    def on_page(page) -> None:
        def on_dialog(dialog) -> None:
            result.dialogs.append(f"{dialog.type}(): {dialog.message}")
            _accept(dialog)

        page.on("dialog", on_dialog)
        page.on("pageerror", lambda e: result.page_errors.append(str(e).splitlines()[0] if str(e) else repr(e)))
        page.on("response", lambda r: result.not_found.append(r.url[len(base) + len("/pkg/"):])
                if r.status == 404 and r.url.startswith(base + "/pkg/") else None)

    context.route("**/*", route)
    context.on("page", on_page)


def _accept(dialog) -> None:
    with contextlib.suppress(Exception):  # the page may have closed it already
        dialog.accept()  # "Resume where you left off?": yes, as most learners answer


def _visits(page, host: LmsHost, family: str, launch: str, ours, items, result: Run) -> None:
    first = host.launch(page, family, launch, number=1)
    _settle(page)
    session = _record("first launch", first)
    frame = first.content_frame()
    started = _started(page)
    if ours is not None and started and our_player.step_forward(frame):
        session.steps.append("pressed Next once (to leave a bookmark)")
    first.close()
    _finish(session, first)
    result.sessions.append(session)
    if not started:
        return  # a content that never reached the LMS teaches nothing more on a second visit

    again = host.launch(page, family, launch, stored=first.stored(), number=2)
    _settle(page)
    session = _record("relaunch", again)
    frame = again.content_frame()
    if ours is not None and _started(page):
        walk = result.walk = our_player.Walk(resumed_on=our_player.current_screen(frame))
        session.steps.append(f"the course opened on screen {walk.resumed_on}")
        our_player.walk_to_the_end(frame, items or [], walk)
        seen = walk.screens_seen
        session.steps.append(f"walked from screen {seen[0]} to screen {seen[-1]} with Next" if seen else "walked nowhere")
        for quiz_id, announced in walk.answered.items():
            session.steps.append(f"answered {quiz_id} from the item map: '{announced}'")
        our_player.leave(frame, walk)
        if walk.exited:
            session.steps.append("pressed Exit")
    elif ours is None:
        pressed = _press_next(page)
        if pressed:
            session.steps.append(f"pressed {pressed}")
    _settle(page)
    again.close()
    _finish(session, again)
    result.sessions.append(session)


def _started(page) -> bool:
    return page.evaluate("() => window.__lmsCalls.some((c) => /Initialize$/.test(c.method) && c.result === 'true')")


def _record(label: str, launch) -> Session:
    other, lookups = launch.other_api_lookups()
    return Session(label=label, entry=launch.entry, calls=[], on_launch=launch.cmi(), stored={}, other_api=other,
                   other_lookups=lookups, load_problems=launch.load_problems)


def _finish(session: Session, launch) -> None:
    session.calls = launch.calls()
    session.stored = launch.stored()
    session.other_api, session.other_lookups = launch.other_api_lookups()


def _settle(page, first_call_ms: int = 2000, quiet_ms: int = 250, most_ms: int = 8000) -> None:
    """Wait until the content has talked to the LMS and gone quiet (or plainly never will)."""
    started = time.monotonic()
    count, since = -1, time.monotonic()
    while (time.monotonic() - started) * 1000 < most_ms:
        now_count = page.evaluate("() => window.__lmsCalls.length")
        now = time.monotonic()
        if now_count != count:
            count, since = now_count, now
        elif (count == 0 and (now - started) * 1000 >= first_call_ms) or (count > 0 and (now - since) * 1000 >= quiet_ms):
            return
        page.wait_for_timeout(50)


_FIND_NEXT = """(words) => {
  const re = new RegExp(words, "i");
  const all = document.querySelectorAll("button, input[type=button], input[type=submit], a[href], [role=button]");
  for (const el of all) {
    const label = (el.getAttribute("aria-label") || el.value || el.textContent || "").trim();
    const box = el.getBoundingClientRect();
    if (!label || !re.test(label) || el.disabled || el.getAttribute("aria-disabled") === "true") continue;
    if (!box.width || !box.height || getComputedStyle(el).visibility === "hidden") continue;
    el.click();
    return label;
  }
  return null;
}"""


def _press_next(page) -> str:
    """Press the first visible control labelled Next (or →) in any frame, until none is left. The press
    is the element's own click(): a learner can press what is visible even when a frame's layout
    puts another element's box over it."""
    presses, labels = 0, []
    while presses < MAX_NEXT:
        for frame in page.frames:
            try:
                label = frame.evaluate(_FIND_NEXT, NEXT_LABEL)
            except Exception:
                continue
            if label:
                presses += 1
                labels.append(label)
                _settle(page, first_call_ms=300, quiet_ms=150, most_ms=3000)
                break
        else:
            break
    if not presses:
        return ""
    return f"'{labels[0]}' {presses} time{'s' if presses != 1 else ''}"

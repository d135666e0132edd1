#!/usr/bin/env python3
"""Screenshot every screen of a built web folder at phone and desktop widths, for a human to look at.

    python scripts/screenshots.py dist/<course>-web OUT_DIR [--widths 375,1280]

Uses Debian's Chromium through Playwright (never a downloaded browser)."""
from __future__ import annotations

import argparse
from pathlib import Path

from playwright.sync_api import sync_playwright

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("web_folder", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--widths", default="375,1280")
    parser.add_argument("--answer", action="store_true", help="submit each quiz unanswered to show its status line")
    options = parser.parse_args()
    options.out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for width in (int(w) for w in options.widths.split(",")):
            page = browser.new_page(viewport={"width": width, "height": 800})
            page.goto((options.web_folder.resolve() / "index.html").as_uri())
            total = page.locator(".toc a[data-screen]").count()
            for number in range(1, total + 1):
                if number > 1:
                    page.locator("#next").click()
                    page.wait_for_selector(f"section.screen[data-screen='{number}']:not([hidden])")
                page.evaluate("() => window.scrollTo(0, 0)")
                path = options.out / f"{width}-{number:03d}.png"
                page.screenshot(path=str(path), full_page=True)
                overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
                print(f"{path}  horizontal overflow: {overflow}px")
            page.close()
        browser.close()


if __name__ == "__main__":
    main()

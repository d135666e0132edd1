#!/usr/bin/env python3
"""What a learner downloads and waits for: runtime and package sizes, first screen on a slow
link, screen switches, and proof that nothing is fetched from outside the package.

(a) Sizes (no browser): the player runtime = index.html of an almost-empty course (one lesson,
    one sentence, default theme) + player/*.js + player/*.css, raw and gzip -9 (each file
    compressed on its own, as a web server would send it); the zip of that almost-empty course;
    the WG3 module's SCORM 1.2 / 2004 zips and web folder.
(b) Browser (Debian Chromium through Playwright, never `playwright install`): each package's web
    folder is served by a threaded stdlib HTTP server on 127.0.0.1 under /pkg/<name>/.
    * First screen, throttled: CDP Network.emulateNetworkConditions (400 kbit/s down and up =
      50,000 B/s, 400 ms latency per request), Network.setCacheDisabled, fresh browser context
      (empty localStorage, so no resume) per run.  "First screen visible" = navigation start →
      the first paint of the first `section.screen h1`, read with the Element Timing API: an
      init script's MutationObserver puts `elementtiming` on that h1 as soon as the parser
      inserts it (before any paint, as the stylesheets block rendering), and a
      PerformanceObserver reports its renderTime on the page's timeline (time origin =
      navigation start).  Cross-checks printed alongside: first-contentful-paint and the first
      requestAnimationFrame at which the h1 passes checkVisibility().  "Player ready" = when
      the player's scripts have run and shown the first screen (their first write of the
      progress bar's width, seen by a MutationObserver): until then the controls do nothing.
      Requests = every request the page made until the network was idle after load (includes
      the ahead-of-time load of screen 2); bytes = encoded bytes received (CDP loadingFinished).
    * Screen switch, unthrottled over localhost, 200-lesson course: wait until the next screen
      is preloaded (the player loads screen n+1 ahead, as it does while a learner reads), click
      Next with a real (CDP) mouse click, and time from the click event's timeStamp to the end
      of the first frame in which the new screen's h1 is visible (a setTimeout(0) queued from
      that frame's requestAnimationFrame callback runs right after the frame is rendered).
    * Outside requests: every request URL the page made (page "request" events) and every path
      the server saw must lie under http://127.0.0.1:PORT/pkg/<name>/.

    python bench/learner.py                    # full run (a few minutes)
    python bench/learner.py --quick            # 3-lesson course instead of 200, 1 round (smoke)
    python bench/learner.py --no-browser       # sizes only
    python bench/learner.py --gzip             # server also gzips responses (Accept-Encoding)
"""
from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import REPO, WG3, almost_empty_course, git_rev, machine, mark, spread, synthetic  # noqa: E402

CHROMIUM = Path(os.environ.get("COURSEBUILDER_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
THROTTLE = {"offline": False, "latency": 400, "downloadThroughput": 400_000 / 8,
            "uploadThroughput": 400_000 / 8}

TARGET_RUNTIME_GZ = 25 * 1024
TARGET_EMPTY_ZIP = 60 * 1024
TARGET_FIRST_WG3 = 2000.0   # ms
TARGET_FIRST_200 = 2500.0   # ms
TARGET_SWITCH = 50.0        # ms

# Runs in every document before its own scripts.
INIT_SCRIPT = r"""
(() => {
  const fs = window.__cbFirst = {};
  const SEL = 'section.screen h1';
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries())
        if (e.identifier === 'cb-first-h1' && fs.element === undefined) fs.element = e.renderTime || e.loadTime;
    }).observe({type: 'element', buffered: true});
  } catch (e) { fs.noElementTiming = String(e); }
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (e.name === 'first-contentful-paint') fs.fcp = e.startTime;
    }).observe({type: 'paint', buffered: true});
  } catch (e) {}
  const tag = () => {
    const h = document.querySelector(SEL);
    if (h && !h.hasAttribute('elementtiming')) { h.setAttribute('elementtiming', 'cb-first-h1'); return true; }
    return !!h;
  };
  if (!tag()) {
    const mo = new MutationObserver(() => { if (tag()) mo.disconnect(); });
    mo.observe(document, {childList: true, subtree: true});
  }
  const poll = () => {
    const h = document.querySelector(SEL);
    if (h && h.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})
        && h.getBoundingClientRect().height > 0) { fs.raf = performance.now(); return; }
    requestAnimationFrame(poll);
  };
  requestAnimationFrame(poll);
  // Player ready: its scripts have run and shown the first screen (they set the progress bar).
  const ready = new MutationObserver(() => {
    const fill = document.getElementById('progress-fill');
    if (fill && fill.style.width) { fs.ready = performance.now(); ready.disconnect(); }
  });
  ready.observe(document, {subtree: true, attributes: true, attributeFilter: ['style']});
})();
"""

SWITCH_ARM = r"""
(n) => {
  const sw = window.__cbSwitch = {n};
  document.getElementById('next').addEventListener('click', (e) => { sw.t0 = e.timeStamp; },
                                                    {capture: true, once: true});
  const poll = () => {
    const s = document.querySelector('section.screen[data-screen="' + n + '"]');
    const h = s && !s.hidden && s.querySelector('h1');
    if (sw.t0 !== undefined && h && h.checkVisibility() && h.getBoundingClientRect().height > 0) {
      setTimeout(() => { sw.t1 = performance.now(); }, 0);
      return;
    }
    requestAnimationFrame(poll);
  };
  requestAnimationFrame(poll);
}
"""


# ---- sizes -------------------------------------------------------------------------------------
def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def folder_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def sizes(work: Path) -> dict:
    from builder.build import build  # noqa: PLC0415  (the working tree's builder)

    empty = almost_empty_course(work / "src-empty")
    out = work / "out-empty"
    zip12, web = build(empty, out, formats=("scorm12", "web"))
    runtime = {"index.html": (web / "index.html").read_bytes()}
    for p in sorted((web / "player").iterdir()):
        if p.suffix in (".js", ".css"):
            runtime["player/" + p.name] = p.read_bytes()
    wg3 = build(WG3, work / "out-wg3")
    return {
        "runtime": {k: (len(v), gz(v)) for k, v in runtime.items()},
        "runtime_raw": sum(len(v) for v in runtime.values()),
        "runtime_gz": sum(gz(v) for v in runtime.values()),
        "empty_zip": zip12.stat().st_size,
        "wg3": {p.name: (p.stat().st_size if p.is_file() else folder_bytes(p)) for p in wg3},
        "wg3_web": next(p for p in wg3 if p.is_dir()),
    }


# ---- server ------------------------------------------------------------------------------------
class Handler(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    seen: list[str]
    use_gzip = False

    def log_message(self, *args):  # quiet
        pass

    def do_GET(self):
        self.seen.append(self.path)
        if self.use_gzip and "gzip" in self.headers.get("Accept-Encoding", ""):
            path = Path(self.translate_path(self.path))
            if path.is_file():
                body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
                self.send_response(200)
                self.send_header("Content-Type", self.guess_type(str(path)))
                self.send_header("Content-Encoding", "gzip")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
        super().do_GET()


def serve(root: Path, use_gzip: bool):
    seen: list[str] = []
    handler = type("H", (Handler,), {"seen": seen, "use_gzip": use_gzip})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(root)))
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, seen


# ---- browser -----------------------------------------------------------------------------------
def first_screen(browser, url: str, prefix: str, throttle: bool) -> dict:
    ctx = browser.new_context(viewport={"width": 1280, "height": 800})
    page = ctx.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    cdp = ctx.new_cdp_session(page)
    received = [0]
    cdp.on("Network.loadingFinished", lambda e: received.__setitem__(0, received[0] + e["encodedDataLength"]))
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    if throttle:
        cdp.send("Network.emulateNetworkConditions", THROTTLE)
    page.add_init_script(INIT_SCRIPT)
    t0 = time.perf_counter()
    page.goto(url, wait_until="commit", timeout=120_000)
    page.wait_for_function("() => window.__cbFirst && window.__cbFirst.element !== undefined "
                           "&& window.__cbFirst.raf !== undefined && window.__cbFirst.ready !== undefined",
                           timeout=120_000, polling=50)
    wall = (time.perf_counter() - t0) * 1000
    page.wait_for_load_state("load", timeout=120_000)
    page.wait_for_load_state("networkidle", timeout=120_000)
    fs = page.evaluate("() => window.__cbFirst")
    ctx.close()
    outside = [u for u in requests if not u.startswith(prefix)]
    return {"element_ms": fs["element"], "fcp_ms": fs.get("fcp"), "raf_ms": fs["raf"], "ready_ms": fs["ready"],
            "wall_ms": wall,
            "requests": len(requests), "bytes": received[0], "outside": outside, "urls": requests}


def switches(browser, url: str, prefix: str, count: int) -> tuple[list[float], list[str]]:
    ctx = browser.new_context(viewport={"width": 1280, "height": 800})
    page = ctx.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(url, wait_until="load")
    total = page.evaluate("() => JSON.parse(document.getElementById('course-config').textContent).screens")
    out = []
    for n in range(2, min(total, count + 1) + 1):
        # the player loads screen n while screen n-1 is shown; a learner reads meanwhile
        page.wait_for_selector(f'section.screen[data-screen="{n}"]', state="attached", timeout=30_000)
        page.wait_for_timeout(150)
        page.evaluate(SWITCH_ARM, n)
        page.click("#next")
        page.wait_for_function("() => window.__cbSwitch.t1 !== undefined", timeout=30_000, polling=10)
        sw = page.evaluate("() => window.__cbSwitch")
        out.append(sw["t1"] - sw["t0"])
    ctx.close()
    return out, [u for u in requests if not u.startswith(prefix)]


def browser_part(packages: dict[str, Path], rounds: int, switch_course: str, switch_count: int,
                 use_gzip: bool) -> dict:
    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    root = Path(tempfile.mkdtemp(prefix="cb-serve-"))
    (root / "pkg").mkdir()
    for name, web in packages.items():
        os.symlink(web, root / "pkg" / name)
    httpd, seen = serve(root, use_gzip)
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    res: dict = {"first": {n: [] for n in packages}, "outside": []}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
            for r in range(rounds):
                for name in packages:  # interleaved
                    prefix = f"{base}/pkg/{name}/"
                    m = first_screen(browser, prefix + "index.html", prefix, throttle=True)
                    res["first"][name].append(m)
                    res["outside"] += m["outside"]
                print(f"round {r + 1}/{rounds}: " + ", ".join(
                    f"{n} {v[-1]['element_ms']:.0f} ms" for n, v in res["first"].items()), file=sys.stderr, flush=True)
            prefix = f"{base}/pkg/{switch_course}/"
            res["switch"], outside = switches(browser, prefix + "index.html", prefix, switch_count)
            res["outside"] += outside
            browser.close()
    finally:
        httpd.shutdown()
        httpd.server_close()
    res["server_outside"] = [p for p in seen if not p.startswith("/pkg/")]
    res["server_paths"] = len(seen)
    return res


# ---- report ------------------------------------------------------------------------------------
def kb(n: int) -> str:
    return f"{n / 1024:.1f} KB"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="3-lesson course instead of 200, 1 round, 2 switches")
    ap.add_argument("--lessons", type=int, default=200, help="lessons of the synthetic course (default 200)")
    ap.add_argument("--rounds", type=int, default=5, help="throttled first-screen runs per package (default 5)")
    ap.add_argument("--switches", type=int, default=20, help="screen switches to time (default 20)")
    ap.add_argument("--no-browser", action="store_true", help="sizes only")
    ap.add_argument("--gzip", action="store_true", help="serve gzip-compressed responses")
    ap.add_argument("--json", type=Path, help="also write raw results here")
    a = ap.parse_args(argv)
    if a.quick:
        a.lessons, a.rounds, a.switches = 3, 1, 2

    os.chdir(REPO)
    sys.path.insert(0, str(REPO))
    work = Path(tempfile.mkdtemp(prefix="cb-learner-"))
    s = sizes(work)

    print(f"\nMachine: {machine()}; commit {git_rev()}.\n")
    print("| package part | raw | gzip -9 |\n| --- | --- | --- |")
    for name, (raw, z) in s["runtime"].items():
        print(f"| {name} (almost-empty course) | {raw} B | {z} B |")
    print(f"| **player runtime total** | {kb(s['runtime_raw'])} | **{kb(s['runtime_gz'])}** |")
    print(f"| almost-empty course, SCORM 1.2 zip | {kb(s['empty_zip'])} | – |")
    for name, n in s["wg3"].items():
        print(f"| WG3 {name} | {kb(n)} | – |")

    rows = [("player runtime ≤ 25 KB gzip", kb(s["runtime_gz"]), s["runtime_gz"] <= TARGET_RUNTIME_GZ),
            ("almost-empty course zip ≤ 60 KB", kb(s["empty_zip"]), s["empty_zip"] <= TARGET_EMPTY_ZIP)]
    result: dict = {"machine": machine(), "commit": git_rev(), "sizes": {k: v for k, v in s.items() if k != "wg3_web"}}

    if not a.no_browser and not CHROMIUM.exists():
        print(f"\nnote: no Chromium at {CHROMIUM}: browser measurements skipped", file=sys.stderr)
        a.no_browser = True
    if not a.no_browser:
        from builder.build import build  # noqa: PLC0415

        syn = synthetic(a.lessons, work / f"src-{a.lessons}")
        syn_web = build(syn, work / f"out-{a.lessons}", formats=("web",))[0]
        syn_name = f"synthetic-{a.lessons}"
        packages = {"wg3": s["wg3_web"], syn_name: syn_web}
        b = browser_part(packages, a.rounds, syn_name, a.switches, a.gzip)
        result["browser"] = b
        served = "gzip" if a.gzip else "uncompressed"
        print(f"\nThrottled: 400 kbit/s down/up, 400 ms latency, cache off, {served} responses from a "
              f"local server; {a.rounds} runs each, interleaved; times from navigation start.\n")
        print("| package | first screen visible (h1 element timing), median (min–max) | FCP | "
              "h1 visible (rAF) | player ready | requests | bytes received |")
        print("| --- | --- | --- | --- | --- | --- | --- |")
        for name, runs in b["first"].items():
            el = [m["element_ms"] for m in runs]
            print(f"| {name} | {spread(el, '{:.0f}', ' ms')} | "
                  f"{spread([m['fcp_ms'] for m in runs if m['fcp_ms'] is not None], '{:.0f}', ' ms')} | "
                  f"{spread([m['raf_ms'] for m in runs], '{:.0f}', ' ms')} | "
                  f"{spread([m['ready_ms'] for m in runs], '{:.0f}', ' ms')} | "
                  f"{statistics.median(m['requests'] for m in runs):.0f} | "
                  f"{kb(int(statistics.median(m['bytes'] for m in runs)))} |")
        sw = b["switch"]
        print(f"\nScreen switch (unthrottled, localhost, {syn_name}, next screen preloaded): "
              f"{spread(sw, '{:.1f}', ' ms')} over {len(sw)} switches.")
        srv = b["server_outside"]
        print(f"Requests outside the package: {len(b['outside'])} made by the page (every request URL "
              f"checked against its /pkg/<name>/ path){': ' + ', '.join(sorted(set(b['outside']))[:5]) if b['outside'] else ''}; "
              f"the server saw {len(srv)} of its {b['server_paths']} paths outside /pkg/"
              + (f" ({', '.join(f'{p} ×{srv.count(p)}' for p in sorted(set(srv)))}: requested by the browser "
                 "itself, not by the package, because index.html names no icon)" if srv else "") + ".")
        firsts = {n: statistics.median(m["element_ms"] for m in runs) for n, runs in b["first"].items()}
        rows += [("first screen visible, WG3, throttled ≤ 2 s", f"{firsts['wg3']:.0f} ms",
                  firsts["wg3"] <= TARGET_FIRST_WG3),
                 (f"first screen visible, {a.lessons} lessons, throttled ≤ 2.5 s", f"{firsts[syn_name]:.0f} ms",
                  firsts[syn_name] <= TARGET_FIRST_200),
                 ("screen switch ≤ 50 ms", f"{statistics.median(sw):.1f} ms" if sw else "–",
                  statistics.median(sw) <= TARGET_SWITCH if sw else None),
                 ("requests outside the package = 0",
                  f"{len(b['outside'])} by the package; {len(b['server_outside'])} by the browser (favicon)",
                  not b["outside"] and not b["server_outside"])]

    print("\n| target | measured | |\n| --- | --- | --- |")
    for name, value, ok in rows:
        print(f"| {name} | {value} | {mark(ok)} |")
    if a.json:
        a.json.write_text(json.dumps(result, indent=1, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())

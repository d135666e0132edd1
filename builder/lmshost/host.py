"""A local LMS for an unpacked SCORM package: an HTTP server on 127.0.0.1 and the host page
(static/host.html, host.js, lms.js) with the real scorm-again runtime, driven through Playwright
(sync). `coursebuilder verify` and the tests' harness (tests/support/lms.py) launch packages in it.

Served, on a random free port, never cached:
``/pkg/...`` the package, ``/__lms__/host.html`` the LMS page, ``/__lms__/host.js`` and ``lms.js``,
``/__lms__/config.js`` (this launch: version, launch file, what the LMS kept) and
``/__lms__/scorm-again/*.min.js`` (from ``runtime_dir``, scorm-again's dist/ folder).

Like an LMS, a launch given the data a session ended with loads what an LMS keeps and sets
``entry`` (static/lms.js holds those rules, for the preview's page too). Nothing here knows
coursebuilder's player: any SCORM 1.2 or 2004 package runs the same way.

    with LmsHost(package_dir, scorm_again_dist) as host:
        first = host.launch(page, "1.2", "index.html")
        first.calls(); first.cmi(); first.close()       # close: the content is navigated away
        second = host.launch(page, "1.2", "index.html", stored=first.stored(), number=2)
"""
from __future__ import annotations

import json
import mimetypes
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

STATIC = Path(__file__).with_name("static")
HOST_SCRIPT = STATIC / "lms.js"  # also served by the preview's LMS page
BUNDLES = {"1.2": "scorm12.min.js", "2004": "scorm2004.min.js"}
PAGE_FILES = {"host.js", "lms.js"}


class _Handler(BaseHTTPRequestHandler):
    server: LmsHost

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:
        self._serve(body=True)

    def do_HEAD(self) -> None:
        self._serve(body=False)

    def do_POST(self) -> None:  # a package has no business posting anywhere
        self.send_error(405)

    def _serve(self, body: bool) -> None:
        path = urllib.parse.unquote(urllib.parse.urlsplit(self.path).path)
        host = self.server
        name = path.rsplit("/", 1)[1]
        if path == "/__lms__/host.html":
            html = (STATIC / "host.html").read_text(encoding="utf-8").replace("{bundle}", BUNDLES[host.config["version"]])
            data, ctype = html.encode(), "text/html; charset=utf-8"
        elif path == "/__lms__/config.js":
            data = ("window.__lmsConfig = " + json.dumps(host.config).replace("<", "\\u003c") + ";\n").encode()
            ctype = "text/javascript; charset=utf-8"
        else:
            file = None
            if path == "/__lms__/" + name and name in PAGE_FILES:
                file = STATIC / name
            elif path == "/__lms__/scorm-again/" + name and name in BUNDLES.values():
                file = host.runtime_dir / name
            elif path.startswith("/pkg/"):
                file = _inside(host.package_dir, path[len("/pkg/"):])
            if file is not None and file.is_dir():
                file = file / "index.html"
            if file is None or not file.is_file():
                self.send_error(404)
                return
            data = file.read_bytes()
            ctype = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
            if ctype.startswith("text/") or ctype in ("application/javascript", "image/svg+xml", "application/json"):
                ctype += "; charset=utf-8"
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if body:
            self.wfile.write(data)


def _inside(root: Path, rel: str) -> Path | None:
    target = (root / rel).resolve()
    return target if target.is_relative_to(root.resolve()) else None


class LmsHost(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, package_dir: Path, runtime_dir: Path):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.package_dir = Path(package_dir)
        self.runtime_dir = Path(runtime_dir)
        self.config: dict = {"version": "1.2"}
        self._thread = threading.Thread(target=self.serve_forever, name="lms-host", daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def handle_error(self, request, client_address) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # pages navigating away drop connections
            super().handle_error(request, client_address)

    def launch(self, page, version: str, launch: str, stored: dict | None = None, number: int = 1,
               timeout_ms: int = 15_000) -> Launch:
        """Open ``launch`` (a path in the package, with its query) under a fresh API in ``page``.

        ``version``: "1.2" or "2004"; ``stored``: the flat data model the last session ended with."""
        self.config = {"version": version, "launch": "/pkg/" + launch.lstrip("/"), "stored": stored or {}}
        page.goto(f"{self.url}/__lms__/host.html?launch={number}", wait_until="load", timeout=timeout_ms)
        page.wait_for_function(
            "() => { const f = document.getElementById('content'); return f.contentWindow"
            " && f.contentWindow.location.href !== 'about:blank' && f.contentDocument"
            " && f.contentDocument.readyState === 'complete'; }", timeout=timeout_ms)
        return Launch(page, version)

    def stop(self) -> None:
        if self._thread.is_alive():
            self.shutdown()
            self.server_close()

    def __enter__(self) -> LmsHost:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


_SNAPSHOT = ("() => ({calls: window.__lmsCalls, cmi: window.__lms.cmi(true), bare: window.__lms.cmi(false),"
             " committed: window.__lms.committed(), lookups: window.__lms.lookups(), otherName: window.__lms.otherName})")


class Launch:
    """One session of the package: its API calls and what the LMS holds."""

    def __init__(self, page, version: str):
        self.page = page
        self.version = version
        self.entry, self.load_problems = page.evaluate("() => [window.__lms.entry, window.__lms.loadProblems]")
        self._final: dict | None = None

    def content_frame(self):
        """The Playwright Frame of the launched file."""
        return self.page.query_selector("#content").content_frame()

    def _read(self, what: str):
        return (self._final or self.page.evaluate(_SNAPSHOT))[what]

    def calls(self) -> list[dict]:
        """Every API call: {method, args, argTypes, result, errorCode, errorText?, injected, t}
        (t: ms since the page opened; injected: answered by the fault mode, not scorm-again)."""
        return self._read("calls")

    def cmi(self, include_total_time: bool = True) -> dict:
        """The data model now, flat ({"cmi.core.lesson_status": "incomplete", ...}); with
        ``include_total_time``, total_time as a finish would render it (stored total + session_time)."""
        return self._read("cmi" if include_total_time else "bare")

    def stored(self) -> dict:
        """What the LMS received: the data model at the last successful commit or finish ({} if none)."""
        return self._read("committed") or {}

    def other_api_lookups(self) -> tuple[str, int]:
        """The other version's API name, and how often the package looked for it."""
        return self._read("otherName"), self._read("lookups")

    def set_faulting(self, on: bool, only: str | None = None) -> None:
        """Simulate an LMS outage: SetValue and Commit fail (1.2: error 101; 2004: 351, 391) and store
        nothing; with ``only`` (an element prefix), only SetValue calls on those elements fail."""
        self.page.evaluate("([on, only]) => window.__lms.setFaulting(on, only)", [bool(on), only])

    def close(self) -> None:
        """Navigate the content away, as an LMS closing its window does; freeze what was recorded."""
        if self._final is None:
            self.page.evaluate("() => window.__lms.closeContent()")
            self._final = self.page.evaluate(_SNAPSHOT)

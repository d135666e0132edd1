"""A local LMS around an unpacked SCORM package: an HTTP server on 127.0.0.1 and a host page
(static/host.html, host.js) with the real scorm-again runtime, driven through Playwright (sync).

Served, on a random free port, never cached:
``/pkg/...`` the package, ``/__lms__/host.html`` the LMS page, ``/__lms__/host.js``, ``/__lms__/config.js``
(this launch's data) and ``/__lms__/scorm-again/*.min.js``.

Like an LMS, it keeps what the package committed and hands it back at the next launch, with
``entry`` set to ``resume`` after an exit of ``suspend``. Nothing here knows coursebuilder's player:
any SCORM 1.2 or 2004 package runs the same way.

    with LmsHost(package_dir, scorm_again_dist) as host:
        first = host.launch(page, "1.2", "index.html")
        first.calls(); first.cmi(); first.close()       # close: the content is navigated away
        second = host.launch(page, "1.2", "index.html", stored=first.stored())
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
BUNDLES = {"1.2": "scorm12.min.js", "2004": "scorm2004.min.js"}
NOT_KEPT = {"1.2": {"cmi.core.exit", "cmi.core.entry", "cmi.core.session_time"},
            "2004": {"cmi.exit", "cmi.entry", "cmi.session_time"}}
EXIT = {"1.2": "cmi.core.exit", "2004": "cmi.exit"}


def entry_for(version: str, stored: dict | None) -> str:
    """cmi.core.entry / cmi.entry of a launch after a session that left ``stored``."""
    if stored and stored.get(EXIT[version]) == "suspend":
        return "resume"
    return "" if version == "1.2" else "ab-initio"


def kept(version: str, stored: dict) -> dict:
    """What an LMS loads into the next session from what it stored."""
    return {k: v for k, v in stored.items()
            if k not in NOT_KEPT[version] and not k.endswith(("._children", "._count", "._version")) and v != ""}


class _Handler(BaseHTTPRequestHandler):
    server: "LmsHost"

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
        if path == "/__lms__/host.html":
            html = (STATIC / "host.html").read_text(encoding="utf-8").replace("{bundle}", BUNDLES[host.config["version"]])
            data, ctype = html.encode(), "text/html; charset=utf-8"
        elif path == "/__lms__/host.js":
            data, ctype = (STATIC / "host.js").read_bytes(), "text/javascript; charset=utf-8"
        elif path == "/__lms__/config.js":
            data = ("window.__lmsConfig = " + json.dumps(host.config).replace("<", "\\u003c") + ";\n").encode()
            ctype = "text/javascript; charset=utf-8"
        else:
            file = None
            if path.startswith("/__lms__/scorm-again/") and path.rsplit("/", 1)[1] in BUNDLES.values():
                file = host.runtime_dir / path.rsplit("/", 1)[1]
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
        self._thread = threading.Thread(target=self.serve_forever, name="verify-lms", daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def handle_error(self, request, client_address) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # pages navigating away drop connections
            super().handle_error(request, client_address)

    def launch(self, page, version: str, launch: str, stored: dict | None = None, number: int = 1,
               timeout_ms: int = 15_000) -> "Launch":
        """Open ``launch`` (a path in the package, with its query) under a fresh API in ``page``."""
        self.config = {"version": version, "launch": "/pkg/" + launch.lstrip("/"),
                       "cmi": kept(version, stored or {}), "entry": entry_for(version, stored)}
        page.goto(f"{self.url}/__lms__/host.html?launch={number}", wait_until="load", timeout=timeout_ms)
        page.wait_for_function(
            "() => { const f = document.getElementById('content'); return f.contentWindow"
            " && f.contentWindow.location.href !== 'about:blank' && f.contentDocument"
            " && f.contentDocument.readyState === 'complete'; }", timeout=timeout_ms)
        return Launch(page, version, self.config["entry"], page.evaluate("() => window.__lms.loadProblems"))

    def __enter__(self) -> "LmsHost":
        return self

    def __exit__(self, *exc) -> None:
        self.shutdown()
        self.server_close()


_SNAPSHOT = ("() => ({calls: window.__lmsCalls, cmi: window.__lms.cmi(), committed: window.__lms.committed(),"
             " lookups: window.__lms.lookups(), otherName: window.__lms.otherName})")


class Launch:
    """One session of the package: its API calls and what the LMS holds."""

    def __init__(self, page, version: str, entry: str, load_problems: list[str]):
        self.page = page
        self.version = version
        self.entry = entry
        self.load_problems = load_problems
        self._final: dict | None = None

    def content_frame(self):
        """The Playwright Frame of the launched file."""
        return self.page.query_selector("#content").content_frame()

    def _read(self, what: str):
        return (self._final or self.page.evaluate(_SNAPSHOT))[what]

    def calls(self) -> list[dict]:
        """Every API call: {method, args, argTypes, result, errorCode, errorText?, t} (t: ms since the page opened)."""
        return self._read("calls")

    def cmi(self) -> dict:
        """The data model now, flat ({"cmi.core.lesson_status": "incomplete", ...})."""
        return self._read("cmi")

    def stored(self) -> dict:
        """What the LMS received: the data model at the last successful commit or finish ({} if none)."""
        return self._read("committed") or {}

    def other_api_lookups(self) -> tuple[str, int]:
        """The other version's API name, and how often the package looked for it."""
        return self._read("otherName"), self._read("lookups")

    def close(self) -> None:
        """Navigate the content away, as an LMS closing its window does; freeze what was recorded."""
        if self._final is None:
            self.page.evaluate("() => window.__lms.closeContent()")
            self._final = self.page.evaluate(_SNAPSHOT)

"""An LMS harness around the REAL scorm-again runtime, driven through Playwright (sync).

Why: to test a SCORM package we need what an LMS gives it: a window with the SCORM API
(``window.API`` for 1.2, ``window.API_1484_11`` for 2004), a frame that loads the content,
persistence between launches, and the occasional outage. The runtime is scorm-again 3.4.3
from npm (installed by ``support.npm``), never a mock. Around it we only add:

* recording of every API call as ``{method, args, result, errorCode, injected, t}``
  (``errorCode`` is read from the runtime's own GetLastError right after the call);
* a fault mode (``set_faulting``) that simulates an LMS outage: SetValue/Commit answer
  "false" with a non-zero error (1.2: 101; 2004: 351 for SetValue, 391 for Commit) and
  the call does NOT reach scorm-again, so nothing is stored while faulting (or, with
  ``only=prefix``, only SetValue on those elements fails);
* relaunch with the data kept (what an LMS stores after Finish/Terminate).

Layout served over HTTP on 127.0.0.1 (random free port, no caching):
``/pkg/...`` the unpacked package, ``/__lms__/launch.html`` the launcher page,
``/__lms__/launcher.js`` (tests/support/lms_launcher.js), ``/__lms__/config.js``
(per-launch config) and ``/__lms__/scorm-again/*`` (scorm-again's dist/ folder).

Import as ``from support.lms import LmsSession`` (tests/conftest.py puts tests/ on sys.path).

    session = LmsSession.launch(page, package_dir, "1.2")     # or "2004"
    session.frame                 # Frame of the content iframe (loaded)
    session.calls(); session.errors(); session.cmi()
    session.set_faulting(True); ...; session.set_faulting(False)
    session2 = session.relaunch() # content closed -> Finish; relaunched with entry=resume
"""
from __future__ import annotations

import json
import mimetypes
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from lxml import etree

from .npm import node_modules

_LAUNCHER_JS = Path(__file__).with_name("lms_launcher.js")

_LAUNCH_HTML = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Test LMS</title>
<style>html,body{margin:0;height:100%;overflow:hidden}
#content{border:0;width:100%;height:100%;display:block}</style>
<script src="/__lms__/config.js"></script>
<script src="/__lms__/scorm-again/{bundle}"></script>
<script src="/__lms__/launcher.js"></script>
</head><body><iframe id="content" title="Course content"></iframe></body></html>
"""

# Elements an LMS does not carry over into a new attempt/session.
_NOT_PERSISTED_SUFFIXES = ("._children", "._count", "._version")
_NOT_PERSISTED = {
    "1.2": {"cmi.core.exit", "cmi.core.entry", "cmi.core.session_time"},
    "2004": {"cmi.exit", "cmi.entry", "cmi.session_time"},
}


def _family(version: str) -> str:
    if version == "1.2":
        return "1.2"
    if version in ("2004", "2004-3", "2004-4"):
        return "2004"
    raise ValueError(f"unknown SCORM version {version!r}; use '1.2' or '2004'")


def entry_for(version: str, cmi: dict | None) -> str:
    """cmi.core.entry / cmi.entry for a launch following a session that stored ``cmi``."""
    fam = _family(version)
    exit_key = "cmi.core.exit" if fam == "1.2" else "cmi.exit"
    if cmi and cmi.get(exit_key) == "suspend":
        return "resume"
    return "" if fam == "1.2" else "ab-initio"


def launch_href(package_dir: Path) -> str:
    """Launch file of the first SCO of the default organization (fallback: index.html)."""
    manifest = Path(package_dir) / "imsmanifest.xml"
    if not manifest.exists():
        return "index.html"
    root = etree.parse(str(manifest), etree.XMLParser(no_network=True)).getroot()
    resources = {r.get("identifier"): r for r in root.iterfind(".//{*}resources/{*}resource")}
    orgs = root.find("{*}organizations")
    org = None
    if orgs is not None:
        default = orgs.get("default")
        org = next((o for o in orgs.iterfind("{*}organization") if o.get("identifier") == default), None)
        if org is None:
            org = orgs.find("{*}organization")
    for item in (org.iter("{*}item") if org is not None else []):
        res = resources.get(item.get("identifierref"))
        if res is not None and res.get("href"):
            base = res.get("{http://www.w3.org/XML/1998/namespace}base") or ""
            return base + res.get("href") + (item.get("parameters") or "")
    return "index.html"


class _Handler(BaseHTTPRequestHandler):
    server: "_LmsHttpServer"

    def log_message(self, *args) -> None:  # keep test output quiet
        pass

    def do_GET(self) -> None:
        self._serve(body=True)

    def do_HEAD(self) -> None:
        self._serve(body=False)

    def do_POST(self) -> None:  # content has no business posting anywhere
        self.send_error(405)

    def _serve(self, body: bool) -> None:
        path = urllib.parse.unquote(urllib.parse.urlsplit(self.path).path)
        srv = self.server
        data: bytes | None = None
        ctype = "application/octet-stream"
        if path == "/favicon.ico":
            self.send_response(204)
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            return
        if path == "/__lms__/launch.html":
            data, ctype = _LAUNCH_HTML.replace("{bundle}", srv.bundle()).encode(), "text/html; charset=utf-8"
        elif path == "/__lms__/config.js":
            data = ("window.__lmsConfig = " + json.dumps(srv.config) + ";\n").encode()
            ctype = "text/javascript; charset=utf-8"
        elif path == "/__lms__/launcher.js":
            data, ctype = _LAUNCHER_JS.read_bytes(), "text/javascript; charset=utf-8"
        else:
            file = None
            if path.startswith("/__lms__/scorm-again/"):
                file = _safe_join(srv.scorm_again_dist, path[len("/__lms__/scorm-again/"):])
            elif path.startswith("/pkg/"):
                file = _safe_join(srv.package_dir, path[len("/pkg/"):])
            if file is not None and file.is_dir():
                file = file / "index.html"
            if file is None or not file.is_file():
                self.send_error(404)
                return
            data = file.read_bytes()
            ctype = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
            if ctype.startswith("text/") or ctype in ("application/javascript", "text/javascript"):
                ctype += "; charset=utf-8" if "charset" not in ctype else ""
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if body:
            self.wfile.write(data)


def _safe_join(root: Path, rel: str) -> Path | None:
    target = (root / rel).resolve()
    try:
        target.relative_to(root.resolve())
    except ValueError:
        return None
    return target


class _LmsHttpServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, package_dir: Path):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.package_dir = Path(package_dir)
        self.scorm_again_dist = node_modules() / "scorm-again" / "dist"
        self.config: dict[str, Any] = {}
        self._thread = threading.Thread(target=self.serve_forever, name="lms-http", daemon=True)
        self._thread.start()

    def handle_error(self, request, client_address) -> None:
        # The browser drops connections when a page navigates away mid-response; that is
        # normal here and not worth a traceback. Anything else is still reported.
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)

    def bundle(self) -> str:
        return "scorm12.js" if self.config.get("version") == "1.2" else "scorm2004.js"

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def stop(self) -> None:
        if self._thread.is_alive():
            self.shutdown()
            self.server_close()


class LmsSession:
    """One launch of a package in the test LMS. Create with :meth:`launch`."""

    def __init__(self, page, server: _LmsHttpServer, version: str, generation: int,
                 previous: "LmsSession | None"):
        self.page = page
        self.server = server
        self.version = version
        self.generation = generation
        self.previous = previous
        self._frame = None
        self._final_calls: list[dict] | None = None  # frozen once this session is replaced
        self._final_cmi: dict | None = None

    # ---- launching -------------------------------------------------------------------
    @classmethod
    def launch(cls, page, package_dir: Path, version: str, cmi: dict | None = None,
               launch: str | None = None) -> "LmsSession":
        """Serve ``package_dir`` and open it in ``page`` under a fresh scorm-again API.

        ``version``: "1.2" or "2004" ("2004-3"/"2004-4" accepted). ``cmi``: initial flat
        data (e.g. from a previous ``session.cmi()``); entry becomes "resume" if its exit was
        "suspend". ``launch``: path inside the package (default: from imsmanifest.xml).
        """
        server = _LmsHttpServer(package_dir)
        page.on("close", lambda _p: server.stop())
        session = cls(page, server, _family(version), 1, None)
        session._open(cmi, launch or launch_href(Path(package_dir)))
        return session

    def _open(self, cmi: dict | None, launch: str) -> None:
        self._launch = launch
        self.server.config = {
            "version": self.version,
            "launch": "/pkg/" + launch.lstrip("/"),
            "cmi": _persisted(self.version, cmi or {}),
            "entry": entry_for(self.version, cmi),
        }
        self.page.goto(f"{self.server.base_url}/__lms__/launch.html?launch={self.generation}",
                       wait_until="load")
        handle = self.page.wait_for_selector("#content", state="attached")
        self.page.wait_for_function(
            "() => { const f = document.getElementById('content');"
            " return f.contentWindow && f.contentWindow.location.href !== 'about:blank'"
            " && f.contentDocument && f.contentDocument.readyState === 'complete'; }"
        )
        self._frame = handle.content_frame()
        problems = self.page.evaluate("() => window.__lms.loadProblems")
        if problems:
            raise RuntimeError(f"scorm-again rejected the initial CMI data: {problems}")

    @property
    def url(self) -> str:
        return self.server.base_url

    @property
    def frame(self):
        """Playwright Frame of the content iframe (loaded)."""
        return self._frame

    # ---- observing -------------------------------------------------------------------
    def calls(self) -> list[dict]:
        """Every API call of this launch, in order: {method, args, result, errorCode, injected, t}."""
        if self._final_calls is not None:
            return list(self._final_calls)
        return self.page.evaluate("() => window.__lmsCalls")

    def errors(self) -> list[dict]:
        """Calls that ended with a non-zero error code (injected ones have ``injected: True``).

        The error-query methods (GetLastError/GetErrorString/GetDiagnostic) are left out:
        they only echo the error of the call before them.
        """
        queries = {"LMSGetLastError", "LMSGetErrorString", "LMSGetDiagnostic",
                   "GetLastError", "GetErrorString", "GetDiagnostic"}
        return [c for c in self.calls()
                if c["method"] not in queries and str(c.get("errorCode")) not in ("0", "None", "")]

    def cmi(self, include_total_time: bool = True) -> dict[str, Any]:
        """The data model as scorm-again would commit it: flat {"cmi.core.lesson_status": ...}.

        Includes interactions (write-only for a 1.2 SCO, but stored by the LMS).
        ``include_total_time`` (default): total_time = stored total + the session_time the
        SCO has reported so far, as scorm-again renders a terminate commit. With False,
        scorm-again's plain commit has no total_time key at all.
        """
        if self._final_cmi is not None:
            return dict(self._final_cmi)
        flat = self.page.evaluate("(t) => window.__lms.cmi(t)", include_total_time)
        # flatten() leaves empty collections as {} / []; they carry no data.
        return {k: v for k, v in flat.items() if not isinstance(v, (dict, list))}

    def get(self, element: str) -> Any:
        """Shortcut for ``cmi()[element]``."""
        return self.cmi().get(element)

    # ---- acting ----------------------------------------------------------------------
    def set_faulting(self, on: bool, only: str | None = None) -> None:
        """Switch the simulated LMS outage on/off (SetValue/Commit fail, nothing stored).

        ``only``: an element prefix such as ``"cmi.score."``: then only SetValue calls on those
        elements fail (the LMS refuses some values and accepts the rest, and every Commit)."""
        self.page.evaluate("([on, only]) => window.__lms.setFaulting(on, only)", [bool(on), only])

    def close_content(self) -> None:
        """Navigate the content iframe away (its unload handlers should Finish/Terminate)."""
        self.page.evaluate("() => window.__lms.closeContent()")

    def relaunch(self, launch: str | None = None) -> "LmsSession":
        """Close the content, keep what the LMS stores, and launch again in the same page."""
        self.close_content()
        self._final_calls = self.page.evaluate("() => window.__lmsCalls")
        self._final_cmi = self.cmi(include_total_time=True)
        nxt = LmsSession(self.page, self.server, self.version, self.generation + 1, self)
        nxt._open(self._final_cmi, launch or self._launch)
        return nxt

    def close(self) -> None:
        """Stop the HTTP server (also happens when the page closes)."""
        self.server.stop()

    def __enter__(self) -> "LmsSession":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _persisted(version: str, cmi: dict) -> dict:
    """The subset of a stored data model an LMS loads into the next session."""
    drop = _NOT_PERSISTED[version]
    out = {}
    for key, value in cmi.items():
        if key in drop or key.endswith(_NOT_PERSISTED_SUFFIXES):
            continue
        if value in ("", None) or isinstance(value, (dict, list)):
            continue
        out[key] = value
    return out

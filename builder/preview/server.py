"""`coursebuilder preview`: a local LMS page around the course, rebuilt and reloaded on every save.

Served on 127.0.0.1 only (stdlib ThreadingHTTPServer):

    /                               the LMS page: the course in an iframe, an LMS panel, error overlay
    /__preview__/lms.js, lms.css    the LMS page's own script and style (builder/preview/static/)
    /__preview__/lmshost.js         the LMS host it shares with verify and the tests (builder/lmshost/static/lms.js)
    /__preview__/scorm-again/*.js   the real scorm-again runtime (builder/scormagain.py installs it on first use)
    /<secret>/__preview__/events    server-sent events: one "build" event per rebuild (and on connect)
    /<secret>/__preview__/state     the same state as JSON
    /<secret>/course/<lang>/<scorm>/<path>   the package as built in memory ("1.2", "2004", or "web")

The course is served exactly as it would be packaged: nothing is injected into it. Everything
the preview adds lives in the LMS page around it, so nothing of it can reach a package.

What the course is (its screens hold the answer keys) goes only to the preview's own page: under
a random prefix that only the LMS page knows (another site cannot read that page), and only to
requests the browser marks as same-origin or typed in (Sec-Fetch-Site). Any web page may ask
127.0.0.1 for a script; none can learn the prefix. The Host check stops DNS rebinding.
"""
from __future__ import annotations

import json
import mimetypes
import os
import secrets
import threading
import time
import traceback
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import click

from ..cache import stamp
from ..json_island import json_island
from ..lmshost import HOST_SCRIPT
from ..scormapi import SUSPEND_LIMIT
from .incremental import PreviewBuilder
from ..scormagain import scorm_again

STATIC = Path(__file__).with_name("static")
KIND = {"1.2": "1.2", "2004": "2004", "web": None}


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, builder: PreviewBuilder, port: int, scorm: str, runtime_dir: Path):
        super().__init__(("127.0.0.1", port), _Handler)
        self.builder = builder
        self.scorm = scorm
        self.runtime_dir = runtime_dir
        self.instance = f"{os.getpid()}-{time.time_ns()}"
        self.secret = "/" + secrets.token_urlsafe(24)  # the path prefix of everything about the course
        self.changed: list[str] = []
        self.internal_error: str | None = None  # a bug in the builder (not the author's mistake)
        self.sequence = 0  # bumped whenever what the page shows may have changed
        self.closing = False
        self.cond = threading.Condition()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/"

    def published(self) -> None:
        """Wake the event streams: a rebuild finished."""
        with self.cond:
            self.sequence += 1
            self.cond.notify_all()

    def wait_for_rebuild(self, seen: int | None, timeout: float) -> None:
        """Return once a rebuild after ``seen`` has finished, the server closes, or ``timeout`` passes."""
        with self.cond:
            self.cond.wait_for(lambda: self.closing or self.sequence != seen, timeout=timeout)

    def state(self) -> dict:
        b = self.builder
        course = b.course
        return {
            "instance": self.instance,
            "generation": b.generation,
            "ok": not b.errors and not self.internal_error,
            "errors": [str(d) for d in b.errors] + ([self.internal_error] if self.internal_error else []),
            "warnings": [str(d) for d in b.warnings],
            "changed": self.changed[:50],
            "built": b.rendered is not None,
            "title": course.title if course else "",
            "id": course.id if course else "",
            "languages": b.languages,
            "languageErrors": b.language_errors(),
        }

    def page_config(self) -> dict:
        course = self.builder.course
        return {
            "base": self.secret + "/",
            "scorm": self.scorm,
            "languages": self.builder.languages or ["en"],
            "suspendLimits": SUSPEND_LIMIT,
            "title": course.title if course else self.builder.course_dir.name,
        }

    def handle_error(self, request, client_address) -> None:
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):  # browsers drop connections on reload
            super().handle_error(request, client_address)

    def stop(self) -> None:
        self.closing = True
        self.published()
        self.shutdown()
        self.server_close()


class _Handler(BaseHTTPRequestHandler):
    server: PreviewServer

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:
        self._get(body=True)

    def do_HEAD(self) -> None:
        self._get(body=False)

    def _get(self, body: bool) -> None:
        srv = self.server
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0]
        if host not in ("127.0.0.1", "localhost"):  # another site's page reaching us by DNS rebinding
            self.send_error(403)
            return
        path = unquote(urlsplit(self.path).path)
        if path.startswith(srv.secret + "/"):
            self._session(path[len(srv.secret):], body)
        elif path in ("/", "/index.html"):
            html = (STATIC / "lms.html").read_text(encoding="utf-8")
            html = html.replace("{{config}}", json_island(srv.page_config()))
            self._send(html.encode(), "text/html; charset=utf-8", body)
        elif path in ("/__preview__/lms.js", "/__preview__/lms.css"):
            self._send((STATIC / path.rsplit("/", 1)[1]).read_bytes(), _type(path), body)
        elif path == "/__preview__/lmshost.js":
            self._send(HOST_SCRIPT.read_bytes(), _type(path), body)
        elif path.startswith("/__preview__/scorm-again/") and path.rsplit("/", 1)[1] in ("scorm12.min.js",
                                                                                           "scorm2004.min.js"):
            self._send((srv.runtime_dir / path.rsplit("/", 1)[1]).read_bytes(), _type(path), body)
        elif path == "/favicon.ico":
            self._send(b"", "image/x-icon", body, status=204)
        else:
            self.send_error(404)

    def _session(self, path: str, body: bool) -> None:
        """The course and the build state: for the preview's own page only."""
        site = self.headers.get("Sec-Fetch-Site")
        if site is not None and site not in ("same-origin", "none"):
            self.send_error(403)
            return
        if path == "/__preview__/events":
            self._events()
        elif path == "/__preview__/state":
            self._send(json.dumps(self.server.state()).encode(), "application/json", body)
        elif path.startswith("/course/"):
            self._course(path[len("/course/"):], body)
        else:
            self.send_error(404)

    def _course(self, rest: str, body: bool) -> None:
        parts = rest.split("/", 2)
        if len(parts) < 3 or parts[1] not in KIND:
            self.send_error(404)
            return
        lang, kind, rel = parts
        builder = self.server.builder
        if lang not in builder.languages:
            self.send_error(404, "no such language in this course")
            return
        data = builder.output(rel or "index.html", KIND[kind], lang)
        if data is None:
            self.send_error(404)
            return
        self._send(data, _type(rel or "index.html"), body)

    def _send(self, data: bytes, ctype: str, body: bool, status: int = 200) -> None:
        self.send_response(status)
        if status != 204:
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if body and status != 204:
            self.wfile.write(data)

    def _events(self) -> None:
        srv = self.server
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        sent = None
        try:
            while not srv.closing:
                srv.wait_for_rebuild(sent, timeout=15)
                if srv.closing:
                    return
                if srv.sequence != sent:
                    sent = srv.sequence
                    state = srv.state()
                    self.wfile.write(f"event: build\ndata: {json.dumps(state)}\n\n".encode())
                else:
                    self.wfile.write(b": keep-alive\n\n")
                self.wfile.flush()
        except (ConnectionError, OSError):
            return


def _type(path: str) -> str:
    ctype = mimetypes.guess_type(path)[0] or "application/octet-stream"
    if ctype.startswith("text/") or ctype in ("application/javascript", "image/svg+xml", "application/json"):
        ctype += "; charset=utf-8"
    return ctype


def serve(course_dir: Path, port: int = 8000, scorm: str = "1.2", echo=click.echo, local: Path | None = None) -> None:
    """Build ``course_dir`` in memory, serve it in a local LMS page, rebuild on save until Ctrl-C.
    ``local``: a `--local` file (builder/local.py), also rebuilt from when it changes."""
    from watchfiles import watch  # imported here: only the preview needs it

    from ..theme import themes_root

    runtime_dir = scorm_again(echo)
    builder = PreviewBuilder(course_dir, scorm=scorm, local=local)
    builder.rebuild()
    report_build(builder, echo, first=True)
    try:
        server = PreviewServer(builder, port, scorm, runtime_dir)
    except OSError as exc:
        raise click.ClickException(f"cannot listen on 127.0.0.1:{port} ({exc.strerror}); "
                                   "choose another with --port, or --port 0 for any free port") from None
    thread = threading.Thread(target=server.serve_forever, name="preview-http", daemon=True)
    thread.start()
    echo(f"Serving {course_dir} at {server.url} (Ctrl-C to stop)")
    stop = threading.Event()
    watched = [str(builder.course_dir), str(themes_root().resolve())]
    try:
        # The local file may sit anywhere (beside a large folder): its stamp is looked at every second
        # instead of watching its folder, which also sees editors that save by renaming a new file.
        local_stamp = stamp(builder.local) if builder.local is not None else None
        for changes in watch(*watched, stop_event=stop, step=10, debounce=1600,
                             rust_timeout=1000 if builder.local is not None else 5000,
                             yield_on_timeout=builder.local is not None):
            paths = [Path(p) for _, p in changes]
            if builder.local is not None and stamp(builder.local) != local_stamp:
                local_stamp = stamp(builder.local)
                paths.append(builder.local)
            if not paths:
                continue
            generation = builder.generation
            try:
                changed = builder.rebuild(paths)
            except Exception as exc:  # a bug, not an author's mistake: show it, keep serving
                echo(traceback.format_exc().rstrip(), err=True)
                server.internal_error = f"internal error in coursebuilder while rebuilding: {exc!r} (see the terminal)"
                server.published()
                continue
            if builder.generation != generation or server.internal_error:
                server.internal_error = None
                server.changed = sorted(changed)
                server.published()
            report_build(builder, echo, changed=changed, rebuilt=builder.generation != generation)
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.stop()
        echo("Preview stopped.")


SHOWN_WARNINGS = 5  # the terminal and the page list the first few; `check` lists every one


def report_build(builder: PreviewBuilder, echo, first: bool = False, changed: set[str] | None = None,
                 rebuilt: bool = False) -> None:
    """What the terminal says after a build: the errors, the first warnings and their count, and
    what changed, each true to what happened (no "last working version" when there was none)."""
    ms = round(builder.last_duration * 1000)
    if builder.errors:
        for diagnostic in builder.errors:
            echo(str(diagnostic), err=True)
        _warnings(builder, echo)
        shown = "the page shows them until they are fixed" if builder.course is not None else \
            "the page shows them, and the course once it builds"
        count = len(builder.errors)
        echo(f"Build failed ({count} error{'' if count == 1 else 's'}); {shown}.", err=True)
        return
    if first or changed or rebuilt:
        _warnings(builder, echo)
    for language, errors in builder.language_errors().items() if first or rebuilt else ():
        for line in errors:
            echo(line, err=True)
        echo(f"The '{language}' translation has {len(errors)} problem(s); the page shows them in that language.",
             err=True)
    others = builder.languages[1:]
    if builder.course is not None and (first or (builder.fixed and builder.first_output)):
        echo(f"Built {builder.course.id} in memory in {ms} ms" + (f" (and in {', '.join(others)})." if others else "."))
        return
    what = ", ".join(sorted(changed)[:5]) + (", ..." if len(changed) > 5 else "") if changed else ""
    if not what and builder.retranslated:
        what = "the " + ", ".join(others) + " translation" + ("s" if len(others) > 1 else "")
    if builder.fixed:
        echo(f"Fixed: the course builds again ({ms} ms)" + (f"; changed: {what}." if what else
                                                            ", as it was before the error."))
    elif what:
        echo(f"Rebuilt in {ms} ms: {what}")


def _warnings(builder: PreviewBuilder, echo) -> None:
    found = builder.warnings
    for diagnostic in found[:SHOWN_WARNINGS]:
        echo(str(diagnostic), err=True)
    if found:
        more = f", {SHOWN_WARNINGS} shown" if len(found) > SHOWN_WARNINGS else ""
        echo(f"{len(found)} warning{'' if len(found) == 1 else 's'}{more} (they do not stop a build; "
             f"coursebuilder check lists every one)", err=True)

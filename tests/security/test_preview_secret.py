"""The preview serves the course (whose screens hold the answer keys) and its build state only to
its own page: under a random path prefix, to same-origin (or typed-in) requests, on 127.0.0.1,
for the Host 127.0.0.1 or localhost. Another page in the same browser gets nothing."""
from __future__ import annotations

import http.server
import json
import re
import shutil
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from builder.preview import PreviewBuilder
from builder.preview.server import PreviewServer

EXAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "example"
SCREEN = "course/en/1.2/screens/0002.js"


@pytest.fixture
def preview(tmp_path):
    shutil.copytree(EXAMPLE, tmp_path / "course")
    builder = PreviewBuilder(tmp_path / "course")
    builder.rebuild()
    server = PreviewServer(builder, 0, "1.2", tmp_path)  # the LMS runtime is not needed here
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.stop()


def get(url: str, **headers) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers)) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


def secret_of(server: PreviewServer) -> str:
    status, page = get(server.url)
    assert status == 200
    config = json.loads(re.search(rb'id="preview-config">(.*?)</script>', page).group(1))
    return config["base"]


def test_the_course_and_state_are_only_under_the_pages_secret_prefix(preview):
    base = preview.url
    for path in (SCREEN, "course/en/1.2/index.html", "__preview__/state", "__preview__/events"):
        assert get(base + path)[0] == 404, path
    secret = secret_of(preview)
    assert len(secret) > 30
    status, script = get(base + secret.lstrip("/") + SCREEN)
    assert status == 200 and script.startswith(b"__cbScreen(2,")
    assert get(base + secret.lstrip("/") + "__preview__/state")[0] == 200
    for site in ("cross-site", "same-site"):
        assert get(base + secret.lstrip("/") + SCREEN, **{"Sec-Fetch-Site": site})[0] == 403, site
    assert get(base + secret.lstrip("/") + SCREEN, **{"Sec-Fetch-Site": "same-origin"})[0] == 200
    assert get(base + secret.lstrip("/") + SCREEN, Host="attacker.example")[0] == 403


class _EvilPage(http.server.BaseHTTPRequestHandler):
    html = b""

    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        self.wfile.write(self.html)

    def log_message(self, *args):
        pass


def test_another_site_cannot_load_the_screens_even_knowing_the_prefix(page, preview):
    secret = secret_of(preview)
    port = preview.server_address[1]
    _EvilPage.html = f"""<!doctype html><title>elsewhere</title>
<script>window.got = []; window.__cbScreen = function (n, data) {{ window.got.push(n); }};</script>
<script src="http://127.0.0.1:{port}/{SCREEN}" onerror="window.guessed = 'refused'"></script>
<script src="http://127.0.0.1:{port}{secret}{SCREEN}" onerror="window.known = 'refused'"></script>
""".encode()
    evil = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _EvilPage)
    threading.Thread(target=evil.serve_forever, daemon=True).start()
    try:
        page.goto(f"http://localhost:{evil.server_address[1]}/")  # another site than 127.0.0.1
        page.wait_for_function("() => window.guessed && window.known")
        assert page.evaluate("() => window.got") == []
    finally:
        evil.shutdown()
        evil.server_close()

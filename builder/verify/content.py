"""Read a package's pages, styles and scripts as text, without running them: what they load from
outside the package (a learner offline or behind a firewall gets a broken course, and the LMS
cannot vouch for what it serves), and which SCORM API they look for.

Only loads count: ``<script src>``, stylesheets, images, frames, media, CSS ``url()`` and
``@import``, and URLs that script hands to ``fetch``, ``XMLHttpRequest``, ``import()``, workers or
``src``. Plain links (``<a href>``) and XML namespaces are not loads. The browser run catches
whatever a script builds at run time.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from .findings import Findings

HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".svg")
MAX_SCAN = 8 * 1024 ** 2  # bigger files are media in disguise, or generated bundles we cannot judge

# tag → attributes that make the browser fetch something
LOADS = {
    "script": ("src",), "img": ("src", "srcset"), "iframe": ("src",), "frame": ("src",), "embed": ("src",),
    "object": ("data",), "audio": ("src",), "video": ("src", "poster"), "source": ("src", "srcset"),
    "track": ("src",), "input": ("src",), "image": ("href", "xlink:href"), "use": ("href", "xlink:href"),
    "feimage": ("href", "xlink:href"), "base": ("href",),
}
LINK_LOADS = {"stylesheet", "icon", "shortcut", "preload", "modulepreload", "prefetch", "manifest",
              "apple-touch-icon", "preconnect", "dns-prefetch", "prerender"}
EXTERNAL = re.compile(r"^\s*(?:(?:https?|ftp|wss?):)?//", re.I)
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]*)\1\s*\)|@import\s+(['"])([^'"]+)\3""", re.I)
JS_STRING = re.compile(r"""(["'`])((?:(?!\1)[^\\\n]|\\.){0,4000})\1""")
JS_LOAD_BEFORE = re.compile(
    r"""(?:\b(?:fetch|open|import|importScripts|Worker|SharedWorker|WebSocket|EventSource|sendBeacon|getScript|"""
    r"""getJSON|ajax|load|get|post|axios)\s*\(\s*(?:["'](?:GET|POST|PUT|HEAD)["']\s*,\s*)?"""
    r"""|\b(?:src|srcset|poster|data|url)\s*[:=]\s*"""
    r"""|setAttribute\(\s*["'](?:src|srcset|data|poster)["']\s*,\s*)$""", re.I)
API_NAMES = {"API_1484_11": re.compile(r"\bAPI_1484_11\b"),
             "API": re.compile(r"""(?:\.|\[\s*["']|\b(?:var|let|const)\s+)API\b(?!_)|["']API["']""")}


@dataclass(frozen=True)
class Use:
    line: int
    what: str


def scan(root: Path, names: frozenset[str], found: Findings) -> dict[str, list[tuple[str, int]]]:
    """Report every external load; return the files and lines where each SCORM API name appears."""
    api: dict[str, list[tuple[str, int]]] = {name: [] for name in API_NAMES}
    for name in sorted(names):
        lower = name.lower()
        if not lower.endswith((*HTML_SUFFIXES, ".js", ".mjs", ".css")):
            continue
        path = root / name
        if path.stat().st_size > MAX_SCAN:
            continue
        text = path.read_bytes().decode("utf-8", errors="replace")
        if lower.endswith(HTML_SUFFIXES):
            uses = _html(text, 1)
        elif lower.endswith(".css"):
            uses = _css(text, 1)
        else:
            uses = _js(text, 1)
        for use in uses:
            found.error("external-resource", f"loads {use.what}", name, use.line,
                        hint="put the file in the package: learners offline or behind a firewall get a broken course")
        if lower.endswith((".js", ".mjs", ".html", ".htm", ".xhtml")):
            for api_name, pattern in API_NAMES.items():
                for match in pattern.finditer(text):
                    api[api_name].append((name, text.count("\n", 0, match.start()) + 1))
    return api


def _line(text: str, index: int, first: int) -> int:
    return first + text.count("\n", 0, index)


def _css(text: str, first: int) -> list[Use]:
    uses = []
    for m in CSS_URL.finditer(text):
        url = m.group(2) if m.group(2) is not None else m.group(4)
        if url and EXTERNAL.match(url):
            uses.append(Use(_line(text, m.start(), first), f"{url.strip()} (CSS {'@import' if m.group(4) else 'url()'})"))
    return uses


def _js(text: str, first: int) -> list[Use]:
    uses = []
    for m in JS_STRING.finditer(text):
        value = m.group(2)
        line = _line(text, m.start(), first)
        if "<" in value and re.search(r"<(script|img|iframe|link|video|audio|source|embed|object)\b", value, re.I):
            uses += _html(value.replace("\\'", "'").replace('\\"', '"'), line)
        elif EXTERNAL.match(value) and JS_LOAD_BEFORE.search(text[max(0, m.start() - 80):m.start()]):
            uses.append(Use(line, f"{value} (from a script)"))
    return uses


class _Pages(HTMLParser):
    def __init__(self, first: int):
        super().__init__(convert_charrefs=True)
        self.first = first
        self.uses: list[Use] = []
        self.inside: str | None = None  # "script" or "style" whose text we read

    def line(self) -> int:
        return self.first + self.getpos()[0] - 1

    def handle_starttag(self, tag, attrs):
        values = {k.lower(): (v or "") for k, v in attrs}
        wanted = list(LOADS.get(tag, ()))
        if tag == "link" and LINK_LOADS & set(values.get("rel", "").lower().split()):
            wanted.append("href")
        for key in wanted:
            for url in (values.get(key, "").split(",") if key == "srcset" else [values.get(key, "")]):
                url = url.strip().split(" ")[0] if key == "srcset" else url
                if EXTERNAL.match(url):
                    self.uses.append(Use(self.line(), f"{url.strip()} (<{tag} {key}>)"))
        if values.get("http-equiv", "").lower() == "refresh" and EXTERNAL.search(values.get("content", "").split("=", 1)[-1]):
            self.uses.append(Use(self.line(), f"{values['content']} (<meta http-equiv=refresh>)"))
        if "style" in values:
            self.uses += _css(values["style"], self.line())
        if tag == "script" and "src" not in values and values.get("type", "text/javascript").lower() in (
                "", "text/javascript", "application/javascript", "module"):
            self.inside = "script"
        elif tag == "style":
            self.inside = "style"

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.inside = None

    def handle_data(self, data):
        if self.inside == "script":
            self.uses += _js(data, self.line())
        elif self.inside == "style":
            self.uses += _css(data, self.line())


def _html(text: str, first: int) -> list[Use]:
    parser = _Pages(first)
    parser.feed(text)
    parser.close()
    return parser.uses

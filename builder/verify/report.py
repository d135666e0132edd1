"""What verify says: a summary for the terminal and a self-contained HTML report with the call log.

Both say the same things in the same order: the package, each static check, each launch (what
the LMS held on launch and what it stored when the content closed), what Moodle and Cornerstone
will show, the interactions read through the item map, and every problem as a located line.
"""
from __future__ import annotations

import html
import os

from ..errors import summary
from ..package.itemmap import in_words
from . import Result
from ..scormapi import SUSPEND_LIMIT
from .judge import KEYS, interactions
from .views import views


def shown_path(path) -> str:
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if rel.startswith("..") else rel


def facts(family: str, cmi: dict, closed: bool = True) -> list[tuple[str, str]]:
    """The elements an admin cares about, as (name, value), from a flat data model. Exit and session
    time mean something only once the content has closed."""
    keys = KEYS[family]
    out = []
    if family == "1.2":
        out.append(("lesson_status", cmi.get(keys["status"], "") or "–"))
    else:
        out += [("completion_status", cmi.get(keys["status"], "") or "–"),
                ("success_status", cmi.get(keys["success"], "") or "–")]
    raw = cmi.get(keys["score"], "")
    if raw:
        scaled = f", scaled {cmi['cmi.score.scaled']}" if cmi.get("cmi.score.scaled") else ""
        out.append(("score", f"{raw}{scaled}"))
    for name in ("location", "exit", "time") if closed else ("location",):
        value = cmi.get(keys[name], "")
        if value:
            out.append(({"time": "session_time"}.get(name, name), value))
    size = len(cmi.get("cmi.suspend_data", ""))
    out.append(("suspend_data", f"{size} of {SUSPEND_LIMIT[family]} characters"))
    count = len(interactions(cmi))
    if count:
        out.append(("interactions", str(count)))
    return out


def _launches(n: int) -> str:
    return f"{n} launch" + ("es" if n != 1 else "")


def _line(pairs: list[tuple[str, str]]) -> str:
    return ", ".join(f"{k} {v}" for k, v in pairs)


def as_text(result: Result) -> list[str]:
    name = shown_path(result.zip_path)
    lines = []
    m = result.manifest
    if m is not None:
        who = ", built by coursebuilder" if result.ours else ""
        lines.append(f'{name}: {m.label} package "{m.title}" (identifier {m.identifier}){who}')
    else:
        lines.append(f"{name}:")
    width = max((len(c.name) for c in result.checks), default=0)
    for check in result.checks:
        lines.append(f"  {check.name:<{width}}  {'ok     ' if check.ok else 'PROBLEM'}  {check.detail}")
    run = result.run
    if run is not None and m is not None:
        calls = sum(len(s.calls) for s in run.sessions)
        lines.append(f"Run: {result.runtime} as the LMS in {run.browser}: {_launches(len(run.sessions))}, "
                     f"{calls} API calls")
        for session in run.sessions:
            lines.append(f"  {session.label} (entry '{session.entry}'): on launch {_line(facts(m.family, session.on_launch, closed=False))}")
            for step in session.steps:
                lines.append(f"    then {step}")
            stored = _line(facts(m.family, session.stored)) if session.stored else "nothing (no commit, no finish)"
            lines.append(f"    stored when closed: {stored}")
        final = run.sessions[-1].stored if run.sessions else {}
        for lms, text in views(m, final).items():
            lines.append(f"{lms} will show: {text}")
        if result.ours is not None and result.ours.has_assessment:
            lines.append(f"Item map: {shown_path(result.items_path)}" + ("" if result.items else " (not found)"))
    for finding in sorted(result.found.items, key=lambda f: (f.severity != "error", f.entry or "", f.line or 0)):
        lines.append(finding.located(name))
    verdict = "OK" if result.ok else "FAILED"
    lines.append(f"verify: {verdict} ({summary(len(result.found.errors), len(result.found.warnings))})")
    return lines


_CSS = """
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:#1a1a1a;margin:0 auto;
padding:1.5rem;max-width:75rem}
h1{font-size:1.5rem;margin:0 0 .25rem}h2{font-size:1.25rem;margin:2rem 0 .5rem}h3{font-size:1.05rem;margin:1.25rem 0 .25rem}
.verdict{font-size:1.15rem;font-weight:700;padding:.6rem .9rem;border-radius:4px;border:2px solid}
.verdict.ok{background:#e7f4ea;border-color:#1e6b34;color:#14502a}.verdict.failed{background:#fbe9e9;border-color:#a4161a;color:#7d1114}
.wrap{overflow-x:auto}table{border-collapse:collapse;width:100%}caption{text-align:start;font-weight:600;padding:.4rem 0}
th,td{border:1px solid #8a8a8a;padding:.3rem .5rem;text-align:start;vertical-align:top}thead th{background:#e8e8e8}
td.bad,th.bad{color:#7d1114;font-weight:700}td.ok{color:#14502a}code,.log td{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.9em}
.log td{white-space:pre-wrap;overflow-wrap:anywhere}.log tr.err{background:#fbe9e9}
ul.problems li{margin:.2rem 0;overflow-wrap:anywhere}.error{color:#7d1114;font-weight:700}.warning{color:#6b4d00;font-weight:700}
dl.kv{display:grid;grid-template-columns:max-content 1fr;gap:.1rem 1rem;margin:.25rem 0}dt{font-weight:600}dd{margin:0}
"""


def _table(caption: str, head: list[str], rows: list[list[str]], cls: str = "", row_classes=None) -> str:
    cid = "t-" + "".join(c if c.isalnum() else "-" for c in caption.lower())[:40]
    out = [f'<div class="wrap" role="region" aria-labelledby="{cid}" tabindex="0"><table class="{cls}">',
           f'<caption id="{cid}">{html.escape(caption)}</caption><thead><tr>']
    out += [f'<th scope="col">{html.escape(h)}</th>' for h in head]
    out.append("</tr></thead><tbody>")
    for n, row in enumerate(rows):
        klass = f' class="{row_classes[n]}"' if row_classes and row_classes[n] else ""
        out.append(f"<tr{klass}>" + "".join(row) + "</tr>")
    out.append("</tbody></table></div>")
    return "".join(out)


def _td(text: object, cls: str = "") -> str:
    klass = f' class="{cls}"' if cls else ""
    return f"<td{klass}>{html.escape(str(text))}</td>"


def _kv(pairs: list[tuple[str, str]]) -> str:
    return '<dl class="kv">' + "".join(f"<dt>{html.escape(k)}</dt><dd>{html.escape(v)}</dd>" for k, v in pairs) + "</dl>"


def as_html(result: Result) -> str:
    name = shown_path(result.zip_path)
    m, run = result.manifest, result.run
    verdict = "OK" if result.ok else "FAILED"
    parts = [f"<h1>Verify report: {html.escape(os.path.basename(name))}</h1>",
             f'<p class="verdict {verdict.lower()}">{verdict}: '
             f"{summary(len(result.found.errors), len(result.found.warnings))}</p>"]
    if m is not None:
        parts.append(_kv([("Package", name), ("Version", m.label), ("Title", m.title), ("Identifier", m.identifier),
                          ("Launch", m.launch.href if m.launch else "none"), ("SCOs", str(m.sco_count)),
                          ("Built by", "coursebuilder" if result.ours else "another tool")]))
    if m is not None and run is not None:
        final = run.sessions[-1].stored if run.sessions else {}
        parts.append("<h2>What the LMS will show</h2><ul>" + "".join(
            f"<li><strong>{html.escape(lms)}:</strong> {html.escape(text)}</li>" for lms, text in views(m, final).items())
            + f"</ul><p>From what scorm-again stored after {_launches(len(run.sessions))}, read with each LMS's "
            "documented behaviour; docs/admin-guide.md says what was not checked on the platforms themselves.</p>")
    parts.append("<h2>Problems</h2>")
    if result.found.items:
        items = sorted(result.found.items, key=lambda f: (f.severity != "error", f.entry or "", f.line or 0))
        parts.append('<ul class="problems">' + "".join(
            f'<li>{html.escape(f.where(name))}: <span class="{f.severity}">{f.severity}[{html.escape(f.code)}]</span>: '
            f"{html.escape(f.text())}</li>" for f in items)
            + "</ul>")
    else:
        parts.append("<p>None.</p>")
    parts.append("<h2>Static checks</h2>")
    parts.append(_table("The zip and its manifest, before anything runs", ["Check", "Result", "Detail"],
                        [[_td(c.name), _td("ok" if c.ok else "problem", "ok" if c.ok else "bad"), _td(c.detail)]
                         for c in result.checks]))
    if run is not None and m is not None:
        parts.append(f"<h2>Run</h2><p>{html.escape(result.runtime)} as the LMS, in {html.escape(run.browser)}. "
                     "The content was launched and closed, then (when it had started a session) launched again with what the "
                     "LMS kept.</p>")
        for session in run.sessions:
            parts.append(f"<h3>{html.escape(session.label.capitalize())} (entry '{html.escape(session.entry)}')</h3>")
            parts.append("<p>On launch:</p>" + _kv(facts(m.family, session.on_launch, closed=False)))
            if session.steps:
                parts.append("<p>Then: " + html.escape("; ".join(session.steps)) + ".</p>")
            parts.append("<p>Stored when the content closed:</p>" + (_kv(facts(m.family, session.stored))
                         if session.stored else "<p>Nothing: no commit, no finish.</p>"))
        parts.append(_interactions(result))
        for title, values in (("Dialogs", run.dialogs), ("Script errors", run.page_errors),
                              ("Blocked requests to outside the package", run.blocked)):
            if values:
                parts.append(f"<h3>{title}</h3><ul>" + "".join(f"<li>{html.escape(v)}</li>" for v in values) + "</ul>")
        parts.append("<h2>API call log</h2>")
        for session in run.sessions:
            rows, classes = [], []
            for n, call in enumerate(session.calls, 1):
                code = str(call.get("errorCode") or "0")
                error = "" if code == "0" else code + (f" {call.get('errorText')}" if call.get("errorText") else "")
                args = ", ".join(repr(a) for a in call.get("args") or [])
                rows.append([_td(n), _td(f"{call.get('t', 0)} ms"), _td(call["method"]), _td(args),
                             _td(call.get("result") if call.get("result") is not None else ""), _td(error)])
                classes.append("err" if error else "")
            parts.append(_table(f"{session.label.capitalize()}: {len(rows)} calls",
                                ["#", "Time", "Method", "Arguments", "Result", "Error"], rows, "log", classes))
    title = f"Verify report: {os.path.basename(name)}"
    return (f'<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{html.escape(title)}</title>\n'
            f"<style>{_CSS}</style>\n</head>\n<body>\n<main>\n" + "\n".join(parts) + "\n</main>\n</body>\n</html>\n")


def _interactions(result: Result) -> str:
    m, run = result.manifest, result.run
    assert m is not None and run is not None  # the package ran
    records = interactions(run.sessions[-1].stored) if run.sessions else []
    if not records:
        return ""
    by_id = {item.interaction_id: item for item in result.items or []}
    response = KEYS[m.family]["response"]
    rows = []
    for n, record in enumerate(records):
        item = by_id.get(record.get("id", ""))
        words = in_words(item, record.get(response, ""), m.family) if item else "(not in the item map)"
        rows.append([_td(n), _td(record.get("id", "")), _td(item.question if item else ""),
                     _td(record.get(response, "")), _td(words), _td(record.get("result", ""))])
    note = " read through the item map" if by_id else ""
    return "<h3>Interactions stored</h3>" + _table(
        f"{len(rows)} interactions{note}", ["#", "id", "Question", "Response", "Response in words", "Result"], rows)

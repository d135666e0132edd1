"""How `check` prints: one `path:line:col: severity[code]: message (hint)` line per problem and a
summary (editors and CI annotators link the lines), or the same as JSON for tools; and how long
each course takes (builder/check/timing.py), which the text format puts on standard error so
that standard output stays one line per problem."""
from __future__ import annotations

import json
from collections.abc import Iterable

from ..errors import Diagnostic, SourceRef, printable, summary
from . import CheckResult
from .timing import Timing, table


def failed(results: Iterable[CheckResult], strict: bool) -> bool:
    results = list(results)
    return any(r.errors for r in results) or (strict and any(r.warnings for r in results))


def totals(results: Iterable[CheckResult]) -> tuple[int, int]:
    results = list(results)
    return sum(r.errors for r in results), sum(r.warnings for r in results)


def as_text(results: list[CheckResult]) -> str:
    lines = [str(d) for r in results for d in r.diagnostics]
    lines.append(summary(*totals(results)))
    return "\n".join(lines)


def timing_text(results: list[CheckResult]) -> str:
    """Each course's estimate, screen by screen, then the total (courses that did not load: none)."""
    return "\n".join(line for r in results if r.timing for line in table(r.timing, printable(str(r.course_dir))))


def timing_dict(timing: Timing) -> dict:
    return {"minutes": round(timing.minutes, 1), "declared": timing.declared,
            "screens": [{"number": s.number, "name": s.name, "words": s.words, "questions": s.questions,
                         "minutes": round(s.minutes, 1), "declared": s.declared} for s in timing.screens]}


def as_dict(d: Diagnostic) -> dict:
    return {"path": printable(str(SourceRef(d.ref.path))), "line": d.ref.line, "col": d.ref.col,
            "severity": d.severity, "code": d.code, "message": printable(d.message),
            "hint": printable(d.hint) if d.hint else d.hint}


def as_json(results: list[CheckResult]) -> str:
    errors, warnings = totals(results)
    return json.dumps({
        "diagnostics": [as_dict(d) for r in results for d in r.diagnostics],
        "summary": {"errors": errors, "warnings": warnings, "text": summary(errors, warnings)},
        "timing": {printable(str(r.course_dir)): timing_dict(r.timing) for r in results if r.timing},
    }, ensure_ascii=False, indent=2)

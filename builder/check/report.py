"""How `check` prints: one `path:line:col: severity[code]: message (hint)` line per problem and a
summary (editors and CI annotators link the lines), or the same as JSON for tools."""
from __future__ import annotations

import json
from collections.abc import Iterable

from ..errors import Diagnostic, SourceRef, printable, summary
from . import CheckResult


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


def as_dict(d: Diagnostic) -> dict:
    return {"path": printable(str(SourceRef(d.ref.path))), "line": d.ref.line, "col": d.ref.col,
            "severity": d.severity, "code": d.code, "message": printable(d.message),
            "hint": printable(d.hint) if d.hint else d.hint}


def as_json(results: list[CheckResult]) -> str:
    errors, warnings = totals(results)
    return json.dumps({
        "diagnostics": [as_dict(d) for r in results for d in r.diagnostics],
        "summary": {"errors": errors, "warnings": warnings, "text": summary(errors, warnings)},
    }, ensure_ascii=False, indent=2)

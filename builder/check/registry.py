"""The rule registry: each rule is a function of the loaded course that yields findings.

Rules live in small modules (one family each) and register themselves with ``@rule``; the runner
decides severity from the course's ``check: severity:`` settings, so a rule never has to.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable

from ..errors import SourceRef

SEVERITIES = ("error", "warning", "off")


@dataclass(frozen=True)
class Finding:
    """One problem a rule found; the runner turns it into a Diagnostic with the rule's severity."""

    message: str
    ref: SourceRef
    hint: str | None = None


@dataclass(frozen=True)
class Rule:
    code: str
    severity: str  # default: "error" or "warning"
    why: str       # first line of the rule's docstring, shown by `check --list-rules`
    run: Callable[..., Iterable[Finding]]


RULES: dict[str, Rule] = {}


def rule(code: str, severity: str):
    """Register a rule function ``run(ctx) -> Iterable[Finding]`` under a diagnostic code."""
    assert severity in ("error", "warning"), severity

    def register(func):
        if code in RULES:
            raise ValueError(f"two rules named {code!r}")
        why = (func.__doc__ or "").strip().splitlines()[0] if func.__doc__ else ""
        RULES[code] = Rule(code=code, severity=severity, why=why, run=func)
        return func

    return register

"""The rule registry: each rule is a function of the loaded course that yields findings.

Rules live in small modules (one family each) and register themselves with ``@rule(code)``; the
code, its default severity and its description are in builder/diagnostics.py with every other
code, and the runner gives each finding the severity the course's ``check: severity:`` sets.
"""
from __future__ import annotations

from dataclasses import dataclass
from collections.abc import Callable, Iterable

from ..diagnostics import CODES
from ..errors import SourceRef


@dataclass(frozen=True)
class Finding:
    """One problem a rule found; the runner turns it into a Diagnostic with the rule's severity."""

    message: str
    ref: SourceRef
    hint: str | None = None


RULES: dict[str, Callable[..., Iterable[Finding]]] = {}  # code → rule, in the order they register


def rule(code: str):
    """Register a rule function ``run(ctx) -> Iterable[Finding]`` under its diagnostic code."""
    if CODES[code].stage != "rule" or code in RULES:
        raise ValueError(f"{code!r} is not a rule's code in builder/diagnostics.py, or has two rules")

    def register(func):
        RULES[code] = func
        return func

    return register

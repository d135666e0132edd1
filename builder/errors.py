"""Diagnostics that name a file and a line, collected so authors see every problem in one run."""
from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import click

# What a terminal could take as a command: C0 and C1 controls (escape sequences start with one),
# DEL, line and paragraph separators, and the marks that reorder text on screen ("Trojan Source").
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """Text from a course as it may reach a terminal: each control character shown as an escape
    (``\x1b``, ``\u202e``), so course text can never move the cursor, recolour or rewrite a line."""
    def escape(match: re.Match) -> str:
        code = ord(match.group(0))
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
    return _UNPRINTABLE.sub(escape, text)


@dataclass(frozen=True)
class SourceRef:
    """Where something came from: authors fix files, so every problem points at one."""

    path: Path
    line: int | None = None
    col: int | None = None

    def __str__(self) -> str:
        try:
            shown = os.path.relpath(self.path)
        except ValueError:  # another drive on Windows
            shown = str(self.path)
        if shown.startswith(".." + os.sep + ".." + os.sep):
            shown = str(self.path)
        shown = shown.replace(os.sep, "/")
        parts = [shown]
        if self.line is not None:
            parts.append(str(self.line))
            if self.col is not None:
                parts.append(str(self.col))
        return ":".join(parts)

    def at(self, line: int | None, col: int | None = None) -> SourceRef:
        return SourceRef(self.path, line, col)


@dataclass(frozen=True)
class Diagnostic:
    severity: str  # "error" | "warning"
    code: str
    message: str
    ref: SourceRef
    hint: str | None = None

    def __str__(self) -> str:
        text = f"{self.ref}: {self.severity}[{self.code}]: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return printable(text)


@dataclass
class Reporter:
    """Collects diagnostics instead of raising, so one run reports everything."""

    diagnostics: list[Diagnostic] = field(default_factory=list)

    def error(self, code: str, message: str, ref: SourceRef, hint: str | None = None) -> None:
        self.diagnostics.append(Diagnostic("error", code, message, ref, hint))

    def warning(self, code: str, message: str, ref: SourceRef, hint: str | None = None) -> None:
        self.diagnostics.append(Diagnostic("warning", code, message, ref, hint))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "warning"]

    def sorted(self) -> list[Diagnostic]:
        return sorted(self.diagnostics, key=order)


def order(d: Diagnostic) -> tuple:
    """The one order of diagnostics everywhere: by file, line, column, then code and message."""
    return (str(d.ref.path), d.ref.line or 0, d.ref.col or 0, d.code, d.message)


def summary(errors: int, warnings: int) -> str:
    def plural(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    return f"{plural(errors, 'error')}, {plural(warnings, 'warning')}"


class AuthoringError(click.ClickException):
    """An author's mistake: shown as file:line lines, never as a traceback."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = diagnostics
        errors = sum(d.severity == "error" for d in diagnostics)
        warnings = len(diagnostics) - errors
        lines = [str(d) for d in diagnostics]
        # Only --strict stops a build on warnings alone: say so, or "0 errors" reads like a bug.
        why = "" if errors else " (--strict stops on warnings; fix them, or build without --strict)"
        lines.append(f"Build stopped: {summary(errors, warnings)}{why}.")
        super().__init__("\n".join(lines))

    def show(self, file=None) -> None:
        from .terminal import paint
        for line in self.format_message().splitlines():
            click.echo(paint(line), err=True, file=file)


class CommandError(click.ClickException):
    """A problem outside the course (the output folder, the disk, a file that cannot be read):
    one line, ``coursebuilder: error: ...``, exit status 1."""

    def show(self, file=None) -> None:
        click.echo(f"coursebuilder: error: {printable(self.format_message())}", err=True, file=file)


def nearest(word: str, choices) -> str | None:
    """The choice closest to a near miss, if one is close."""
    match = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.6)
    return match[0] if match else None


def did_you_mean(word: str, choices) -> str | None:
    """A hint for a near miss, as editors and MkDocs give."""
    match = nearest(word, choices)
    return f"did you mean '{match}'?" if match is not None else None

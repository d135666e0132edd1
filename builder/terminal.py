"""What the CLI draws on a terminal: a progress bar for long builds and coloured diagnostics.
Nothing here reaches a pipe or a CI log: colours and the bar appear only on a terminal."""
from __future__ import annotations

import re
import sys
import time

import click

PHASES = {"reading": (0.0, 0.5), "rendering": (0.5, 0.9), "packaging": (0.9, 1.0)}  # share of the bar
WIDTH = 30


class ProgressBar:
    """A build's progress, drawn only when stderr is a terminal and the build has taken over `delay`
    seconds, so quick builds stay quiet."""

    def __init__(self, label: str, stream=None, delay: float = 1.0):
        self.label = label
        self.stream = stream or sys.stderr
        self.delay = delay
        self.started = time.monotonic()
        self.last_draw = 0.0
        self.drawn = False
        self.enabled = self.stream.isatty()

    def __call__(self, phase: str, done: int, total: int) -> None:
        now = time.monotonic()
        if not self.enabled or now - self.started < self.delay or now - self.last_draw < 0.1:
            return
        start, end = PHASES.get(phase, (0.0, 1.0))
        fraction = start + (end - start) * (done / total if total else 1)
        filled = int(WIDTH * fraction)
        self.stream.write(f"\r{self.label} [{'#' * filled}{'.' * (WIDTH - filled)}] {fraction:4.0%} {phase:10}")
        self.stream.flush()
        self.last_draw, self.drawn = now, True

    def close(self) -> None:
        if self.drawn:
            self.stream.write("\r" + " " * (len(self.label) + WIDTH + 20) + "\r")
            self.stream.flush()


_SEVERITY = re.compile(r": (error|warning)(\[[\w-]+\]):")


def paint(line: str) -> str:
    """Errors red, warnings yellow; click.echo drops the colour when the output is not a terminal."""
    def style(match: re.Match) -> str:
        colour = "red" if match.group(1) == "error" else "yellow"
        return ": " + click.style(match.group(1) + match.group(2), fg=colour, bold=True) + ":"
    return _SEVERITY.sub(style, line, count=1)

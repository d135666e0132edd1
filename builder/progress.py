"""How long builds report where they are: a callback the CLI turns into a progress bar."""
from __future__ import annotations

from collections.abc import Callable

# progress(phase, done, total): phase is "reading", "rendering" or "packaging".
Progress = Callable[[str, int, int], None]


def silent(phase: str, done: int, total: int) -> None:
    """The default: tests, the preview and other callers of the API need no bar."""

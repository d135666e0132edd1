"""Caches that let a long-running process (the preview) rebuild only what a save changed.

A one-shot build passes none of these and behaves exactly as before. The preview keeps one
`ParseCache` (for the loader) and one `RenderCache` (for the renderer) between rebuilds:

* `ParseCache` remembers the result of parsing one file (a pure function of its bytes) together
  with the diagnostics that parse reported, keyed by path and kind and stamped with the file's
  (mtime_ns, size). A hit replays the diagnostics into the current Reporter, so a file that is
  still broken keeps reporting its error. Checks that involve several files (quiz placement,
  links, the assessment) are never cached: the loader redoes them on every load, which is cheap.
* `RenderCache` remembers each screen's output with what it depended on, so a screen whose
  lesson, quizzes and course-wide context are unchanged is not rendered again.
"""
from __future__ import annotations

import os
from stat import S_ISREG
from pathlib import Path
from typing import Any
from collections.abc import Callable, Iterable

from .errors import Reporter


def stamp(path: str | Path) -> tuple[int, int] | None:
    """What tells a changed file apart cheaply: (mtime in ns, size); None when it is not a file
    that can be read (missing, a folder)."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):  # ValueError: a NUL character in the name
        return None
    return (st.st_mtime_ns, st.st_size) if S_ISREG(st.st_mode) else None


class ParseCache:
    """Parsed files kept between loads: ``get(path, kind, parse, reporter)``, keyed by the file's
    absolute path (a string: the loader's, under the resolved course folder)."""

    def __init__(self) -> None:
        self._entries: dict[tuple[str, str], tuple[tuple[int, int], Any, tuple]] = {}

    def get(self, path: str | Path, kind: str, parse: Callable[[Reporter], Any], reporter: Reporter,
            current: tuple[int, int] | None = None) -> Any:
        """``parse(reporter)`` for ``path``, or its remembered result while the file is unchanged.
        ``current``: the file's stamp, when the caller has just taken it."""
        key = (str(path), kind)
        current = current or stamp(path)
        hit = self._entries.get(key)
        if hit is not None and current is not None and hit[0] == current:
            reporter.diagnostics.extend(hit[2])
            return hit[1]
        local = Reporter()
        value = parse(local)
        reporter.diagnostics.extend(local.diagnostics)
        if current is not None:
            self._entries[key] = (current, value, tuple(local.diagnostics))
        else:
            self._entries.pop(key, None)
        return value

    def put(self, path: str | Path, kind: str, stamped: tuple[int, int], value: Any, diagnostics: tuple) -> None:
        """Remember a parse done elsewhere (a worker process: builder/prefetch.py); ``stamped``: the
        file's stamp taken before it was read."""
        self._entries[(str(path), kind)] = (stamped, value, tuple(diagnostics))

    def invalidate(self, paths: Iterable[Path]) -> None:
        """Forget these files (a watcher saw them change: covers edits within one mtime tick)."""
        gone = {str(Path(p).resolve()) for p in paths}
        for key in [k for k in self._entries if k[0] in gone]:
            del self._entries[key]

    def clear(self) -> None:
        self._entries.clear()



class RenderCache:
    """Per-screen output kept between renders; see render.render_course(cache=...)."""

    def __init__(self) -> None:
        self.context: Any = None  # course-wide inputs every screen depends on
        self.screens: dict[int, tuple[Any, str, list, bytes | None]] = {}  # n → (deps, html, data, script)
        self.index: dict[str | None, tuple[Any, bytes]] = {}  # SCORM version → (deps, index.html)
        self.files: dict[Path, tuple[tuple[int, int], bytes]] = {}

    def read_bytes(self, path: Path) -> bytes:
        """A course or theme file's bytes, read again only when its stamp changed."""
        current = stamp(path)
        hit = self.files.get(path)
        if hit is not None and current is not None and hit[0] == current:
            return hit[1]
        data = path.read_bytes()
        if current is not None:
            self.files[path] = (current, data)
        return data

    def clear(self) -> None:
        self.context = None
        self.screens.clear()
        self.index.clear()
        self.files.clear()

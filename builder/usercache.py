"""The per-user cache folder (``$XDG_CACHE_HOME/coursebuilder``, ``~/.cache/coursebuilder`` by
default): what coursebuilder may keep between runs and rebuild at any time if it is deleted."""
from __future__ import annotations

import os
from pathlib import Path


def user_cache(name: str) -> Path:
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):  # the XDG spec: a relative value is ignored
        base = str(Path.home() / ".cache")
    return Path(base) / "coursebuilder" / name


def writable_cache(name: str) -> Path | None:
    """The folder, created if need be; None where it cannot be (a read-only home, say)."""
    folder = user_cache(name)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder if os.access(folder, os.W_OK) else None

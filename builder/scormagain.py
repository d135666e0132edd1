"""The LMS runtime of `coursebuilder preview` and `coursebuilder verify`: scorm-again from npm.

First use runs ``npm install --no-audit --no-fund --ignore-scripts scorm-again@3.4.3`` in
``$XDG_CACHE_HOME/coursebuilder/npm/`` (``~/.cache/coursebuilder/npm/`` by default); later runs
find it there (see builder/npmcache.py).
"""
from __future__ import annotations

from pathlib import Path
from collections.abc import Callable

import click

from . import npmcache

PACKAGE = "scorm-again"
VERSION = "3.4.3"
BUNDLES = ("scorm12.min.js", "scorm2004.min.js")


def scorm_again(echo: Callable[[str], None] = click.echo, rerun: str = "coursebuilder preview",
                purpose: str = "the preview's LMS runtime") -> Path:
    """scorm-again's dist/ folder, installing the pinned version first if it is not there yet."""
    files = tuple(f"dist/{name}" for name in BUNDLES)
    return npmcache.install(PACKAGE, VERSION, files, purpose, rerun, echo) / "dist"

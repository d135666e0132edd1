"""The LMS runtime of the preview: scorm-again from npm, installed once into the user's cache folder.

Why not ship it: it is a third-party runtime that only the author's machine needs, so it is never
committed and never goes into a package. First use runs
``npm install --no-audit --no-fund --ignore-scripts scorm-again@3.4.3`` in
``$XDG_CACHE_HOME/coursebuilder/npm/`` (``~/.cache/coursebuilder/npm/`` by default); later runs
find it there.
"""
from __future__ import annotations

import fcntl
import json
import shutil
import subprocess
from pathlib import Path
from typing import Callable

import click

from ..usercache import user_cache

PACKAGE = "scorm-again"
VERSION = "3.4.3"
BUNDLES = ("scorm12.min.js", "scorm2004.min.js")


def cache_dir() -> Path:
    return user_cache("npm")


def _dist(root: Path) -> Path:
    return root / "node_modules" / PACKAGE / "dist"


def _installed(root: Path) -> bool:
    try:
        meta = json.loads((root / "node_modules" / PACKAGE / "package.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return meta.get("version") == VERSION and all((_dist(root) / name).is_file() for name in BUNDLES)


def scorm_again(echo: Callable[[str], None] = click.echo) -> Path:
    """scorm-again's dist/ folder, installing the pinned version first if it is not there yet."""
    root = cache_dir()
    if _installed(root):
        return _dist(root)
    npm = shutil.which("npm")
    if npm is None:
        raise click.ClickException(
            f"the preview's LMS runtime ({PACKAGE} {VERSION}) is installed with npm on first use, and npm "
            "was not found on PATH: install Node.js with npm (Debian: apt-get install npm), then run "
            "'coursebuilder preview' again")
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".install.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if _installed(root):
            return _dist(root)
        manifest = root / "package.json"
        if not manifest.exists():  # without it npm would look for a project in a parent folder
            manifest.write_text('{"name": "coursebuilder-preview-runtime", "private": true}\n', encoding="utf-8")
        echo(f"Installing {PACKAGE} {VERSION} (the preview's LMS runtime) into {root} (first use only)...")
        cmd = [npm, "install", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error",
               f"{PACKAGE}@{VERSION}"]
        try:
            proc = subprocess.run(cmd, cwd=root, capture_output=True, text=True, timeout=600)
        except subprocess.TimeoutExpired:
            raise click.ClickException(f"'{' '.join(cmd[1:])}' took more than 10 minutes in {root}") from None
        if proc.returncode != 0 or not _installed(root):
            raise click.ClickException(
                f"'npm {' '.join(cmd[1:])}' failed in {root} (exit {proc.returncode}); check the network "
                f"and try again:\n{(proc.stderr or proc.stdout)[-2000:]}")
    return _dist(root)

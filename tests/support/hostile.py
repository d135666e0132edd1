"""Hostile courses: a scene where a course sits beside secrets and files it must not touch, the
CLI run on it (in this process, or as a real process for exit statuses and tracebacks), and
the invariants every run must keep (docs/security.md).

A scene, in a fresh folder:

    course/        a copy of tests/fixtures/example, then changed by the test
    outside/       files with MARKER in them: nothing of them may reach a package
    victim-web/    a folder beside the output folder: a build must never touch it
    dist/          packages of an earlier build of the example: a failed build keeps them as they are
"""
from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from click.testing import CliRunner

from builder.build import build
from builder.cli import main

TESTS = Path(__file__).resolve().parent.parent
EXAMPLE = TESTS / "fixtures" / "example"
MARKER = "OUTSIDE-SECRET-7f3a91"  # in every file outside the course
DIAGNOSTIC = re.compile(r"^(?P<path>[^:]+)(:(?P<line>\d+)(:\d+)?)?: (?P<severity>error|warning)\[(?P<code>[\w-]+)\]: ")


@dataclass
class Scene:
    root: Path

    @property
    def course(self) -> Path:
        return self.root / "course"

    @property
    def out(self) -> Path:
        return self.root / "dist"

    @property
    def outside(self) -> Path:
        return self.root / "outside"

    def write(self, rel: str, text: str) -> Path:
        path = self.course / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def append(self, rel: str, text: str) -> int:
        """Add lines to a course file; the line number of the first one added."""
        path = self.course / rel
        before = path.read_text(encoding="utf-8")
        if not before.endswith("\n"):
            before += "\n"
        path.write_text(before + text, encoding="utf-8")
        return before.count("\n") + 1

    def replace(self, rel: str, old: str, new: str) -> int:
        """Replace text in a course file; the line it starts on."""
        path = self.course / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {rel}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        return text[: text.index(old)].count("\n") + 1

    def link(self, rel: str, target: Path | str) -> Path:
        """A symbolic link in the course (made relative when the target is in the scene)."""
        path = self.course / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        target = Path(target)
        if target.is_absolute() and self.root in target.parents:
            target = Path(os.path.relpath(target, path.parent))
        path.symlink_to(target)
        return path


def make_scene(root: Path, previous: Path) -> Scene:
    """A fresh scene under ``root``; ``previous``: packages of an earlier build to start dist/ with."""
    scene = Scene(root)
    shutil.copytree(EXAMPLE, scene.course)
    outside = scene.outside
    (outside / "dir").mkdir(parents=True)
    (outside / "secret.txt").write_text(f"{MARKER}\n")
    (outside / "secret.svg").write_text(f'<svg xmlns="http://www.w3.org/2000/svg"><title>{MARKER}</title></svg>\n')
    (outside / "dir" / "inner.md").write_text(f"# {MARKER}\n")
    (outside / "theme").mkdir()
    (outside / "theme" / "theme.yaml").write_text("extends: default\n")
    (root / "victim-web").mkdir()
    (root / "victim-web" / "index.html").write_text(f"victim {MARKER}\n")
    shutil.copytree(previous, scene.out, symlinks=True)
    return scene


def build_previous(folder: Path) -> Path:
    build(EXAMPLE, folder)
    return folder


@dataclass
class Result:
    code: int
    stdout: str
    stderr: str
    diagnostics: list[dict] = field(default_factory=list)

    def lines(self) -> list[str]:
        """What was printed: build reports on stderr, check on stdout."""
        return self.stderr.splitlines() + self.stdout.splitlines()


def run(scene: Scene, *args: str, process: bool = False, env: dict | None = None, timeout: float = 120,
        user: int | None = None) -> Result:
    """``coursebuilder ARGS`` run in the scene's folder: in this process (fast), or as a real
    process (``process``: real exit status, real tracebacks, signals; ``user``: as that uid)."""
    if process or user is not None:
        command = [sys.executable, "-m", "builder.cli", *args]
        if user is not None:
            command = ["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups", *command]
        environment = {**os.environ, "PYTHONPATH": str(TESTS.parent), **(env or {})}
        done = subprocess.run(command, cwd=scene.root, capture_output=True, text=True, timeout=timeout,
                              env=environment)
        return _parsed(Result(done.returncode, done.stdout, done.stderr))
    before = Path.cwd()
    os.chdir(scene.root)
    try:
        outcome = CliRunner().invoke(main, list(args), catch_exceptions=True)
    finally:
        os.chdir(before)
    if outcome.exception is not None and not isinstance(outcome.exception, SystemExit):
        raise outcome.exception  # a crash: the test shows its traceback
    return _parsed(Result(outcome.exit_code, outcome.stdout, outcome.stderr))


def _parsed(result: Result) -> Result:
    for line in result.lines():
        match = DIAGNOSTIC.match(line)
        if match:
            result.diagnostics.append({**match.groupdict(), "text": line})
    return result


def snapshot(folder: Path, skip: tuple[str, ...] = ()) -> dict[str, tuple]:
    """Every entry under ``folder`` with its kind and content (links as their target)."""
    found = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        rel_dir = Path(dirpath).relative_to(folder)
        dirnames[:] = [d for d in dirnames if (rel_dir / d).as_posix() not in skip]
        for name in dirnames + filenames:
            path = Path(dirpath) / name
            rel = (rel_dir / name).as_posix()
            if rel in skip:
                continue
            if path.is_symlink():
                found[rel] = ("link", os.readlink(path))
            elif path.is_dir():
                found[rel] = ("dir",)
            elif not path.is_file():  # a pipe or a device: reading it could hang
                found[rel] = ("special",)
            else:
                found[rel] = ("file", path.read_bytes(), path.stat().st_mode & 0o777)
    return found


def package_entries(out: Path) -> dict[str, dict[str, bytes]]:
    """Every package in the output folder: name → {entry path: bytes}."""
    packages = {}
    for item in sorted(out.iterdir()):
        if item.suffix == ".zip":
            with zipfile.ZipFile(item) as archive:
                packages[item.name] = {info.filename: archive.read(info) for info in archive.infolist()}
        elif item.is_dir():
            packages[item.name] = {p.relative_to(item).as_posix(): p.read_bytes()
                                   for p in item.rglob("*") if p.is_file() and not p.is_symlink()}
    return packages


def assert_safe(scene: Scene, result: Result, before: dict, previous: dict, course_may_change: str = "") -> None:
    """The invariants of every run on a hostile course."""
    assert "Traceback" not in result.stderr + result.stdout, result.stderr
    assert "internal error" not in result.stderr, result.stderr
    assert "\x1b" not in result.stderr + result.stdout, "a control character reached the terminal"
    after = snapshot(scene.root, skip=("dist",) + ((course_may_change,) if course_may_change else ()))
    assert after == before, "files outside --out changed: " + ", ".join(
        sorted(k for k in set(after) | set(before) if after.get(k) != before.get(k)))
    leftovers = [p.name for p in scene.out.iterdir() if p.name.startswith((".tmp-", ".old-"))] \
        if scene.out.is_dir() else []
    assert not leftovers, leftovers
    if result.code != 0:
        assert snapshot(scene.out) == previous, "a failed run changed the previous packages"
    for name, entries in package_entries(scene.out).items() if scene.out.is_dir() else ():
        for entry, data in entries.items():
            assert not entry.startswith("/") and ".." not in entry.split("/") and "\\" not in entry, (name, entry)
            assert MARKER.encode() not in data, f"{name}:{entry} holds a file from outside the course"


def located(result: Result, path: str, line: int | None, code: str, message: str) -> bool:
    """Whether stderr has ``path[:line]: error[code]: ...message...`` (path relative to the scene)."""
    head = f"{path}:{line}" if line is not None else path
    for text in result.lines():
        if (text.startswith(head + ":") or text.startswith(head + ": ")) and f"error[{code}]:" in text \
                and message in text:
            return True
    return False


def zip_names(path: Path) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as archive:
        return archive.namelist()

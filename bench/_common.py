"""Helpers shared by the benchmark scripts (standard library only).

Not a test and not part of the package: the scripts under bench/ import it as a sibling module.
"""
from __future__ import annotations

import datetime
import os
import platform
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
WG3 = REPO / "course_src" / "wg3-manager-wellbeing"


def generator() -> Path:
    """shared/bench/gen_synthetic.py: $CB_GEN_SYNTHETIC, else ../shared/bench beside the repo."""
    env = os.environ.get("CB_GEN_SYNTHETIC")
    candidates = [Path(env)] if env else []
    candidates += [REPO.parent / "shared" / "bench" / "gen_synthetic.py",
                   REPO / "shared" / "bench" / "gen_synthetic.py"]
    for c in candidates:
        if c.is_file():
            return c
    raise SystemExit("gen_synthetic.py not found: set CB_GEN_SYNTHETIC or put shared/ beside the repo")


def synthetic(pages: int, out: Path, fmt: str = "course", words: int | None = None) -> Path:
    """Write the deterministic synthetic content (same seed as the peer figures) into out."""
    cmd = [sys.executable, str(generator()), "--pages", str(pages), "--out", str(out),
           "--format", fmt, "--force"]
    if words is not None:
        cmd += ["--words", str(words)]
    subprocess.run(cmd, check=True, stderr=subprocess.DEVNULL)
    return out


def almost_empty_course(out: Path) -> Path:
    """One lesson, one sentence, default theme: the smallest thing an author can build."""
    (out / "lessons").mkdir(parents=True, exist_ok=True)
    (out / "course.yaml").write_text(
        "id: almost-empty\ntitle: Almost empty\nversion: 1.0.0\nlanguage: en\n"
        "outline:\n  - lessons/01-hello.md\n", encoding="utf-8")
    (out / "lessons" / "01-hello.md").write_text(
        "---\ntitle: Hello\n---\n\nThis course has one sentence.\n", encoding="utf-8")
    return out


def child_env() -> dict[str, str]:
    """The environment for timed tools: as on an author's machine, Python keeps compiled bytecode
    (some sandboxes set PYTHONDONTWRITEBYTECODE, which makes every run recompile every module of
    both tools and measures that instead)."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def builder_cmd(*args: str) -> list[str]:
    """`coursebuilder ...` for the working tree: the console script is `builder.cli:run`,
    which `python -m builder.cli` (cwd = repo) also calls, so it starts the same way and always measures this
    checkout, not whatever copy is installed."""
    return [sys.executable, "-m", "builder.cli", *args]


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (f"{os.cpu_count()} cores, {model}, Python {platform.python_version()}, "
            f"{platform.system()} {platform.release()}, {datetime.date.today().isoformat()}")


def git_rev() -> str:
    """The commit measured ($CB_BENCH_REV when the tree is an export without .git)."""
    if os.environ.get("CB_BENCH_REV"):
        return os.environ["CB_BENCH_REV"]
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True,
                             text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "builder", "themes"], cwd=REPO,
                               capture_output=True, text=True).stdout.strip()
        return out + ("+dirty(builder/themes)" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def spread(values: list[float], fmt: str = "{:.2f}", unit: str = " s") -> str:
    """'median (min–max)' for a list of numbers."""
    if not values:
        return "–"
    med = statistics.median(values)
    if len(values) == 1:
        return fmt.format(med) + unit
    return f"{fmt.format(med)}{unit} ({fmt.format(min(values))}–{fmt.format(max(values))})"


def mark(ok: bool | None) -> str:
    return "–" if ok is None else ("met" if ok else "**missed**")


def rmtree(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)

#!/usr/bin/env python3
"""Full-build speed: our SCORM 1.2 build against MkDocs 1.6 on the same synthetic content.

Every build is a fresh subprocess timed from spawn to exit (interpreter start, imports, reading,
rendering, writing: what a user waits for at the prompt).  Runs are interleaved round-robin
(round 1: ours 10, mkdocs 10, ours 200, mkdocs 200, ..., WG3; round 2: the same ...) so that
noise on a shared machine hits both tools alike; the ratio mkdocs/ours is taken per round.
Peak RSS of each child comes from os.wait4's rusage (ru_maxrss).  One untimed warm-up run of
each command comes first (bytecode and page cache warm, as on a developer's second build).

    python bench/build_speed.py                           # 10,200,2000 lessons; MkDocs at 10,200
    python bench/build_speed.py --sizes 200 --rounds 9
    python bench/build_speed.py --mkdocs-sizes 10,200,2000   # MkDocs at 2000 takes ~40 s a run
    python bench/build_speed.py --sizes 3 --rounds 1 --no-mkdocs --no-wg3   # smoke

MkDocs is optional (`pip install mkdocs==1.6.1`; not a project dependency): without it, or with
--no-mkdocs, only our builds run.  Prints a Markdown table; --json FILE also writes raw times.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import REPO, WG3, builder_cmd, child_env, git_rev, machine, mark, rmtree, spread, synthetic  # noqa: E402

# The figures to keep from the house issue (#14): ratios per round against MkDocs 1.6.1.
TARGET_RATIO_200 = 2.2   # x faster than MkDocs at 200 lessons
TARGET_RATIO_2000 = 7.0  # x faster than MkDocs at 2000 lessons
TARGET_2000 = 3.0        # s, median
TARGET_GROWTH = 10.0     # 2000-lesson time / 200-lesson time
TARGET_RSS_MB = 250.0
TARGET_WG3 = 1.0        # s, all formats


def run_timed(cmd: list[str], cwd: Path) -> tuple[float, float]:
    """(wall seconds, peak RSS MB) of one child process; raises if it fails."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=child_env())
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err}")
    return wall, usage.ru_maxrss / 1024.0  # ru_maxrss is in KiB on Linux


def ints(text: str) -> list[int]:
    return [int(x) for x in text.split(",") if x.strip()]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=ints, default=[10, 200, 2000], help="lesson counts (default 10,200,2000)")
    ap.add_argument("--mkdocs-sizes", type=ints, default=[10, 200],
                    help="sizes at which MkDocs also runs (default 10,200; 2000 takes ~40 s a run)")
    ap.add_argument("--rounds", type=int, default=5, help="timed rounds (default 5)")
    ap.add_argument("--no-mkdocs", action="store_true", help="skip MkDocs")
    ap.add_argument("--no-wg3", action="store_true", help="skip the WG3 all-formats build")
    ap.add_argument("--no-warmup", action="store_true", help="skip the untimed warm-up runs")
    ap.add_argument("--workdir", type=Path, help="where content and outputs go (default: a temp dir)")
    ap.add_argument("--json", type=Path, help="also write raw results here")
    a = ap.parse_args(argv)

    have_mkdocs = importlib.util.find_spec("mkdocs") is not None
    use_mkdocs = not a.no_mkdocs and have_mkdocs
    if not a.no_mkdocs and not have_mkdocs:
        print("note: mkdocs is not installed (pip install mkdocs==1.6.1): MkDocs columns skipped",
              file=sys.stderr)

    tmp = None
    if a.workdir is None:
        tmp = tempfile.TemporaryDirectory(prefix="cb-bench-")
        work = Path(tmp.name)
    else:
        work = a.workdir
        work.mkdir(parents=True, exist_ok=True)

    # jobs: (key, command, output dir to clear before each run)
    jobs: list[tuple[str, list[str], Path]] = []
    for n in a.sizes:
        src = synthetic(n, work / f"course-{n}")
        out = work / f"out-ours-{n}"
        jobs.append((f"ours-{n}", builder_cmd("build", str(src), "--format", "scorm12", "--out", str(out), "-q"),
                     out))
        if use_mkdocs and n in a.mkdocs_sizes:
            msrc = synthetic(n, work / f"mkdocs-{n}", fmt="mkdocs")
            mout = work / f"out-mkdocs-{n}"
            jobs.append((f"mkdocs-{n}", [sys.executable, "-m", "mkdocs", "build", "-q", "-f",
                                         str(msrc / "mkdocs.yml"), "-d", str(mout)], mout))
    if not a.no_wg3:
        out = work / "out-wg3"
        jobs.append(("wg3-all", builder_cmd("build", str(WG3), "--out", str(out), "-q"), out))

    if not a.no_warmup:
        for key, cmd, out in jobs:
            rmtree(out)
            run_timed(cmd, REPO)

    times: dict[str, list[float]] = {k: [] for k, _, _ in jobs}
    rss: dict[str, list[float]] = {k: [] for k, _, _ in jobs}
    for r in range(a.rounds):
        for key, cmd, out in jobs:
            rmtree(out)
            wall, peak = run_timed(cmd, REPO)
            times[key].append(wall)
            rss[key].append(peak)
        print(f"round {r + 1}/{a.rounds}: " + ", ".join(f"{k} {v[-1]:.2f}s" for k, v in times.items()),
              file=sys.stderr, flush=True)

    ratios = {n: [m / o for o, m in zip(times[f"ours-{n}"], times[f"mkdocs-{n}"])]
              for n in a.sizes if f"mkdocs-{n}" in times}

    print(f"\nMachine: {machine()}; commit {git_rev()}; {a.rounds} rounds, interleaved, fresh "
          f"subprocess per build.\n")
    print("| lessons | ours: SCORM 1.2 zip, median (min–max) | ours: peak RSS, median (max) | "
          "MkDocs 1.6: median (min–max) | MkDocs/ours per round, median (min–max) |")
    print("| --- | --- | --- | --- | --- |")
    for n in a.sizes:
        o = times[f"ours-{n}"]
        rs = rss[f"ours-{n}"]
        m = times.get(f"mkdocs-{n}")
        rt = ratios.get(n)
        print(f"| {n} | {spread(o)} | {statistics.median(rs):.0f} MB ({max(rs):.0f}) | "
              f"{spread(m) if m else 'not run'} | {spread(rt, unit='×') if rt else '–'} |")
    if "wg3-all" in times:
        w = times["wg3-all"]
        rs = rss["wg3-all"]
        print(f"| WG3 module, all formats | {spread(w)} | {statistics.median(rs):.0f} MB ({max(rs):.0f}) | – | – |")

    # targets
    rows = []
    if 200 in a.sizes:
        if 200 in ratios:
            rm = statistics.median(ratios[200])
            rows.append(("200 lessons ≥ 2.2× faster than MkDocs", f"{rm:.2f}×", rm >= TARGET_RATIO_200))
    if 2000 in a.sizes:
        med = statistics.median(times["ours-2000"])
        rows.append(("2000-lesson build ≤ 3 s", f"{med:.2f} s", med <= TARGET_2000))
        if 2000 in ratios:
            rm = statistics.median(ratios[2000])
            rows.append(("2000 lessons ≥ 7× faster than MkDocs", f"{rm:.2f}×", rm >= TARGET_RATIO_2000))
        if 200 in a.sizes:
            g = med / statistics.median(times["ours-200"])
            rows.append(("2000 vs 200 lessons ≤ 10×", f"{g:.1f}×", g <= TARGET_GROWTH))
        peak = max(rss["ours-2000"])
        rows.append(("2000-lesson peak RSS ≤ 250 MB", f"{peak:.0f} MB (max)", peak <= TARGET_RSS_MB))
    if "wg3-all" in times:
        med = statistics.median(times["wg3-all"])
        rows.append(("WG3 module, all formats ≤ 1 s", f"{med:.2f} s", med <= TARGET_WG3))
    if rows:
        print("\n| target | measured | |\n| --- | --- | --- |")
        for name, value, ok in rows:
            print(f"| {name} | {value} | {mark(ok)} |")

    if a.json:
        a.json.write_text(json.dumps({"machine": machine(), "commit": git_rev(), "rounds": a.rounds,
                                      "times": times, "rss_mb": rss,
                                      "ratios": {str(k): v for k, v in ratios.items()}}, indent=1))
    if tmp is not None:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())

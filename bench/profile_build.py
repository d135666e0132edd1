#!/usr/bin/env python3
"""Where a build spends its time: profile one SCORM 1.2 build of the synthetic course.

    python bench/profile_build.py --lessons 200                 # cProfile, top entries
    python bench/profile_build.py --lessons 2000 --pyinstrument # pyinstrument call tree
    python bench/profile_build.py --lessons 200 --phases        # wall time per phase only
    python bench/profile_build.py --lessons 2000 --phases --jobs 2   # the same with worker processes

The build runs in this process (imports are timed separately first with -X importtime-like
wall clock), so the figures cover load → model → render → package, not interpreter start.
pyinstrument is optional (`pip install pyinstrument`; not a project dependency).
"""
from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import REPO, machine, synthetic  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lessons", type=int, default=200)
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--pyinstrument", action="store_true")
    ap.add_argument("--phases", action="store_true", help="only time load / render / package")
    ap.add_argument("--jobs", type=int, default=1,
                    help="processes for --phases, as `build --jobs` (default 1: cProfile sees one process)")
    a = ap.parse_args(argv)

    sys.path.insert(0, str(REPO))
    t0 = time.perf_counter()
    import gc  # noqa: PLC0415

    import builder.build as bb  # noqa: PLC0415
    from builder.errors import Reporter  # noqa: PLC0415
    from builder.load import survey  # noqa: PLC0415
    from builder.package import package  # noqa: PLC0415
    from builder.package.zipwriter import write_zip  # noqa: PLC0415
    from builder.render import render  # noqa: PLC0415
    from builder.theme import course_theme  # noqa: PLC0415
    t_import = time.perf_counter() - t0
    gc.set_threshold(100_000, 50, 100)  # as the coursebuilder command sets it (builder/cli.py)

    with tempfile.TemporaryDirectory(prefix="cb-prof-") as tmp:
        src = synthetic(a.lessons, Path(tmp) / "src")
        out = Path(tmp) / "out"
        print(f"{machine()}; {a.lessons} lessons; imports {t_import * 1000:.0f} ms")
        if a.phases:  # the steps of builder.build.build, timed one by one
            t = time.perf_counter()
            course = survey(src, Reporter(), jobs=a.jobs).course
            assert course is not None, "the synthetic course has errors"
            theme = course_theme(course)
            t_load = time.perf_counter() - t
            t = time.perf_counter()
            rendered = render(course, theme, jobs=a.jobs)
            t_render = time.perf_counter() - t
            t = time.perf_counter()
            tree = package(course, rendered, "scorm12")
            t_manifest = time.perf_counter() - t
            t = time.perf_counter()
            out.mkdir()
            write_zip(out / "x.zip", tree)
            t_zip = time.perf_counter() - t
            print(f"load+validate {t_load * 1000:.0f} ms | render {t_render * 1000:.0f} ms | "
                  f"index+manifest {t_manifest * 1000:.0f} ms | zip {t_zip * 1000:.0f} ms")
            return 0
        if a.pyinstrument:
            from pyinstrument import Profiler  # noqa: PLC0415
            prof = Profiler(interval=0.0005)
            prof.start()
            bb.build(src, out, formats=("scorm12",))
            prof.stop()
            print(prof.output_text(unicode=True, color=False, show_all=False))
            return 0
        prof = cProfile.Profile()
        prof.enable()
        bb.build(src, out, formats=("scorm12",))
        prof.disable()
        for key in ("tottime", "cumulative"):
            s = io.StringIO()
            pstats.Stats(prof, stream=s).strip_dirs().sort_stats(key).print_stats(a.top)
            print(f"--- by {key} ---")
            print("\n".join(line for line in s.getvalue().splitlines() if line.strip())[:6000])
    return 0


if __name__ == "__main__":
    sys.exit(main())

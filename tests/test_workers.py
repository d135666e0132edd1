"""builder/workers.py and the two uses of it: a large course's quizzes read ahead (builder/prefetch.py)
and its screens rendered (builder/render.py) by forked worker processes.

What a builder sees: the same packages, byte for byte, and the same problems, at the same lines,
whether one process builds or several. Each check runs in a fresh Python process, as the
`coursebuilder` command does: the test process itself has threads of other tests, and workers
are never forked beside threads."""
from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

from builder.workers import forked_map, spans

REPO = Path(__file__).resolve().parent.parent

# Lowers the thresholds (a course of a dozen lessons uses workers) and records whether workers
# started, then runs the snippet it is given.
PRELUDE = """
import json, os, sys
from pathlib import Path
import builder.cache, builder.prefetch, builder.render, builder.workers
builder.prefetch.FORK_QUIZZES = 2
builder.render.FORK_SCREENS = 2
STARTED = []
def _counting(real, name):
    def start(*args, **kwargs):
        running = real(*args, **kwargs)
        STARTED.append((name, running is not None))
        return running
    return start
builder.prefetch.start = _counting(builder.prefetch.start, "quizzes")
builder.workers.start = _counting(builder.workers.start, "screens")
USED = {"quizzes": 0, "screens": 0}  # quiz files and screens whose result came from a worker
_put = builder.cache.ParseCache.put
def _counting_put(self, *args):
    USED["quizzes"] += 1
    return _put(self, *args)
builder.cache.ParseCache.put = _counting_put
_map = builder.render.forked_map
def _counting_map(fn, items, jobs, done=None):
    found = _map(fn, items, jobs, done)
    USED["screens"] += len(found or ())
    return found
builder.render.forked_map = _counting_map
"""


def run(snippet: str) -> dict:
    """Run ``snippet`` after PRELUDE in a new interpreter; the JSON it prints last."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.run([sys.executable, "-c", PRELUDE + textwrap.dedent(snippet)], capture_output=True,
                          text=True, env=env, cwd=REPO, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


def write_course(root: Path, lessons: int = 12, broken: int | None = None) -> Path:
    """A course of ``lessons`` lessons, each placing its own quiz and linking to the next lesson;
    quiz number ``broken`` has a mistake (a question type that does not exist) on line 5."""
    (root / "lessons").mkdir(parents=True)
    (root / "quizzes").mkdir()
    outline = "".join(f"  - lessons/{n:02d}.md\n" for n in range(1, lessons + 1))
    (root / "course.yaml").write_text("id: many\ntitle: Many quizzes\nversion: 1.0.0\nlanguage: en\n"
                                      f"outline:\n{outline}", encoding="utf-8")
    for n in range(1, lessons + 1):
        following = f"[the next lesson]({n + 1:02d}.md)" if n < lessons else "the end"
        (root / "lessons" / f"{n:02d}.md").write_text(
            f"---\ntitle: Lesson {n}\n---\n\nLesson {n} leads to {following}.\n\n"
            f"| Step | What to do |\n| --- | --- |\n| {n} | Read lesson {n} |\n\n::: quiz q{n:02d}\n",
            encoding="utf-8")
        kind = "single" if n != broken else "singel"
        (root / "quizzes" / f"q{n:02d}.yaml").write_text(
            f"id: q{n:02d}\ntitle: Check {n}\nquestions:\n  - id: q{n:02d}-1\n    type: {kind}\n"
            f"    prompt: Which step comes in lesson {n}?\n    options:\n"
            f"      - text: Step {n}\n        correct: true\n      - text: Step {n + 100}\n        correct: false\n"
            f"      - text: Step {n + 200}\n        correct: false\n",
            encoding="utf-8")
    return root


def test_spans_cover_every_position_once_in_near_equal_runs():
    for total in (1, 2, 7, 100, 2001):
        for pieces in (1, 2, 3, 8, 5000):
            found = spans(total, pieces)
            assert [i for a, b in found for i in range(a, b)] == list(range(total))
            lengths = [b - a for a, b in found]
            assert min(lengths) >= 1 and max(lengths) - min(lengths) <= 1


def test_forked_map_gives_the_results_in_order_from_other_processes():
    found = run("""
        from builder.workers import forked_map
        results = forked_map(lambda n: (n * n, os.getpid()), list(range(50)), jobs=2)
        print(json.dumps({"squares": [r[0] for r in results], "pids": sorted({r[1] for r in results}),
                          "me": os.getpid()}))
    """)
    assert found["squares"] == [n * n for n in range(50)]
    assert found["me"] not in found["pids"] and 1 <= len(found["pids"]) <= 2


def test_a_failure_in_a_worker_leaves_the_work_to_the_caller():
    found = run("""
        from builder.workers import forked_map
        def fails_on_7(n):
            if n == 7:
                raise ValueError("seven")
            return n
        print(json.dumps({"result": forked_map(fails_on_7, list(range(20)), jobs=2)}))
    """)
    assert found["result"] is None


def test_no_workers_are_forked_beside_other_threads():
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait, daemon=True)
    thread.start()
    try:
        assert forked_map(lambda n: n, list(range(20)), jobs=2) is None
    finally:
        stop.set()
        thread.join()


def test_a_large_course_builds_the_same_packages_with_workers(tmp_path):
    course = write_course(tmp_path / "course")
    found = run(f"""
        from builder.build import build
        out = Path({str(tmp_path)!r})
        for jobs in (1, 2):
            build(Path({str(course)!r}), out / f"jobs{{jobs}}", formats=("scorm12", "web"), jobs=jobs)
        one = {{p.relative_to(out / "jobs1").as_posix(): p.read_bytes()
               for p in sorted((out / "jobs1").rglob("*")) if p.is_file()}}
        two = {{p.relative_to(out / "jobs2").as_posix(): p.read_bytes()
               for p in sorted((out / "jobs2").rglob("*")) if p.is_file()}}
        print(json.dumps({{"started": STARTED, "used": USED, "files": sorted(one), "same": one == two}}))
    """)
    # jobs=1 starts nothing; jobs=2 reads the quizzes ahead (one worker) and renders the screens.
    assert found["started"] == [["quizzes", True], ["screens", True]]
    assert found["used"] == {"quizzes": 12, "screens": 12}
    assert "many-1.0.0-scorm12.zip" in found["files"] and "many-1.0.0-web/screens/0012.js" in found["files"]
    assert found["same"]


def test_a_mistake_in_a_quiz_read_ahead_is_reported_as_without_workers(tmp_path):
    course = write_course(tmp_path / "course", broken=9)
    found = run(f"""
        from builder.build import build
        from builder.errors import AuthoringError
        shown = {{}}
        for jobs in (1, 2):
            try:
                build(Path({str(course)!r}), Path({str(tmp_path)!r}) / "out", jobs=jobs)
            except AuthoringError as exc:
                shown[jobs] = [str(d) for d in exc.diagnostics]
        print(json.dumps({{"shown": shown, "started": STARTED}}))
    """)
    assert ["quizzes", True] in found["started"]
    one, two = found["shown"]["1"], found["shown"]["2"]
    assert one == two
    assert any("q09.yaml:5:" in line and "singel" in line for line in one), one
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_ctrl_c_stops_the_caller_and_leaves_no_worker(tmp_path):
    """Ctrl-C reaches every process of the terminal's group. Only the caller may act on it: a
    worker interrupted while it sends a result leaves the pool waiting for it for ever (seen: one
    interrupted build in ten hung). The caller stops at once and no worker is left behind."""
    marker = tmp_path / "worker-interrupted"
    script = PRELUDE + textwrap.dedent(f"""
        import time
        from builder.workers import forked_map
        def slow(n):
            try:
                time.sleep(0.05)
            except KeyboardInterrupt:
                Path({str(marker)!r}).write_text("a worker was interrupted")
                raise
            return "x" * 200_000  # more than a pipe holds: a worker blocks while it sends this
        print("ready", flush=True)
        try:
            forked_map(slow, list(range(80)), jobs=2)
        except KeyboardInterrupt:
            print("interrupted", flush=True)
    """)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    for delay in (0.3, 0.8):
        proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, env=env,
                                cwd=REPO, start_new_session=True)
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        time.sleep(delay)
        os.killpg(proc.pid, signal.SIGINT)
        try:
            out, _ = proc.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise AssertionError(f"still running 20 s after Ctrl-C (sent {delay} s in)") from None
        assert "interrupted" in out
        assert not marker.exists(), marker.read_text()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, 0)  # any process of the group left?
            raise AssertionError("a worker outlived the interrupted run")


def test_no_worker_outlives_a_pool_that_failed_to_start():
    """A fork refused half-way (a process limit): the workers already forked must not wait for
    ever on their queue, holding the caller's files and locks, once the caller has ended."""
    script = PRELUDE + textwrap.dedent("""
        import errno
        real_fork, forks = os.fork, []
        def fork():
            forks.append(1)
            if len(forks) == 3:
                raise OSError(errno.EAGAIN, "Resource temporarily unavailable")
            return real_fork()
        os.fork = fork
        from builder.workers import forked_map
        print(json.dumps({"result": forked_map(lambda n: n, list(range(40)), jobs=4), "forks": len(forks)}),
              flush=True)
        os._exit(0)  # as the coursebuilder command leaves
    """)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, env=env, cwd=REPO,
                            start_new_session=True)
    out, _ = proc.communicate(timeout=60)
    assert json.loads(out.strip().splitlines()[-1]) == {"result": None, "forks": 3}  # done by the caller instead
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.killpg(proc.pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
    os.killpg(proc.pid, signal.SIGKILL)
    raise AssertionError("forked workers outlived their caller")

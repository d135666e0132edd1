"""The benchmark scripts under bench/ still start and run, at tiny size (not a timing test).

The scripts themselves are not run by CI at full size (see docs/benchmarks.md); this only keeps
them from rotting. MkDocs is optional: its part is skipped when it is not installed; the
browser part of learner.py is skipped when Chromium or Playwright is missing.
"""
from __future__ import annotations

import importlib.util
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / "bench"
GEN = Path(os.environ.get("CB_GEN_SYNTHETIC", REPO.parent / "shared" / "bench" / "gen_synthetic.py"))
CHROMIUM = Path(os.environ.get("COURSEBUILDER_CHROMIUM", "/usr/bin/chromium"))

pytestmark = pytest.mark.skipif(not GEN.is_file(), reason=f"synthetic content generator not found at {GEN}")


def run(script: str, *args: str) -> str:
    # own process group, so that a timeout also stops what the script started (a preview server)
    proc = subprocess.Popen([sys.executable, str(BENCH / script), *args], cwd=REPO, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True,
                            env={**os.environ, "CB_GEN_SYNTHETIC": str(GEN)})
    try:
        out, err = proc.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGTERM)
        out, err = proc.communicate()
        pytest.fail(f"{script} took over 120 s\n{out}\n{err}")
    assert proc.returncode == 0, f"{script} exited {proc.returncode}\n{out}\n{err}"
    return out


def test_build_speed_runs_tiny():
    extra = ["--mkdocs-sizes", "3"] if importlib.util.find_spec("mkdocs") else ["--no-mkdocs"]
    out = run("build_speed.py", "--sizes", "3", "--rounds", "1", "--no-wg3", "--no-warmup", *extra)
    assert "| 3 |" in out
    if importlib.util.find_spec("mkdocs"):
        assert "×" in out.split("| 3 |", 1)[1].splitlines()[0]  # a MkDocs/ours ratio was measured


def test_learner_runs_quick():
    browser = CHROMIUM.exists() and importlib.util.find_spec("playwright") is not None
    out = run("learner.py", "--quick", *([] if browser else ["--no-browser"]))
    assert "player runtime total" in out and "almost-empty course, SCORM 1.2 zip" in out
    if browser:
        assert "first screen visible, WG3" in out and "screen switch" in out


def test_incremental_measures_a_save_in_the_preview():
    out = run("incremental.py", "--quick")  # a preview that does not serve the course fails the script
    assert "save one lesson" in out


def test_profile_phases_runs():
    out = run("profile_build.py", "--lessons", "3", "--phases")
    assert "render" in out

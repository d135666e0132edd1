"""The CLI's progress bar and colours: only on a terminal, never in logs."""
from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

from builder.build import build
from builder.terminal import ProgressBar, paint

EXAMPLE = Path(__file__).parent / "fixtures" / "example"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_long_build_on_a_terminal_draws_the_bar_and_clears_it(tmp_path):
    screen = Terminal()
    bar = ProgressBar("building example", stream=screen, delay=0)
    build(EXAMPLE, tmp_path, formats=("scorm12",), progress=bar)
    bar.close()
    drawn = screen.getvalue()
    assert "building example [" in drawn and "%" in drawn
    assert drawn.endswith("\r")


def test_no_bar_when_output_is_not_a_terminal_or_the_build_is_quick(tmp_path):
    log = io.StringIO()
    build(EXAMPLE, tmp_path, formats=("scorm12",), progress=ProgressBar("x", stream=log, delay=0))
    quick = Terminal()
    build(EXAMPLE, tmp_path, formats=("scorm12",), progress=ProgressBar("x", stream=quick, delay=60))
    assert log.getvalue() == "" and quick.getvalue() == ""


def test_diagnostics_have_no_colour_codes_in_a_pipe(tmp_path):
    result = subprocess.run([sys.executable, "-m", "builder.cli", "build", str(tmp_path / "missing")],
                            capture_output=True, text=True)
    assert result.returncode == 1 and "\x1b[" not in result.stderr
    assert "\x1b[31m" in paint("a.md:1: error[x]: y")


def test_verbose_prints_sizes_and_time(tmp_path):
    result = subprocess.run([sys.executable, "-m", "builder.cli", "build", str(EXAMPLE), "--out", str(tmp_path),
                             "--format", "scorm12", "-v"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert " KB)" in result.stdout and result.stdout.strip().endswith(" s")

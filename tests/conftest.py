"""Shared pytest setup for the coursebuilder tests.

Puts ``tests/`` on sys.path so test modules import the harness as ``support.*``
(``from support.lms import LmsSession``), and the repo root so ``builder`` imports work
without installing the project. Registers the browser fixtures from support.browser:
``browser`` (session-scoped system Chromium) and ``page`` (fresh context per test).

coursebuilder keeps a per-user cache (compiled templates; the npm runtime of the preview and
verify): the tests point $XDG_CACHE_HOME at a temporary folder, never the real
~/.cache/coursebuilder. Only its npm installs are shared between runs, from the git-ignored
tests/.cache/coursebuilder/npm (an install takes a while and needs the registry).
"""
from __future__ import annotations

import atexit
import os
import shutil
import signal
import sys
import tempfile
from pathlib import Path

TESTS_DIR = Path(__file__).resolve().parent
REPO_ROOT = TESTS_DIR.parent
for _p in (str(TESTS_DIR), str(REPO_ROOT)):
    if _p not in sys.path:
        sys.path.insert(0, _p)

from support.browser import browser, page  # noqa: E402,F401  (pytest fixtures)

# A shell without job control starts background commands (`.ci/run &`, `nohup ... &`) with Ctrl-C
# ignored, and an ignored signal stays ignored in every child: the tests that press Ctrl-C on a build
# or a preview would see it do nothing. Catching it here lets children start with the default again.
if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)

_CACHE = Path(tempfile.mkdtemp(prefix="coursebuilder-test-cache-"))
_SHARED_NPM = TESTS_DIR / ".cache" / "coursebuilder" / "npm"
_SHARED_NPM.mkdir(parents=True, exist_ok=True)
(_CACHE / "coursebuilder").mkdir()
(_CACHE / "coursebuilder" / "npm").symlink_to(_SHARED_NPM, target_is_directory=True)
os.environ["XDG_CACHE_HOME"] = str(_CACHE)  # subprocesses of the tests inherit it
atexit.register(shutil.rmtree, _CACHE, ignore_errors=True)

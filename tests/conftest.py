"""Shared pytest setup for the coursebuilder tests.

Puts ``tests/`` on sys.path so test modules import the harness as ``support.*``
(``from support.lms import LmsSession``), and the repo root so ``builder`` imports work
without installing the project. Registers the browser fixtures from support.browser:
``browser`` (session-scoped system Chromium) and ``page`` (fresh context per test).
"""
from __future__ import annotations

import sys
from pathlib import Path

TESTS_DIR = Path(__file__).resolve().parent
REPO_ROOT = TESTS_DIR.parent
for _p in (str(TESTS_DIR), str(REPO_ROOT)):
    if _p not in sys.path:
        sys.path.insert(0, _p)

from support.browser import browser, page  # noqa: E402,F401  (pytest fixtures)

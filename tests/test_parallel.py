"""Large builds parse and render on every core (builder/parallel.py): the packages and the
problems reported must be exactly those of a build in one process."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from builder import parallel
from builder.build import build, load
from builder.cache import ParseCache
from builder.errors import AuthoringError

LESSONS = 80  # above parallel.MIN_ITEMS, so the forked path runs


def large_course(root: Path) -> Path:
    (root / "lessons").mkdir(parents=True)
    (root / "quizzes").mkdir()
    outline = []
    for n in range(1, LESSONS + 1):
        name = f"lessons/{n:03d}-part.md"
        outline.append(f"  - {name}")
        (root / name).write_text(
            f"---\ntitle: Part {n}\nobjectives:\n  - Read part {n}\n---\n\n## Section {n}\n\n"
            f"Some *text* with a [link to the next part]({n % LESSONS + 1:03d}-part.md) and a table:\n\n"
            "| a | b |\n| --- | --- |\n| 1 | 2 |\n\n- one\n- two\n\n"
            f"::: note Remember\nA callout in part {n}.\n:::\n\n::: quiz check-{n:03d}\n", encoding="utf-8")
        (root / "quizzes" / f"check-{n:03d}.yaml").write_text(
            f"id: check-{n:03d}\ntitle: Check {n}\nkind: check\nshuffle: true\nquestions:\n"
            f"  - id: q{n}\n    type: single\n    prompt: Which is part {n}?\n    options:\n"
            f"      - {{text: 'Part {n}', correct: true, feedback: 'Yes, \"part\" {n}.'}}\n"
            f"      - {{text: 'Part *zero*', feedback: Not this one.}}\n", encoding="utf-8")
    (root / "course.yaml").write_text(
        "id: large\ntitle: Large\nversion: 1.0.0\nlanguage: en\noutline:\n" + "\n".join(outline) + "\n",
        encoding="utf-8")
    return root


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_build_on_every_core_gives_the_bytes_of_a_build_on_one(tmp_path, monkeypatch):
    course = large_course(tmp_path / "course")
    monkeypatch.setattr(parallel, "workers", lambda: 2)  # forks even on a one-core machine
    forks = []
    real_fork = parallel._fork
    monkeypatch.setattr(parallel, "_fork", lambda *a: forks.append(1) or real_fork(*a))
    build(course, tmp_path / "many")
    assert len(forks) == 2  # a worker parsed some of the files, another rendered half the screens
    monkeypatch.setattr(parallel, "workers", lambda: 1)
    build(course, tmp_path / "one")
    many, one = tree(tmp_path / "many"), tree(tmp_path / "one")
    assert len(many) == 2 + (LESSONS - 1) + 3  # two zips, the web folder's screens and shell (index, css, js)
    assert many == one


def test_problems_in_files_parsed_by_workers_are_reported_as_in_one_process(tmp_path, monkeypatch):
    course = large_course(tmp_path / "course")
    (course / "lessons" / "077-part.md").write_text("no front matter\n", encoding="utf-8")
    (course / "quizzes" / "check-050.yaml").write_text("id: check-050\nquestions: [\n", encoding="utf-8")
    found = {}
    for count in (2, 1):
        monkeypatch.setattr(parallel, "workers", lambda: count)
        with pytest.raises(AuthoringError) as info:
            build(course, tmp_path / f"out{count}")
        found[count] = [str(d) for d in info.value.diagnostics]
        assert not (tmp_path / f"out{count}").exists() or not any((tmp_path / f"out{count}").iterdir())
    assert found[2] == found[1]
    assert any("077-part.md:1:" in line and "front-matter" in line for line in found[2])
    assert any("check-050.yaml:" in line and "yaml" in line for line in found[2])


def test_a_failing_worker_leaves_its_share_to_the_parent(monkeypatch):
    monkeypatch.setattr(parallel, "workers", lambda: 2)
    parent = os.getpid()
    items = list(range(1, parallel.MIN_ITEMS + 1))
    results = parallel.forked_map(lambda n: n * n if os.getpid() == parent else 1 / 0, items)  # the worker fails
    assert results == [n * n for n in items]


def test_an_unreadable_unused_quiz_file_does_not_break_a_parallel_build(tmp_path, monkeypatch):
    course = large_course(tmp_path / "course")
    (course / "quizzes" / "old.yaml").mkdir()  # a folder where a file could be
    monkeypatch.setattr(parallel, "workers", lambda: 2)
    build(course, tmp_path / "many")
    monkeypatch.setattr(parallel, "workers", lambda: 1)
    build(course, tmp_path / "one")
    assert tree(tmp_path / "many") == tree(tmp_path / "one")


def test_when_no_worker_can_start_this_process_does_all(tmp_path, monkeypatch):
    course = large_course(tmp_path / "course")
    monkeypatch.setattr(parallel, "workers", lambda: 1)
    build(course, tmp_path / "one")

    def refuse():
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(parallel, "workers", lambda: 2)
    monkeypatch.setattr(parallel.os, "fork", refuse)
    build(course, tmp_path / "refused")
    assert tree(tmp_path / "refused") == tree(tmp_path / "one")


def test_files_parsed_ahead_are_found_by_the_loader_under_a_relative_path(tmp_path, monkeypatch):
    large_course(tmp_path / "course")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(parallel, "workers", lambda: 2)
    cache = ParseCache()
    parallel.preparse(Path("course"), cache)
    load(Path("course"), cache=cache)
    again = [p for p in cache.parsed if p.parent.name in ("lessons", "quizzes")]
    assert again == []  # every lesson and quiz came from the workers' results

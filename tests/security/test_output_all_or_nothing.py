"""A build run writes all its packages or none (builder/output.py): an error in any course, an
interrupt, a full disk or an output folder that cannot be written leaves the previous packages
byte for byte, prints one clear line, and leaves no staging folder behind; a run killed in the
middle of its swap is rolled back by the next run.

Where permissions matter the CLI runs as an unprivileged user (setpriv, uid 65534), since root
may write anywhere; a full disk is a small tmpfs when this machine may mount one, else a file
size limit (RLIMIT_FSIZE, which makes writes fail with EFBIG): the test says which it used."""
from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from builder import output
from builder.build import build
from support.hostile import EXAMPLE, TESTS, snapshot

NOBODY = 65534
STEM = "example-course-1.2.0"


def cli(*args: str, cwd: Path, user: int | None = None, preexec=None, **kwargs) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "builder.cli", *args]
    if user is not None:
        command = ["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups", *command]
    env = {**os.environ, "PYTHONPATH": str(TESTS.parent)}
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env, preexec_fn=preexec,
                          timeout=120, **kwargs)


def one_line(result: subprocess.CompletedProcess, start: str) -> None:
    assert result.returncode == 1, result.stderr
    assert result.stderr.splitlines() == [result.stderr.strip()], result.stderr
    assert result.stderr.startswith(start), result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir() if p.name.startswith((".tmp-", ".old-")))


@pytest.fixture
def scene(tmp_path) -> Path:
    """tmp/course (the example) and tmp/dist holding its packages from an earlier build."""
    shutil.copytree(EXAMPLE, tmp_path / "course")
    build(tmp_path / "course", tmp_path / "dist")
    return tmp_path


@pytest.fixture
def shared() -> Path:
    """A folder the unprivileged user can reach (pytest's own tmp folders are root's alone)."""
    folder = Path(tempfile.mkdtemp(prefix="cb-security-"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def can_run_as_nobody(folder: Path) -> bool:
    probe = subprocess.run(["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups",
                            sys.executable, "-c", "import builder"], cwd=folder, capture_output=True,
                           env={**os.environ, "PYTHONPATH": str(TESTS.parent)})
    return probe.returncode == 0


def test_a_second_course_with_an_error_keeps_the_first_courses_packages_out_too(scene):
    other = scene / "other"
    shutil.copytree(EXAMPLE, other)
    config = other / "course.yaml"
    config.write_text(config.read_text().replace("id: example-course", "id: other-course").replace(
        "language: en", "langauge: en"))
    shutil.rmtree(scene / "dist")
    (scene / "dist").mkdir()
    result = cli("build", "course", "other", "--out", "dist", cwd=scene)
    assert result.returncode == 1
    assert "other/course.yaml:4: error[unknown-key]" in result.stderr
    assert list((scene / "dist").iterdir()) == []  # the first course's packages were staged, then dropped


def test_a_broken_translation_keeps_the_source_languages_packages_out_too(scene):
    (scene / "course" / "locales").mkdir()
    (scene / "course" / "locales" / "fr.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgctxt "course.yaml#title"\nmsgid "Example course"\nmsgstr "Cours\\fexemple"\n')
    before = snapshot(scene / "dist")
    result = cli("build", "course", "--lang", "all", "--out", "dist", cwd=scene)
    assert result.returncode == 1, result.stderr
    assert "course/locales/fr.po:7: error[control-character]" in result.stderr, result.stderr
    assert snapshot(scene / "dist") == before


def big_course(root: Path, name: str, paragraphs: int) -> Path:
    """The example with many long lessons: a build that takes long enough to be interrupted."""
    course = root / name
    shutil.copytree(EXAMPLE, course)
    body = "".join(f"Paragraph {i} of a long lesson, with *emphasis* and a [link](04-summary.md).\n\n"
                   for i in range(paragraphs))
    entries = []
    for n in range(30):
        (course / "lessons" / f"9{n:02d}-long.md").write_text(f"---\ntitle: Long {n}\n---\n\n{body}")
        entries.append(f"  - lessons/9{n:02d}-long.md\n")
    config = course / "course.yaml"
    config.write_text(config.read_text().replace("id: example-course", f"id: {name}").replace(
        "  - quiz: final-assessment\n", "".join(entries) + "  - quiz: final-assessment\n"))
    return course


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_an_interrupted_build_leaves_the_previous_packages_and_no_leftovers(tmp_path, signum):
    # Interrupted while the second course builds: the first one's packages are staged by then.
    first, second = big_course(tmp_path, "first", 100), big_course(tmp_path, "second", 500)
    build(EXAMPLE, tmp_path / "dist", formats=("scorm12",))
    before = snapshot(tmp_path / "dist")
    env = {**os.environ, "PYTHONPATH": str(TESTS.parent)}
    proc = subprocess.Popen([sys.executable, "-m", "builder.cli", "build", str(first), str(second), "--out", "dist"],
                            cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    deadline = time.monotonic() + 60
    while not leftovers(tmp_path / "dist"):  # packages of the first course are staged: interrupt now
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.002)
    proc.send_signal(signum)
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode != 0, "the build finished before the signal"
    assert "Traceback" not in stderr, stderr
    assert snapshot(tmp_path / "dist") == before
    assert leftovers(tmp_path / "dist") == []


def test_a_run_killed_during_its_swap_is_rolled_back_and_leftovers_go(scene):
    dist = scene / "dist"
    before = snapshot(dist)
    # What a run killed (SIGKILL) half-way through its swap leaves: one package swapped, one moved
    # aside, one not yet touched; and staging folders of other killed runs, old style included.
    killed = dist / ".tmp-killed"
    for part in ("new", "old"):
        (killed / part).mkdir(parents=True)
    names = [f"{STEM}-scorm12.zip", f"{STEM}-scorm2004.zip", f"{STEM}-web"]
    (killed / "swapping").write_text("\n".join(names) + "\n")
    os.rename(dist / names[0], killed / "old" / names[0])
    (dist / names[0]).write_bytes(b"the new package")
    os.rename(dist / names[1], killed / "old" / names[1])
    (killed / "new" / names[1]).write_bytes(b"not yet moved in")
    (killed / "new" / names[2]).mkdir()
    (dist / ".tmp-other").mkdir()
    (dist / ".tmp-other" / "new").mkdir()
    (dist / ".tmp-abc123.zip").write_bytes(b"half a zip")
    (dist / f".old-{names[2]}").mkdir()
    output.recover(dist)
    assert snapshot(dist) == before
    # The next run that writes does the same by itself.
    (dist / ".tmp-again").mkdir()
    result = cli("build", "course", "--out", "dist", "--format", "web", cwd=scene)
    assert result.returncode == 0, result.stderr
    assert leftovers(dist) == []


def mount_tmpfs(folder: Path, size: str) -> bool:
    return subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                          capture_output=True).returncode == 0


def test_a_full_disk_is_one_line_and_keeps_the_previous_packages(tmp_path):
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = mount_tmpfs(disk, "64k")
    try:
        shutil.copytree(EXAMPLE, tmp_path / "course")
        build(tmp_path / "course", disk / "dist", formats=("scorm12",))  # 22 KB: fits
        before = snapshot(disk / "dist")
        if mounted:  # a real full disk: the three packages do not fit in 64 KB
            result = cli("build", "course", "--out", "disk/dist", cwd=tmp_path)
            reason = "No space left on device"
        else:  # no mount allowed here: a file size limit, so writing the zip fails with EFBIG
            result = cli("build", "course", "--out", "disk/dist", cwd=tmp_path,
                         preexec=lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (8192, 8192)))
            reason = "File too large"
        print("full disk simulated with", "a 64 KB tmpfs" if mounted else "RLIMIT_FSIZE")
        one_line(result, f"coursebuilder: error: cannot write packages to 'disk/dist': {reason}")
        assert snapshot(disk / "dist") == before
        assert leftovers(disk / "dist") == []
    finally:
        if mounted:
            subprocess.run(["umount", str(disk)], check=False)


def test_an_output_folder_under_a_file_is_one_line(scene):
    (scene / "afile").write_text("not a folder")
    one_line(cli("build", "course", "--out", "afile/dist", cwd=scene),
             "coursebuilder: error: cannot write packages to 'afile/dist': Not a directory")
    one_line(cli("build", "course", "--out", "afile", cwd=scene),
             "coursebuilder: error: cannot write packages to 'afile': it is a file, not a folder")


def test_an_output_folder_name_too_long_is_one_line(scene):
    one_line(cli("build", "course", "--out", "x" * 300, cwd=scene),
             f"coursebuilder: error: cannot write packages to '{'x' * 300}': File name too long")


def test_a_read_only_output_folder_is_one_line_as_a_user(shared):
    if not can_run_as_nobody(shared):
        pytest.skip("cannot run a process as uid 65534 here (setpriv refused), and as root every folder is writable")
    shutil.copytree(EXAMPLE, shared / "course")
    build(shared / "course", shared / "dist")
    for path in [shared / "dist", *(shared / "dist").rglob("*")]:
        path.chmod(0o555 if path.is_dir() else 0o444)
    before = snapshot(shared / "dist")
    result = cli("build", "course", "--out", "dist", cwd=shared, user=NOBODY)
    one_line(result, "coursebuilder: error: cannot write packages to 'dist': Permission denied")
    assert snapshot(shared / "dist") == before
    one_line(cli("build", "course", "--out", "dist/sub", cwd=shared, user=NOBODY),
             "coursebuilder: error: cannot write packages to 'dist/sub': Permission denied")


def test_unreadable_course_files_are_located_errors_as_a_user(shared):
    if not can_run_as_nobody(shared):
        pytest.skip("cannot run a process as uid 65534 here (setpriv refused), and root reads every file")
    shutil.copytree(EXAMPLE, shared / "course")
    (shared / "course" / "lessons" / "02-kinds-of-questions.md").chmod(0o000)
    (shared / "course" / "quizzes" / "final-assessment.yaml").chmod(0o000)
    (shared / "course" / "media" / "circle.svg").chmod(0o000)
    result = cli("build", "course", "--out", "dist", cwd=shared, user=NOBODY)
    assert result.returncode == 1, result.stderr
    lines = result.stderr.splitlines()
    assert "course/lessons/02-kinds-of-questions.md: error[unreadable]: cannot read the file (Permission denied) " \
           "(check that it is a file you can read)" in lines, result.stderr
    assert any(line.startswith("course/quizzes/final-assessment.yaml: error[unreadable]") for line in lines), lines
    assert "Traceback" not in result.stderr
    assert not (shared / "dist").exists()

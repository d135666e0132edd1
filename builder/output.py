"""Writing packages into the output folder all or nothing.

Every package of one run (each format, language and course) is written into a staging folder
inside the output folder, ``.tmp-<random>/new/``. Only when all of them are written are they
swapped in together: each package already there is moved aside into ``.tmp-<random>/old/`` and
the new one renamed into its place (renames within one folder, so nothing is copied), with
Ctrl-C and SIGTERM held back meanwhile. A journal (``.tmp-<random>/swapping``) lists the names
while the swap is under way, so a run killed in the middle of it (SIGKILL, a power cut) is rolled
back by the next run: the previous set comes back as it was. Any error, a full disk or an
interrupt before the swap leaves the output folder as it was; staging leftovers of earlier runs
are removed by the next run that writes packages. One lock on the output folder keeps two runs
from cleaning up each other's staging.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import signal
import tempfile
from pathlib import Path

from .errors import CommandError
from .package.zipwriter import write_zip

PREFIX = ".tmp-"
JOURNAL = "swapping"
OLD_STYLE_PREFIX = ".old-"  # what builds before this module left behind when killed


def output_error(out_dir: Path, exc: OSError) -> CommandError:
    reason = exc.strerror or str(exc)
    if isinstance(exc, FileExistsError) and out_dir.exists() and not out_dir.is_dir():
        reason = "it is a file, not a folder"
    return CommandError(f"cannot write packages to '{out_dir}': {reason}")


class Staging:
    """The packages of one run: ``add_zip`` and ``add_folder`` stage them, ``commit`` swaps them in.

    Use it as a context manager: leaving it without ``commit`` (an error, an interrupt) removes
    what was staged and leaves the output folder as it was."""

    def __init__(self, out_dir: Path):
        self.out = Path(out_dir)
        self.folder: Path | None = None
        self.owners: dict[str, str] = {}  # package name → what it was built from
        self.staged: list[str] = []
        self._lock: int | None = None

    def __enter__(self) -> Staging:
        return self

    def __exit__(self, *exc_info) -> None:
        try:
            if self.folder is not None:
                shutil.rmtree(self.folder, ignore_errors=True)
                self.folder = None
        finally:
            self._unlock()

    # -- staging -----------------------------------------------------------------------------
    def claim(self, name: str, owner: str) -> str | None:
        """Reserve a package name for ``owner``; the owner that has it already, if another."""
        _check_name(name)
        holder = self.owners.setdefault(name, owner)
        return holder if holder != owner else None

    def add_zip(self, name: str, tree: dict[str, bytes]) -> Path:
        path = self._new(name)
        with _signals_held():  # zipfile interrupted mid-entry leaves an object whose clean-up prints a traceback
            self._write(lambda: write_zip(path, tree))
        return self.out / name

    def add_file(self, name: str, data: bytes) -> Path:
        path = self._new(name)
        self._write(lambda: path.write_bytes(data))
        return self.out / name

    def add_folder(self, name: str, tree: dict[str, bytes]) -> Path:
        path = self._new(name)

        def write() -> None:
            path.mkdir()
            for rel, data in tree.items():
                target = path / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
        self._write(write)
        return self.out / name

    def _new(self, name: str) -> Path:
        _check_name(name)
        if name in self.staged:
            raise ValueError(f"package {name!r} staged twice")
        folder = self._open()
        self.staged.append(name)
        return folder / "new" / name

    def _write(self, write) -> None:
        try:
            write()
        except OSError as exc:
            raise output_error(self.out, exc) from None

    def _open(self) -> Path:
        """The staging folder, made on first use."""
        if self.folder is not None:
            return self.folder
        try:
            self.out.mkdir(parents=True, exist_ok=True)
            self._lock = _lock(self.out)
            with _signals_held():  # so an interrupt cannot come before the folder is known, to be removed
                recover(self.out)
                self.folder = Path(tempfile.mkdtemp(prefix=PREFIX, dir=self.out))
                (self.folder / "new").mkdir()
                (self.folder / "old").mkdir()
        except OSError as exc:
            raise output_error(self.out, exc) from None
        return self.folder

    def _unlock(self) -> None:
        if self._lock is not None:
            os.close(self._lock)  # closing the descriptor releases the lock
            self._lock = None

    # -- swapping ----------------------------------------------------------------------------
    def commit(self) -> None:
        """Put every staged package in place of the old one, all together."""
        if self.folder is None:
            return
        with _signals_held():
            try:
                _write_journal(self.folder, self.staged)
                for name in self.staged:
                    target = self.out / name
                    if os.path.lexists(target):
                        os.rename(target, self.folder / "old" / name)
                    os.rename(self.folder / "new" / name, target)
                (self.folder / JOURNAL).unlink()  # from here on, the new set stands
                _sync(self.folder)
            except OSError as exc:
                _roll_back(self.out, self.folder)
                raise output_error(self.out, exc) from None
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder = None


def recover(out_dir: Path) -> None:
    """Undo the half-done swap of a killed run and remove every staging leftover."""
    for entry in sorted(Path(out_dir).iterdir()):
        if entry.name.startswith(PREFIX) or entry.name.startswith(OLD_STYLE_PREFIX):
            if entry.is_dir() and not entry.is_symlink():
                if (entry / JOURNAL).is_file():
                    _roll_back(Path(out_dir), entry)
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)


def _roll_back(out_dir: Path, folder: Path) -> None:
    """Each name in the journal: a new package already moved in is removed, and the old one
    moved aside (if there was one) goes back."""
    try:
        names = [n for n in (folder / JOURNAL).read_text(encoding="utf-8").split("\n") if n]
    except OSError:
        return
    for name in names:
        try:
            _check_name(name)
        except ValueError:
            continue  # not a journal this module wrote
        target = out_dir / name
        if not os.path.lexists(folder / "new" / name) and os.path.lexists(target):
            _remove(target)
        if os.path.lexists(folder / "old" / name):
            os.rename(folder / "old" / name, target)
    (folder / JOURNAL).unlink(missing_ok=True)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink()


def _write_journal(folder: Path, names: list[str]) -> None:
    path = folder / JOURNAL
    with open(path, "w", encoding="utf-8") as journal:
        journal.write("\n".join(names) + "\n")
        journal.flush()
        os.fsync(journal.fileno())
    _sync(folder)


def _sync(folder: Path) -> None:
    """Make a rename or a new file in ``folder`` survive a power cut (where the system allows)."""
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _check_name(name: str) -> None:
    """Package names come from checked ids, versions and language tags: one plain file name each."""
    if not name or "/" in name or "\\" in name or name in (".", "..") or name.startswith(PREFIX) or "\x00" in name:
        raise ValueError(f"not a package name: {name!r}")


def _lock(out_dir: Path) -> int | None:
    """An exclusive lock on the output folder for this run (waits for another run to finish)."""
    try:
        import fcntl
    except ImportError:  # Windows: no lock; runs into one folder must not overlap there
        return None
    fd = os.open(out_dir, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
    except OSError:
        os.close(fd)
        raise
    return fd


@contextlib.contextmanager
def _signals_held():
    """Ctrl-C and SIGTERM wait until the swap is over (then act as usual)."""
    held = {signal.SIGINT, signal.SIGTERM}
    try:
        before = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    except (AttributeError, ValueError, OSError):  # no signal masks (Windows), or not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)

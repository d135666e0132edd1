"""Open an uploaded zip the way a careful LMS should: refuse entries that would land outside the
package (absolute paths, ``..``), links, encrypted or duplicate entries and archives that unpack to
far more than they weigh (zip bombs), then unpack the rest into a folder of our own."""
from __future__ import annotations

import re
import stat
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .findings import Findings

MAX_ENTRIES = 20_000
MAX_UNPACKED = 1024 ** 3  # 1 GiB: far beyond any course, small enough to stop a bomb
MAX_RATIO = 100  # unpacked / packed, for entries over BIG
BIG = 1024 ** 2
CHUNK = 1 << 16


@dataclass(frozen=True)
class Unpacked:
    root: Path
    names: frozenset[str]  # files, forward slashes
    packed: int  # bytes of the zip
    unpacked: int  # bytes of its files


def unpack(zip_path: Path, into: Path, found: Findings) -> Unpacked | None:
    """The package's files under ``into``; None when the zip cannot be opened safely at all."""
    try:
        archive = zipfile.ZipFile(zip_path)
    except (zipfile.BadZipFile, OSError) as exc:
        found.error("not-a-zip", f"cannot be opened as a zip ({exc})", hint="upload the zip the build wrote, "
                    "not a renamed or partly downloaded file")
        return None
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_ENTRIES:
            found.error("zip-bomb", f"{len(infos)} entries (more than {MAX_ENTRIES})",
                        hint="a course never needs that many files; the zip may be built to exhaust the LMS")
            return None
        declared = sum(i.file_size for i in infos)
        if declared > MAX_UNPACKED:
            found.error("zip-bomb", f"unpacks to {declared / 1024 ** 2:.0f} MB (more than {MAX_UNPACKED // 1024 ** 2} MB)",
                        hint="no course is that large; the zip may be built to exhaust the LMS")
            return None
        names: set[str] = set()
        total = 0
        for info in infos:
            name = info.filename
            if not _safe(info, name, names, found):
                continue
            if info.is_dir():
                continue
            target = into.joinpath(*PurePosixPath(name).parts)
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                written = _extract(archive, info, target, MAX_UNPACKED - total)
            except (zipfile.BadZipFile, EOFError, OSError, zlib.error) as exc:
                found.error("zip-damaged", f"cannot be unpacked ({exc})", name, hint="build or zip the package again")
                continue
            except NotImplementedError as exc:  # Deflate64 and other methods Python cannot read
                found.error("zip-damaged", f"cannot be unpacked ({exc})", name,
                            hint="zip it again with the ordinary 'deflate' method, which every LMS reads")
                continue
            if written is None:
                found.error("zip-bomb", "unpacks to more than its header says, past the size limit", name,
                            hint="the zip's headers lie about its size")
                return None
            total += written
            names.add(name)
    return Unpacked(root=into, names=frozenset(names), packed=zip_path.stat().st_size, unpacked=total)


def _safe(info: zipfile.ZipInfo, name: str, seen: set[str], found: Findings) -> bool:
    parts = name.split("/")
    if "\\" in name:
        found.error("zip-unsafe", "entry name uses '\\' as a folder separator", name,
                    hint="zip it again with a tool that writes '/' (LMS servers see one file with '\\' in its name)")
        return False
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        found.error("zip-unsafe", "absolute path in the zip", name, hint="entries must be relative to the package root")
        return False
    if ".." in parts:
        found.error("zip-unsafe", "entry climbs out of the package with '..'", name,
                    hint="an LMS that unpacked it would write outside the course folder")
        return False
    mode = info.external_attr >> 16
    if info.create_system == 3 and stat.S_ISLNK(mode):
        found.error("zip-unsafe", "symbolic link in the zip", name, hint="store the file itself; links can point "
                    "anywhere on the LMS server")
        return False
    if info.flag_bits & 0x1:
        found.error("zip-unsafe", "encrypted entry", name, hint="an LMS cannot read password-protected entries")
        return False
    if info.is_dir():
        return True
    if name in seen:
        found.error("zip-unsafe", "the zip holds this file twice", name, hint="which copy an LMS keeps is not defined")
        return False
    if info.file_size > BIG and info.compress_size and info.file_size / info.compress_size > MAX_RATIO:
        found.error("zip-bomb", f"compressed {info.file_size // info.compress_size}:1 "
                    f"({info.file_size / 1024 ** 2:.0f} MB from {info.compress_size / 1024:.0f} KB)", name,
                    hint="real media and pages never compress that much")
        return False
    return True


def _extract(archive: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, budget: int) -> int | None:
    """Copy one entry, counting real bytes (headers can lie); None past the budget."""
    written = 0
    with archive.open(info) as source, open(target, "wb") as out:
        while chunk := source.read(CHUNK):
            written += len(chunk)
            if written > budget or written > info.file_size:
                return None
            out.write(chunk)
    return written

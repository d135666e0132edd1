"""Deterministic zips: sorted entries, fixed timestamps and modes, so the same source gives the same bytes."""
from __future__ import annotations

import zipfile
from pathlib import Path

FIXED_TIME = (1980, 1, 1, 0, 0, 0)
STORED_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".mp4", ".webm", ".mp3", ".ogg", ".zip", ".pdf", ".woff2")


def write_zip(path: Path, files: dict[str, bytes]) -> None:
    """imsmanifest.xml first (some LMSs peek at the start), then every entry in sorted order."""
    names = sorted(files, key=lambda name: (name != "imsmanifest.xml", name))
    with zipfile.ZipFile(path, "w") as archive:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.create_system = 3  # unix, whatever machine builds it
            info.external_attr = 0o644 << 16
            compressed = not name.lower().endswith(STORED_SUFFIXES)
            info.compress_type = zipfile.ZIP_DEFLATED if compressed else zipfile.ZIP_STORED
            archive.writestr(info, files[name], compresslevel=6 if compressed else None)

"""The one path and link policy: what a path written in a course may name, and how it appears in a package.

A course folder is untrusted data (docs/security.md). Every path it gives goes through here:
outline entries, links and images in lessons, resource pages and quiz texts, caption files,
``theme_options.logo``, a course theme's files and PO files. A path is resolved against the file
it is written in, must stay inside the course folder (also after following symbolic links), and
names exactly one package path: the normalised POSIX path relative to the course root, which is
also its zip entry. In a page, that path is written relative to the page and percent-encoded.
Anything else is a ``PathProblem``, which callers report as a located error with its hint.

Nothing here imports the loader or the renderer: both use it, as do check, translate and preview.
"""
from __future__ import annotations

import os
import posixpath
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

VIDEO_EXT = (".mp4", ".webm", ".ogv")
AUDIO_EXT = (".mp3", ".ogg", ".oga", ".wav", ".m4a")
SERVER_SIDE = (".php", ".py", ".sh", ".cgi", ".exe", ".pl", ".asp", ".aspx", ".jsp", ".htaccess", ".bat", ".cmd")
WEB_SCHEMES = ("http", "https")
LINK_SCHEMES = (*WEB_SCHEMES, "mailto", "tel")
# A phone number in a tel: link (RFC 3966): digits, a leading '+', and the visual separators - . ( ).
TEL_NUMBER = re.compile(r"^\+?[0-9][0-9().\-]{0,30}$")
MAX_PATH = 400  # characters of a course path: zip tools and Windows unpack longer ones badly
MAX_NAME = 200  # characters of one file or folder name (file systems allow 255 bytes)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_WINDOWS_DRIVE = re.compile(r"^[A-Za-z]:")
ANYWHERE_HINT = ("links go to a web page (https://...), an email address (mailto:...), a phone number (tel:+...) or a "
                 "file in the course")


class PathProblem(ValueError):
    """Why a path from the course cannot be used: a message and a hint for the author."""

    def __init__(self, message: str, hint: str):
        super().__init__(f"{message} ({hint})")
        self.message = message
        self.hint = hint


@dataclass(frozen=True)
class Href:
    """What a link or image in a course points to."""

    kind: str  # "web" (http, https, mailto, tel: kept as written) | "anchor" (#x on this page) | "file"
    target: str = ""  # "file": the course path (the package path), e.g. "media/a b.svg"
    fragment: str = ""  # "#section" as written (percent-encoded), or ""


def parse_href(from_rel: str, href: str, image: bool = False) -> Href:
    """A link (or image source) written in the course file ``from_rel``; raises PathProblem.

    ``href`` is as markdown-it gives it: percent-encoded once, which is decoded here once."""
    shown = f"'{href}'"
    if _CONTROL.search(href):
        raise PathProblem(f"{shown} contains a control character", "retype the link target")
    if not href.strip():
        raise PathProblem("a link with no target", "write [the words](where it goes)")
    if href.startswith("#"):
        if image:
            raise PathProblem(f"image {shown} names no file", "give the image's path, e.g. ../media/picture.svg")
        return Href("anchor", fragment=href)
    if "\\" in href or "%5c" in href.lower():
        raise PathProblem(f"{shown} contains a backslash", "use '/' between folders, as in ../media/picture.svg")
    parts = urlsplit(href)
    if _WINDOWS_DRIVE.match(href):
        raise PathProblem(f"{shown} is a path on one computer", "copy the file into the course and give its path "
                          "relative to this file, e.g. ../media/picture.svg")
    if parts.scheme:
        scheme = parts.scheme.lower()
        if image:
            if scheme in WEB_SCHEMES:
                raise PathProblem(f"image {shown} is on the web, and learners may be offline",
                                  "download it into the course's media/ folder and give its path")
            raise PathProblem(f"image {shown}: '{scheme}:' addresses are not allowed",
                              "images are files in the course, e.g. ../media/picture.svg")
        if scheme not in LINK_SCHEMES:
            raise PathProblem(f"{shown}: '{scheme}:' links are not allowed", ANYWHERE_HINT)
        if scheme in WEB_SCHEMES and not parts.netloc:
            raise PathProblem(f"{shown} has no web address after '{scheme}:'", "write it in full: https://example.org/page")
        if scheme == "tel" and not TEL_NUMBER.match(unquote(href[len("tel:"):])):
            raise PathProblem(f"{shown} is not a phone number", "write digits, with '+' and the country code for "
                              "calls from anywhere, e.g. tel:+254722000000; '-', '.', '(' and ')' may separate the digits")
        return Href("web")
    if parts.netloc or href.startswith("//"):
        raise PathProblem(f"{shown} leaves out 'https:'", "write it in full: https://" + href.lstrip("/"))
    if href.startswith("/"):
        raise PathProblem(f"{shown} is an absolute path", "give the path relative to this file, e.g. ../media/x.svg")
    fragment = "#" + parts.fragment if parts.fragment else ""
    if not parts.path:  # "?query" alone
        raise PathProblem(f"{shown} names no file", ANYWHERE_HINT)
    target = _join(from_rel, unquote(parts.path), shown)
    return Href("file", target=target, fragment=fragment)


def course_path(rel: str, what: str, example: str) -> str:
    """A path given in a YAML field (an outline entry, the logo), relative to the course root:
    its normalised package path, or PathProblem. ``example``: a right one, for the hint."""
    shown = f"{what} '{rel}'"
    if _CONTROL.search(rel):
        raise PathProblem(f"{shown} contains a control character", "retype the path")
    if "\\" in rel:
        raise PathProblem(f"{shown} contains a backslash", f"use '/' between folders, as in {example}")
    if rel.startswith(("/", "~")) or _WINDOWS_DRIVE.match(rel) or urlsplit(rel).scheme:
        raise PathProblem(f"{shown} is not a path inside the course folder",
                          f"give the path from the course folder, e.g. {example}")
    return _join("", rel, shown)


def _join(from_rel: str, path: str, shown: str) -> str:
    if _CONTROL.search(path):
        raise PathProblem(f"{shown} contains a control character", "retype the path")
    if "\\" in path:
        raise PathProblem(f"{shown} contains a backslash", "use '/' between folders")
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(from_rel), path))
    if joined == ".." or joined.startswith(("../", "/")):
        raise PathProblem(f"{shown} points outside the course folder",
                          "copy the file into the course folder and give its path there")
    if joined == ".":
        raise PathProblem(f"{shown} names a folder, not a file", "link a file in it")
    if len(joined) > MAX_PATH or any(len(part) > MAX_NAME for part in joined.split("/")):
        raise PathProblem(f"{shown} is too long ({len(joined)} characters)",
                          f"keep paths under {MAX_PATH} characters and names under {MAX_NAME}")
    return joined


def is_server_side(rel: str) -> bool:
    """A script type LMSs refuse to find in a package (Moodle and Cornerstone reject the upload)."""
    name = posixpath.basename(rel).lower()
    return name.endswith(SERVER_SIDE) or name.startswith(".ht")


def confine(root: Path, rel: str, folders: dict | None = None) -> Path:
    """The file ``rel`` names under ``root``, once symbolic links are followed; PathProblem when
    that leaves the course folder. Whether it exists is the caller's question.

    ``folders``: resolved folders to reuse, for a caller checking many files of one course in one
    go (a 2000-lesson course has thousands); each folder of a path is then resolved once."""
    folders = {} if folders is None else folders
    try:
        real_root = _resolved(str(root), folders)
        folder, name = os.path.split(rel)
        if name in ("", ".", ".."):  # not a normalised file path: resolve it whole
            real = os.path.realpath(os.path.join(real_root, rel))
        else:
            candidate = os.path.join(_resolved(os.path.join(real_root, folder), folders) if folder else real_root, name)
            real = os.path.realpath(candidate) if os.path.islink(candidate) else candidate
    except (OSError, ValueError):
        raise PathProblem(f"'{rel}' cannot be read", "check the file") from None
    if not _within(real, real_root):
        raise PathProblem(f"'{rel}' is a symbolic link to a file outside the course folder",
                          "copy the file into the course instead of linking to it")
    return Path(real)


def _resolved(folder: str, folders: dict) -> str:
    found = folders.get(folder)
    if found is None:
        found = folders[folder] = os.path.realpath(folder)
    return found


class CourseFolder:
    """The files of one course as a load meets them: each checked against the policy above (inside
    the folder once symbolic links are followed) and stamped in one go, with one system call for
    an ordinary file, since a large course has thousands."""

    def __init__(self, root: Path):
        self.root = str(root)
        self._folders: dict[str, str] = {}

    def stamp(self, rel: str) -> tuple[int, int] | None:
        """(mtime in ns, size) of the regular file ``rel`` names, None when there is none (missing,
        a folder, a device); PathProblem when it leads outside the course."""
        folder, name = os.path.split(rel)
        try:
            candidate = os.path.join(_resolved(os.path.join(self.root, folder), self._folders), name)
            st = os.lstat(candidate)
            if stat.S_ISLNK(st.st_mode):
                st = os.stat(confine(Path(self.root), rel, self._folders))
        except PathProblem:
            raise
        except (OSError, ValueError):
            return None
        if not _within(candidate, _resolved(self.root, self._folders)):
            raise PathProblem(f"'{rel}' is a symbolic link to a file outside the course folder",
                              "copy the file into the course instead of linking to it")
        return (st.st_mtime_ns, st.st_size) if stat.S_ISREG(st.st_mode) else None


def _within(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def caption_tracks(root: Path, target: str) -> list[str]:
    """Caption files beside a video or audio: name.vtt or name.<lang>.vtt (whether each stays in
    the course is the loader's check)."""
    if not target.lower().endswith(VIDEO_EXT + AUDIO_EXT):
        return []
    stem = posixpath.splitext(target)[0]
    folder = Path(root) / posixpath.dirname(target)
    base = posixpath.basename(stem)
    return sorted(posixpath.join(posixpath.dirname(target), p.name)
                  for p in folder.glob(base + "*.vtt") if p.name == base + ".vtt" or p.name.count(".") == 2)


def is_file(path: Path) -> bool:
    """A regular file (not a folder, a device or a pipe, which would hang or flood a build)."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def inside(root: Path, rel: str, folders: dict | None = None) -> Path | None:
    """``confine`` for callers that only need to skip what is outside: the path, or None."""
    try:
        return confine(root, rel, folders)
    except PathProblem:
        return None


def page_href(target: str, page: str, fragment: str = "") -> str:
    """How the page ``page`` (a package path) links to the package path ``target``: relative and
    percent-encoded, so no file name can read as a scheme (``javascript:x.svg``) or break an attribute."""
    rel = posixpath.relpath(target, posixpath.dirname(page) or ".")
    return quote(rel, safe="/") + fragment


def link_target(from_rel: str, href: str) -> str | None:
    """The course path a link names; None for a web link, an anchor, or a link the loader refuses."""
    try:
        found = parse_href(from_rel, href)
    except PathProblem:
        return None
    return found.target if found.kind == "file" else None

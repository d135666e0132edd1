"""`coursebuilder new`: copy the example course in ``course/`` into a new folder.

The example is a real course kept as plain files (it is checked and built by the tests), so
authors see exactly what they will edit; only ``id``, ``title`` and ``language`` in course.yaml
are filled in for the new course.
"""
from __future__ import annotations

import json
import re
import unicodedata
from importlib import resources
from pathlib import Path

import yaml

from ..fields import MAX_ID, is_id, is_language_tag


class ScaffoldError(Exception):
    """The new course cannot be written where asked (shown without a traceback)."""


def course_id_for(directory: Path) -> str:
    """A valid course id from a folder name: 'Mon Cours Été' → 'mon-cours-ete'."""
    plain = unicodedata.normalize("NFKD", Path(directory).resolve().name).encode("ascii", "ignore").decode()
    name = re.sub(r"[^a-z0-9_.-]+", "-", plain.lower())
    name = re.sub(r"-{2,}", "-", name).strip("-._")[:MAX_ID].strip("-._")
    return name if name and is_id(name) else "course"


def title_for(course_id: str) -> str:
    words = re.sub(r"[-_.]+", " ", course_id).strip()
    return words[:1].upper() + words[1:] if words else "My course"


def _yaml_text(value: str) -> str:
    """A YAML scalar that reads back as exactly ``value``."""
    for quoted in (json.dumps(value, ensure_ascii=False), json.dumps(value)):
        try:
            if yaml.safe_load(f"k: {quoted}") == {"k": value}:
                return quoted
        except yaml.YAMLError:
            pass
    raise ScaffoldError(f"the title {value!r} cannot be written in course.yaml")


def _set_key(text: str, key: str, value: str) -> str:
    """The scaffold's course.yaml with ``key``'s value replaced (its comment kept)."""
    def put(match: re.Match) -> str:
        line = f"{key}: {value}"
        if not match.group(1):
            return line
        comment = match.group(1).lstrip()  # kept in its column, or two spaces after a longer value
        return line + " " * max(2, len(match.group(0)) - len(comment) - len(line)) + comment

    text, count = re.subn(rf"^{key}: .*?( +#.*)?$", put, text, count=1, flags=re.M)
    assert count == 1, key
    return text


def _files(folder, prefix: str = ""):
    for item in sorted(folder.iterdir(), key=lambda i: i.name):
        rel = prefix + item.name
        if item.is_dir():
            if item.name != "__pycache__":
                yield from _files(item, rel + "/")
        else:
            yield rel, item


def new_course(directory: Path, title: str | None = None, language: str = "en") -> str:
    """Write the example course into ``directory`` (absent or empty); return its id."""
    directory = Path(directory)
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise ScaffoldError(f"'{directory}' already exists and is not an empty folder; choose a new folder name")
    if not is_language_tag(language):
        raise ScaffoldError(f"language '{language}' is not a language tag; use a BCP 47 tag such as en, fr, es or ar")
    course_id = course_id_for(directory)
    title = (title or "").strip() or title_for(course_id)
    substitutions = {"id": course_id, "title": _yaml_text(title), "language": language}
    source = resources.files(__name__) / "course"
    for rel, item in _files(source):
        data = item.read_bytes()
        if rel == "course.yaml":
            text = data.decode("utf-8")
            for key, value in substitutions.items():
                text = _set_key(text, key, value)
            data = text.encode("utf-8")
        target = directory / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return course_id

"""Files in the course folders that nothing uses: dead weight, or a link someone forgot. A server
script type among them is never packaged (the loader refuses links to one), but is worth deleting."""
from __future__ import annotations

import posixpath
from pathlib import Path

from ..errors import SourceRef
from ..model import Reach
from ..paths import is_server_side
from .context import Context
from .registry import Finding, rule

FOLDERS = ("media", "resources")


def _files_under(root: Path, folder: str) -> list[str]:
    base = root / folder
    if not base.is_dir():
        return []
    return sorted(p.relative_to(root).as_posix() for p in base.rglob("*") if p.is_file())


@rule("unused")
def unused_files(ctx: Context):
    """Quizzes, scenarios, lessons, resources and media that nothing in the course uses."""
    return unused(ctx.reach) if ctx.reach is not None else ()


def unused(reach: Reach):
    """What nothing reaches: needs only the outline and the links, so it runs with errors too."""
    used, root = reach.used, reach.root
    for path in sorted((root / "quizzes").glob("*.yaml")):
        if path.stem not in reach.quizzes:
            yield Finding(f"quiz '{path.stem}' is not used", SourceRef(path, 1),
                          f"place it with '::: quiz {path.stem}' in a lesson or '- quiz: {path.stem}' in the "
                          "outline, or delete it")
    for path in sorted((root / "scenarios").glob("*.yaml")):
        if path.stem not in reach.scenarios:
            yield Finding(f"scenario '{path.stem}' is not used", SourceRef(path, 1),
                          f"place it with '::: scenario {path.stem}' in a lesson, or delete it")
    for rel in _files_under(root, "lessons"):
        if rel not in used and rel.endswith(".md"):
            yield Finding(f"lesson '{rel}' is not in the outline", SourceRef(root / rel, 1),
                          "add it to the outline in course.yaml, or delete it")
    for folder in FOLDERS:
        for rel in _files_under(root, folder):
            name = posixpath.basename(rel)
            if is_server_side(rel) and rel not in used:  # a linked one has its error
                yield Finding(f"'{rel}' is not used, and is a server-side file type that LMSs refuse",
                              SourceRef(root / rel), "delete it, or zip it if learners should download it")
            elif rel not in used and not name.startswith("."):
                yield Finding(f"'{rel}' is not linked from any lesson or resource", SourceRef(root / rel),
                              "link it, or delete it so it does not look like part of the course")

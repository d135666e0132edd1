"""Files in the course folders that nothing uses: dead weight, or a link someone forgot. A server
script type among them is never packaged (the loader refuses links to one), but is worth deleting."""
from __future__ import annotations

import os
import posixpath
from pathlib import Path

from ..errors import SourceRef
from ..model import Reach
from ..paths import is_server_side
from .context import Context
from .registry import Finding, rule

FOLDERS = ("media", "resources")


def _files_under(root: Path, folder: str) -> list[str]:
    """Course paths of the files in ``folder``: with os.walk, as the preview runs this on every
    save (a third of the time of rglob's Path objects for 2000 lessons)."""
    found = []
    for parent, _, names in os.walk(root / folder):
        rel = Path(parent).relative_to(root).as_posix()
        found += [f"{rel}/{name}" for name in names if os.path.isfile(os.path.join(parent, name))]
    return sorted(found)


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

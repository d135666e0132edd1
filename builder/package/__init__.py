"""Packaging: the last stage. A rendered course becomes the files of one package: SCORM 1.2, SCORM
2004 (3rd or 4th edition) or the offline web folder; output.py writes them (zips: zipwriter.py)."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..model import Course
    from ..render import Rendered

FORMATS = ("scorm12", "scorm2004", "web")


def package(course: Course, rendered: Rendered, fmt: str, scorm2004_edition: int = 3) -> dict[str, bytes]:
    """Every file of the package ``fmt`` (a name in FORMATS): the rendered course and, for SCORM,
    its manifest."""
    from .manifest import SCORM12, SCORM2004, build_manifest  # lxml: not for `coursebuilder --version`

    if fmt == "web":
        return rendered.tree(None)
    spec = SCORM12 if fmt == "scorm12" else SCORM2004[scorm2004_edition]
    tree = rendered.tree(spec.name)
    tree.update(build_manifest(course, spec, sorted(tree)))
    return tree

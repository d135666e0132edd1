"""Themes: an ordered search path of folders (a theme may extend another), one Jinja environment."""
from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import jinja2

from .errors import Reporter, SourceRef, did_you_mean
from .usercache import writable_cache
from .yamlsrc import load_plain


def themes_root() -> Path:
    """The repository's themes/ in a checkout; in an installed wheel, the copy packaged as builder/themes."""
    package = Path(__file__).resolve().parent
    installed = package / "themes"
    return installed if installed.is_dir() else package.parent / "themes"


@dataclass(frozen=True)
class Theme:
    name: str
    dirs: tuple[Path, ...]  # most specific first
    options: dict  # option name -> description, from theme.yaml
    stylesheets: tuple[str, ...]  # package paths, parent theme first, so a child only adds overrides

    def static_files(self) -> dict[str, Path]:
        """Relative path under static/ → file, the most specific theme winning."""
        found: dict[str, Path] = {}
        for folder in reversed(self.dirs):
            static = folder / "static"
            for path in sorted(static.rglob("*")):
                if path.is_file():
                    found[path.relative_to(static).as_posix()] = path
        return dict(sorted(found.items()))

    @functools.cached_property
    def env(self) -> jinja2.Environment:
        env = jinja2.Environment(
            loader=jinja2.FileSystemLoader([str(d / "templates") for d in self.dirs]),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            auto_reload=False,  # a theme is fixed for a build; the preview loads a new Theme when one changes
            bytecode_cache=_template_cache(),
        )
        return env


class _TemplateCache(jinja2.FileSystemBytecodeCache):
    """Compiled templates kept between runs, keyed by template name and source (Jinja checks the
    Python bytecode format): compiling them is a twentieth of a 200-lesson build. A cache file
    that cannot be read or written is a miss, never a failed build."""

    def load_bytecode(self, bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # truncated or foreign file: compile the template again
            bucket.reset()

    def dump_bytecode(self, bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:  # a full disk or a read-only cache: the next run compiles again
            pass


def _template_cache() -> jinja2.BytecodeCache | None:
    folder = writable_cache("templates")
    return _TemplateCache(str(folder)) if folder is not None else None


def load_theme(name: str, reporter: Reporter, ref: SourceRef) -> Theme | None:
    root = themes_root()
    dirs, options, seen, css = [], {}, set(), []
    current = name
    while current:
        folder = root / current
        if current in seen or not (folder / "theme.yaml").is_file():
            known = sorted(p.name for p in root.iterdir() if (p / "theme.yaml").is_file())
            reporter.error("theme", f"unknown theme '{current}'", ref, did_you_mean(current, known)
                           or "available: " + ", ".join(known))
            return None
        seen.add(current)
        spec = load_plain((folder / "theme.yaml").read_text(encoding="utf-8")) or {}
        dirs.append(folder)
        for key, text in (spec.get("options") or {}).items():
            options.setdefault(key, text)
        css[:0] = ["player/" + sheet for sheet in spec.get("stylesheets") or ()]
        current = spec.get("extends")
    return Theme(name=name, dirs=tuple(dirs), options=options, stylesheets=tuple(css))

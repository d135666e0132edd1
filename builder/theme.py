"""Themes: an ordered search path of folders (a theme may extend another), one Jinja environment.

A theme is either one of coursebuilder's own (themes/ in the installation: trusted code) or a
course's own folder ``themes/<name>/`` inside the course (untrusted, like the rest of the course:
docs/security.md). A course theme's templates run in Jinja's immutable sandbox, with no way to
reach Python internals, files or the paths of the build machine, and its files must stay inside
the course folder.
"""
from __future__ import annotations

import contextlib
import functools
import os
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment

from .cache import ParseCache
from .errors import AuthoringError, Diagnostic, Reporter, SourceRef, did_you_mean
from .fields import Fields, is_id
from .model import Course
from .paths import PathProblem, confine, course_path, is_file, is_server_side
from .specs import THEME
from .text import read_source
from .usercache import writable_cache
from .yamlsrc import LineDict, load_plain, load_yaml

COURSE_THEMES = "themes"  # a course's own themes: <course>/themes/<name>/
MAX_RESULT = 1_000_000  # characters (or digits) a `*` or `**` in a course theme's template may make


def themes_root() -> Path:
    """The repository's themes/ in a checkout; in an installed wheel, the copy packaged as builder/themes."""
    package = Path(__file__).resolve().parent
    installed = package / "themes"
    return installed if installed.is_dir() else package.parent / "themes"


def builtin_names() -> list[str]:
    root = themes_root()
    return sorted(p.name for p in root.iterdir() if (p / "theme.yaml").is_file())


@dataclass(frozen=True)
class Theme:
    name: str
    dirs: tuple[Path, ...]  # most specific first
    options: dict  # option name -> description, from theme.yaml
    stylesheets: tuple[str, ...]  # package paths, parent theme first, so a child only adds overrides
    scripts: tuple[Path, ...]  # the player's scripts/<name> files, in the order theme.yaml lists them
    course_root: Path | None = None  # set when a folder is the course's own: rendered in the sandbox

    @property
    def sandboxed(self) -> bool:
        return self.course_root is not None

    def static_files(self) -> dict[str, Path]:
        """Relative path under static/ → file, the most specific theme winning."""
        found: dict[str, Path] = {}
        for folder in reversed(self.dirs):
            static = folder / "static"
            for path in sorted(static.rglob("*")):
                if is_file(path) and self._inside(path):
                    found[path.relative_to(static).as_posix()] = path
        return dict(sorted(found.items()))

    def _inside(self, path: Path) -> bool:
        if self.course_root is None or self.course_root not in path.parents:
            return True  # coursebuilder's own theme
        try:
            confine(self.course_root, path.relative_to(self.course_root).as_posix())
        except PathProblem:
            return False
        return True

    @functools.cached_property
    def env(self) -> jinja2.Environment:
        options: dict[str, Any] = {
            "loader": jinja2.FileSystemLoader([str(d / "templates") for d in self.dirs]),
            "autoescape": True,
            "undefined": jinja2.StrictUndefined,
            "trim_blocks": True,
            "lstrip_blocks": True,
            "keep_trailing_newline": True,
            "auto_reload": False,  # a theme is fixed for a build; the preview loads a new Theme when one changes
        }
        if self.sandboxed:
            # No compiled-template cache: the sandbox compiles templates differently, and a cache
            # keyed by file name must never hand it code compiled without the sandbox.
            return CourseThemeSandbox(**options)
        return jinja2.Environment(**options, bytecode_cache=_template_cache())


class CourseThemeSandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox (no attribute starting with '_', no changing lists or dicts), and
    also no file path of any kind: a path object would let a template call ``read_text``. Repeating
    a text or raising to a power is bounded, so one expression cannot take gigabytes."""

    intercepted_binops = frozenset({"*", "**"})

    def is_safe_attribute(self, obj, attr: str, value) -> bool:
        if isinstance(obj, (PurePath, SourceRef)) or isinstance(value, (PurePath, SourceRef)):
            return False
        return super().is_safe_attribute(obj, attr, value)

    def call_binop(self, context, operator: str, left, right):
        if operator == "**":
            if isinstance(right, (int, float)) and abs(right) > 64 and abs(left) > 1:
                raise jinja2.sandbox.SecurityError("a power this large is not allowed in a course theme")
            return left ** right
        if (isinstance(right, int) and isinstance(left, (str, list, tuple)) and len(left) * right > MAX_RESULT) \
                or (isinstance(left, int) and isinstance(right, (str, list, tuple)) and len(right) * left > MAX_RESULT):
            raise jinja2.sandbox.SecurityError(f"a result over {MAX_RESULT} characters is not allowed in a course theme")
        return super().call_binop(context, operator, left, right)


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
        with contextlib.suppress(OSError):  # a full disk or a read-only cache: the next run compiles again
            super().dump_bytecode(bucket)


def _template_cache() -> jinja2.BytecodeCache | None:
    folder = writable_cache("templates")
    return _TemplateCache(str(folder)) if folder is not None else None


def course_theme(course: Course, cache: ParseCache | None = None) -> Theme:
    """The theme course.yaml names, its options checked against what the theme declares;
    AuthoringError with every problem otherwise. ``cache``: see builder/cache.py (theme files are not
    stamped one by one: whoever keeps a cache clears it when a theme changes)."""
    found = Reporter()
    name, ref, root = course.theme, course.ref.at(None), course.root
    if cache is None:
        theme = load_theme(name, found, ref, root)
    else:
        theme = cache.get(str(theme_file(name, root)), "theme", lambda rep: load_theme(name, rep, ref, root), found)
    at_name = course.ref.at(course.lines.get("theme"))  # a problem with the name: at 'theme:' in course.yaml
    reporter = Reporter([d if d.ref != ref else Diagnostic(d.severity, d.code, d.message, at_name, d.hint)
                         for d in found.diagnostics])
    at = course.ref.at(course.lines.get("theme_options")) if course.theme_options else course.ref
    for key in course.theme_options:
        if theme is not None and key not in theme.options:
            reporter.error("theme-option", f"theme '{theme.name}' has no option '{key}'", at,
                           "options: " + (", ".join(theme.options) or "none"))
    if course.theme_options.get("logo") and not course.theme_options.get("logo_alt"):
        reporter.error("alt-text", "theme option 'logo' needs 'logo_alt'", at,
                       "name the organisation, e.g. logo_alt: Example Red Cross")
    if theme is None or reporter.errors:
        raise AuthoringError(reporter.sorted())
    return theme


def theme_file(name: str, course_root: Path | None) -> Path:
    """The theme.yaml that ``theme: name`` reads (the course's own first); for cache keys."""
    if course_root is not None and is_id(name):
        local = Path(course_root) / COURSE_THEMES / name / "theme.yaml"
        if is_file(local):
            return local
    return themes_root() / name / "theme.yaml"


def load_theme(name: str, reporter: Reporter, ref: SourceRef, course_root: Path | None = None) -> Theme | None:
    """The theme ``name``: the course's own ``themes/<name>/`` when ``course_root`` has one, else a
    built-in theme. Every problem is reported; None when there was one."""
    builtin = builtin_names()
    dirs: list[Path] = []
    options: dict[str, str] = {}
    seen: set[str] = set()
    css: list[str] = []
    scripts: list[str] | None = None
    root = Path(course_root) if course_root is not None else None
    sandboxed = False
    current: str | None = name
    errors_before = len(reporter.errors)
    while current:
        if current in seen or not isinstance(current, str) or not is_id(current):
            hint = ("a course's own theme is a folder themes/<name>/ in the course, chosen with 'theme: <name>'"
                    if isinstance(current, str) and ("/" in current or "\\" in current) else None)
            reporter.error("theme", f"'{current}' is not a theme name" if current not in seen
                           else f"theme '{current}' extends itself", ref, hint or "available: " + ", ".join(builtin))
            return None
        seen.add(current)
        local = root / COURSE_THEMES / current if root is not None else None
        if root is not None and local is not None and is_file(local / "theme.yaml"):
            if current in builtin:
                reporter.error("theme", f"the course's folder themes/{current}/ has the name of a built-in theme", ref,
                               f"rename the folder (and 'theme: {current}')")
                return None
            sandboxed = True
            spec = _local_spec(root, current, reporter)
            if spec is None:
                return None
            folder = local
        elif current in builtin:
            folder = themes_root() / current
            spec = load_plain((folder / "theme.yaml").read_text(encoding="utf-8")) or {}
        else:
            known = builtin + _local_names(course_root)
            reporter.error("theme", f"unknown theme '{current}'", ref, did_you_mean(current, known)
                           or "available: " + ", ".join(known))
            return None
        dirs.append(folder)
        for key, text in (spec.get("options") or {}).items():
            options.setdefault(key, text)
        css[:0] = ["player/" + sheet for sheet in spec.get("stylesheets") or ()]
        if scripts is None and "scripts" in spec:  # the most specific list is the whole list
            scripts = list(spec["scripts"] or ())
        current = spec.get("extends")
    files = []
    for script in scripts or ():  # the most specific theme's scripts/<name> wins
        found = next((d / "scripts" / script for d in dirs if is_file(d / "scripts" / script)), None)
        if found is None:
            reporter.error("theme", f"theme '{name}' lists the script '{script}', which no scripts/ folder of it has",
                           ref)
            return None
        files.append(found)
    if not files:
        reporter.error("theme", f"theme '{name}' has no player scripts", ref,
                       "a course's own theme extends a built-in one: 'extends: default' in its theme.yaml")
        return None
    theme = Theme(name=name, dirs=tuple(dirs), options=options, stylesheets=tuple(css), scripts=tuple(files),
                  course_root=root if sandboxed else None)
    if sandboxed:
        _compile_templates(theme, reporter)
    return theme if len(reporter.errors) == errors_before else None


def _local_names(course_root: Path | None) -> list[str]:
    if course_root is None or not (Path(course_root) / COURSE_THEMES).is_dir():
        return []
    return sorted(p.name for p in (Path(course_root) / COURSE_THEMES).iterdir() if is_file(p / "theme.yaml"))


def _local_spec(root: Path, name: str, reporter: Reporter) -> dict | None:
    """A course theme's theme.yaml, checked like any course file; its files all inside the course."""
    rel = f"{COURSE_THEMES}/{name}"
    path = root / rel / "theme.yaml"
    errors_before = len(reporter.errors)
    for found in _files(root, rel):
        try:
            confine(root, found)
        except PathProblem as problem:
            reporter.error("outside", problem.message, SourceRef(root / found), problem.hint)
            continue
        if found.startswith(f"{rel}/static/") and is_server_side(found):
            reporter.error("server-file", f"'{found}' is a server-side file type that LMSs refuse", SourceRef(root / found),
                           "remove it from the theme")
    if len(reporter.errors) > errors_before:
        return None
    text = read_source(path, reporter)
    data = load_yaml(text, SourceRef(path), reporter) if text is not None else None
    if text is None or (data is None and text.strip()):
        return None
    data = data if data is not None else LineDict()
    if not isinstance(data, LineDict):
        reporter.error("type", "theme.yaml must be a mapping of keys (extends, options, stylesheets)", SourceRef(path, 1))
        return None
    f = Fields(data, THEME, SourceRef(path), reporter)
    extends = f.get("extends")
    options = f.get("options")
    for key, text in options.items():
        if not isinstance(key, str) or not isinstance(text, str):
            reporter.error("type", "theme.yaml options: each is 'name: what it is for' (both text)",
                           f.ref.at(options.line_of(key) if isinstance(options, LineDict) else f.line("options")))
    sheets = []
    for sheet in f.get("stylesheets"):
        try:
            package = course_path(f"{rel}/static/{sheet}", "stylesheet", "style.css")
        except PathProblem as problem:
            reporter.error("theme", problem.message, f.at("stylesheets"), problem.hint)
            continue
        if not package.startswith(f"{rel}/static/") or not is_file(root / package):
            reporter.error("missing-file", f"stylesheet '{sheet}' is not a file in {rel}/static/", f.at("stylesheets"))
            continue
        sheets.append(package[len(f"{rel}/static/"):])
    if len(reporter.errors) > errors_before:
        return None
    return {"extends": extends, "options": dict(options), "stylesheets": sheets}


def _files(root: Path, rel: str) -> list[str]:
    """Every entry under a course folder, symbolic links included and not followed."""
    found = []
    for folder, dirnames, filenames in os.walk(root / rel):
        base = Path(folder).relative_to(root).as_posix()
        found += [f"{base}/{name}" for name in dirnames + filenames]
    return sorted(found)


def _compile_templates(theme: Theme, reporter: Reporter) -> None:
    """A course theme's template mistakes, at their lines, before anything is rendered."""
    folder = theme.dirs[0] / "templates"
    for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
        if not is_file(path):
            continue
        name = path.relative_to(folder).as_posix()
        source = read_source(path, reporter)
        if source is None:
            continue
        try:
            theme.env.parse(source, name, str(path))
        except jinja2.TemplateSyntaxError as exc:
            reporter.error("template", f"template error: {exc.message}", SourceRef(path, exc.lineno),
                           "see the Jinja template documentation")


def template_problem(theme: Theme, exc: Exception) -> SourceRef | None:
    """Where in a course theme's templates a rendering error happened (Jinja keeps template
    lines in the traceback), or None when it is not in one."""
    if not theme.sandboxed:
        return None
    found = None
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if theme.course_root in Path(filename).parents:
            found = SourceRef(Path(filename), tb.tb_lineno)
        tb = tb.tb_next
    return found


@contextlib.contextmanager
def template_errors(theme: Theme):
    """A course theme's template that fails while rendering is the author's mistake, shown at its line."""
    try:
        yield
    except Exception as exc:
        where = template_problem(theme, exc)
        if where is None:
            raise
        message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
        raise AuthoringError([Diagnostic("error", "template", f"template error: {message}", where,
                                         "course themes run in a sandbox: use only the values the templates "
                                         "are given (docs/authoring.md)")]) from None

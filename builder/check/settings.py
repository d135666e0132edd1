"""course.yaml ``check:``: per-course severities and limits, validated with lines like the rest.

    check:
      severity: {heading-order: error, long-screen: off}   # error | warning | off
      package_size_mb: 20                                  # default 50
      screen_minutes: 8                                    # default 10 (at 200 words a minute)
      language:
        extra: {"term": "suggestion"}                      # more words to flag
        allow: ["term"]                                    # built-in words this course may use

The keys are in builder/specs.py (CHECK). The loader only takes ``check`` as a mapping; this reads
course.yaml again with its lines, so a typo in a code points at its line like any other mistake.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from collections.abc import Mapping

from ..diagnostics import CODES, SEVERITIES
from ..errors import Diagnostic, Reporter, SourceRef
from ..fields import Fields
from ..paths import inside
from ..specs import CHECK, CHECK_LANGUAGE, Key, Spec
from ..yamlsrc import LineDict, LineList, load_yaml

SEVERITY = Spec("check.severity", tuple(Key(code, "choice", "", choices=SEVERITIES) for code in CODES))


@dataclass(frozen=True)
class Settings:
    severity: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    package_size_mb: float = CHECK["package_size_mb"].default  # type: ignore[assignment]
    screen_minutes: float = CHECK["screen_minutes"].default  # type: ignore[assignment]
    extra_terms: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    allowed_terms: tuple[tuple[str, SourceRef], ...] = ()  # with where each was allowed

    def apply(self, diagnostic: Diagnostic) -> Diagnostic | None:
        """The diagnostic at the severity this course gives its code (None: turned off)."""
        severity = self.severity.get(diagnostic.code)
        if severity is None or severity == diagnostic.severity:
            return diagnostic
        return None if severity == "off" else Diagnostic(severity, diagnostic.code, diagnostic.message,
                                                         diagnostic.ref, diagnostic.hint)

    def severity_of(self, code: str) -> str:
        return self.severity.get(code) or CODES[code].severity


def read_settings(course_dir: Path, reporter: Reporter) -> Settings:
    """The ``check:`` settings of a course; mistakes in them go to ``reporter``.

    Problems with course.yaml itself (missing, bad YAML, ``check`` not a mapping, a link out of the
    course) are the loader's to report, so here they just mean "defaults".
    """
    root = Path(course_dir).resolve()
    path = root / "course.yaml"
    if inside(root, "course.yaml") is None:
        return Settings()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return Settings()
    data = load_yaml(text, SourceRef(path), Reporter())
    if not isinstance(data, LineDict) or not isinstance(data.get("check"), LineDict):
        return Settings()
    f = Fields(data["check"], CHECK, SourceRef(path), reporter, "course.yaml check")
    return Settings(severity=MappingProxyType(_severities(f)), package_size_mb=f.get("package_size_mb"),
                    screen_minutes=f.get("screen_minutes"), **_language(f))


def _severities(f: Fields) -> dict[str, str]:
    given = f.get("severity")
    if not isinstance(given, LineDict):
        return {}
    values = LineDict({code: "off" if value is False else value  # YAML 1.1 reads a bare `off` (or `no`) as false
                       for code, value in given.items()})
    values.line, values.lines = given.line, given.lines
    codes = Fields(values, SEVERITY, f.ref, f.reporter, "course.yaml check.severity")
    out = {}
    for code in values:
        if code in CODES and not CODES[code].adjustable:
            f.reporter.error("check-config", f"course.yaml check.severity: '{code}' is an error that stops the build, "
                             "so a course cannot change it", codes.at(code), "fix what it reports instead")
        elif code in CODES and (severity := codes.get(code)) is not None:
            out[code] = severity
    return out


def _language(f: Fields) -> dict:
    lang = f.get("language")
    if not isinstance(lang, LineDict):
        return {}
    lf = Fields(lang, CHECK_LANGUAGE, f.ref, f.reporter, "course.yaml check.language")
    extra: dict[str, str] = {}
    given = lf.get("extra")
    for term, suggestion in (given.items() if isinstance(given, LineDict) else ()):
        if not isinstance(term, str) or not term.strip() or not isinstance(suggestion, str):
            f.reporter.error("check-config", "course.yaml check.language.extra: each entry is "
                             "\"term\": \"suggested alternative\" (both text)", f.ref.at(given.line_of(term)),
                             "quote both, e.g. \"sufferer\": \"person living with\"")
            continue
        extra[term.strip()] = suggestion
    raw = lang.get("allow")
    texts = lf.get("allow")
    lines = raw.lines if isinstance(raw, LineList) and len(raw.lines) == len(texts) else [lf.line("allow")] * len(texts)
    return {"extra_terms": MappingProxyType(extra),
            "allowed_terms": tuple((term.strip(), f.ref.at(line)) for term, line in zip(texts, lines))}

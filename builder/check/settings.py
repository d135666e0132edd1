"""course.yaml ``check:``: per-course severities and limits, validated with lines like the rest.

    check:
      severity: {heading-order: error, long-screen: off}   # error | warning | off
      package_size_mb: 20                                  # default 50
      screen_minutes: 8                                    # default 10 (at 200 words a minute)
      language:
        extra: {"term": "suggestion"}                      # more words to flag
        allow: ["term"]                                    # built-in words this course may use

The loader carries the raw mapping on ``Course.check``; lines come from reading course.yaml again
with builder.yamlsrc, so a typo in a rule name points at its line like any other mistake.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from ..errors import Reporter, SourceRef, did_you_mean
from ..fields import MAX_NUMBER, Fields, describe
from ..paths import inside
from ..yamlsrc import LineDict, LineList, load_yaml
from .registry import RULES, SEVERITIES

KEYS = ("severity", "package_size_mb", "screen_minutes", "language")
LANGUAGE_KEYS = ("extra", "allow")
DEFAULT_PACKAGE_MB = 50
DEFAULT_SCREEN_MINUTES = 10


@dataclass(frozen=True)
class Settings:
    severity: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    package_size_mb: float = DEFAULT_PACKAGE_MB
    screen_minutes: float = DEFAULT_SCREEN_MINUTES
    extra_terms: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    allowed_terms: tuple[tuple[str, SourceRef], ...] = ()  # with where each was allowed

    def severity_of(self, code: str) -> str:
        return self.severity.get(code) or RULES[code].severity


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
    ref = SourceRef(path)
    f = Fields(data["check"], ref, reporter, "course.yaml check")
    f.reject_unknown(KEYS)
    return Settings(
        severity=MappingProxyType(_severities(f, ref, reporter)),
        package_size_mb=_positive(f, "package_size_mb", DEFAULT_PACKAGE_MB, reporter),
        screen_minutes=_positive(f, "screen_minutes", DEFAULT_SCREEN_MINUTES, reporter),
        **_language(f, ref, reporter),
    )


def _severities(f: Fields, ref: SourceRef, reporter: Reporter) -> dict[str, str]:
    given = f.get("severity", dict, default={})
    if not isinstance(given, LineDict):
        return {}
    out = {}
    for code, value in given.items():
        at = ref.at(given.line_of(code))
        if code not in RULES:
            reporter.error("unknown-key", f"course.yaml check.severity: no rule named '{code}'", at,
                           did_you_mean(code, RULES) or "rules: " + ", ".join(sorted(RULES)))
            continue
        if value is False:  # YAML 1.1 reads a bare `off` (or `no`) as false
            value = "off"
        if value not in SEVERITIES:
            reporter.error("check-config", f"course.yaml check.severity '{code}': expected one of "
                           f"{', '.join(SEVERITIES)}, not {describe(value)}", at,
                           did_you_mean(value, SEVERITIES) if isinstance(value, str) else None)
            continue
        out[code] = value
    return out


def _positive(f: Fields, key: str, default: float, reporter: Reporter) -> float:
    value = f.data.get(key)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= MAX_NUMBER:
        reporter.error("check-config", f"course.yaml check: '{key}' must be a number above 0 and at most "
                       f"{MAX_NUMBER}, not {describe(value)}", f.at(key), f"for example '{key}: {int(default)}'")
        return default
    return float(value)


def _language(f: Fields, ref: SourceRef, reporter: Reporter) -> dict:
    lang = f.get("language", dict, default={})
    if not isinstance(lang, LineDict):
        return {}
    lf = Fields(lang, ref, reporter, "course.yaml check.language")
    lf.reject_unknown(LANGUAGE_KEYS)
    extra: dict[str, str] = {}
    given = lf.get("extra", dict, default={})
    for term, suggestion in (given.items() if isinstance(given, LineDict) else ()):
        if not isinstance(term, str) or not term.strip() or not isinstance(suggestion, str):
            reporter.error("check-config", "course.yaml check.language.extra: each entry is "
                           "\"term\": \"suggested alternative\" (both text)", ref.at(given.line_of(term)),
                           "quote both, e.g. \"sufferer\": \"person living with\"")
            continue
        extra[term.strip()] = suggestion
    allowed = []
    raw = lang.get("allow")
    texts = lf.text_list("allow")
    lines = raw.lines if isinstance(raw, LineList) and len(raw.lines) == len(texts) else [lf.line("allow")] * len(texts)
    for term, line in zip(texts, lines):
        allowed.append((term.strip(), ref.at(line)))
    return {"extra_terms": MappingProxyType(extra), "allowed_terms": tuple(allowed)}

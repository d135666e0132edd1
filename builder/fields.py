"""Typed reads from line-aware YAML mappings: each mistake becomes one diagnostic with its line."""
from __future__ import annotations

import math
import re

from .errors import Reporter, SourceRef, did_you_mean
from .yamlsrc import LineDict, LineList

# Identifiers that become file names, XML ids and SCORM interaction ids (docs/authoring.md,
# "Names and identifiers"): a course id and a quiz id are file names, and SCORM 1.2 allows 255
# characters for `<quiz-id>.<question-id>`, so each id keeps to 64.
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
MAX_ID = 64
VERSION_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._+-]*$")
MAX_VERSION = 32
LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
MAX_LANGUAGE = 35  # BCP 47 (RFC 5646 section 4.4.1): tags up to 35 characters need no special care
MAX_NUMBER = 10_000  # whole numbers in course files (points, attempts, minutes): larger is a typo


def is_id(text: str) -> bool:
    return len(text) <= MAX_ID and ID_PATTERN.match(text) is not None


def is_version(text: str) -> bool:
    return len(text) <= MAX_VERSION and VERSION_PATTERN.match(text) is not None


def is_language_tag(text: str) -> bool:
    return len(text) <= MAX_LANGUAGE and LANGUAGE_TAG.match(text) is not None


ID_RULE = f"may use only lowercase letters, digits, '-', '_' and '.', starting with a letter or digit, at most {MAX_ID} characters"
TYPE_NAMES = {str: "text", int: "a whole number", bool: "true or false", list: "a list", dict: "a mapping"}


class Fields:
    """Reads one YAML mapping; remembers which keys were read so the rest can be reported."""

    def __init__(self, data: LineDict, ref: SourceRef, reporter: Reporter, where: str):
        self.data = data
        self.ref = ref
        self.reporter = reporter
        self.where = where  # e.g. "course.yaml" or "question 'q2'", used in messages

    def line(self, key=None) -> int:
        return self.data.line_of(key) if key is not None else self.data.line

    def at(self, key=None) -> SourceRef:
        return self.ref.at(self.line(key))

    def get(self, key: str, kind: type, required: bool = False, default=None):
        if key not in self.data or self.data[key] is None:
            if required:
                self.reporter.error("missing-key", f"{self.where}: '{key}' is required", self.at(),
                                    f"add a line '{key}: ...'")
            return default
        value = self.data[key]
        if isinstance(value, float) and not math.isfinite(value):
            self.reporter.error("type", f"{self.where}: '{key}' is {describe(value)}, which YAML reads as a "
                                "special number", self.at(key), "quote it if you mean the text")
            return default
        if kind is str and isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)  # `version: 1.0` or `answers: [42]` mean text
        if kind is int and isinstance(value, int) and not isinstance(value, bool):
            if abs(value) > MAX_NUMBER:
                self.reporter.error("number", f"{self.where}: '{key}' is {value}; the most allowed is {MAX_NUMBER}",
                                    self.at(key))
                return default
            return value
        if kind is bool and isinstance(value, bool):
            return value
        if kind is str and isinstance(value, str):
            return value
        if kind is list and isinstance(value, list):
            return value
        if kind is dict and isinstance(value, dict):
            return value
        self.reporter.error("type", f"{self.where}: '{key}' must be {TYPE_NAMES[kind]}, not {describe(value)}",
                            self.at(key))
        return default

    def text_list(self, key: str, required: bool = False) -> tuple[str, ...]:
        """A list of texts (a single text is accepted as a list of one)."""
        value = self.data.get(key)
        if value is None:
            if required:
                self.reporter.error("missing-key", f"{self.where}: '{key}' is required", self.at(),
                                    f"add '{key}:' with a list of items")
            return ()
        if not isinstance(value, list):
            if _is_text(value):
                return (str(value),)
            self.reporter.error("type", f"{self.where}: '{key}' must be a list of texts, not {describe(value)}",
                                self.at(key))
            return ()
        items = []
        for index, item in enumerate(value):
            if _is_text(item):
                items.append(str(item))
            else:
                self.reporter.error("type", f"{self.where}: '{key}' item {index + 1} must be text, not {describe(item)}",
                                    self.ref.at(value.line_of(index) if isinstance(value, LineList) else self.line(key)))
        return tuple(items)

    def reject_unknown(self, allowed) -> None:
        for key in self.data:
            if key not in allowed:
                self.reporter.error("unknown-key", f"{self.where}: unknown key '{key}'", self.at(key),
                                    did_you_mean(key, allowed) or "allowed: " + ", ".join(allowed))


def _is_text(value) -> bool:
    """Text, or a number that reads as text (`1.0`); not true/false, and not .nan or .inf."""
    if isinstance(value, float):
        return math.isfinite(value)
    return isinstance(value, (str, int)) and not isinstance(value, bool)


def describe(value) -> str:
    if isinstance(value, bool):
        return f"'{str(value).lower()}'"
    if isinstance(value, float) and not math.isfinite(value):
        return "'" + {"nan": ".nan", "inf": ".inf", "-inf": "-.inf"}[str(value)] + "'"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text '{value[:40]}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "nothing" if value is None else type(value).__name__

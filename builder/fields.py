"""Typed reads from line-aware YAML mappings: each mistake becomes one diagnostic with its line."""
from __future__ import annotations

import re

from .errors import Reporter, SourceRef, did_you_mean
from .yamlsrc import LineDict, LineList

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
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
        if kind is str and isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)  # `version: 1.0` or `answers: [42]` mean text
        if kind is int and isinstance(value, int) and not isinstance(value, bool):
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
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            return (str(value),)
        if not isinstance(value, list):
            self.reporter.error("type", f"{self.where}: '{key}' must be a list of texts, not {describe(value)}",
                                self.at(key))
            return ()
        items = []
        for index, item in enumerate(value):
            if isinstance(item, (str, int, float)) and not isinstance(item, bool):
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


def describe(value) -> str:
    if isinstance(value, bool):
        return f"'{str(value).lower()}'"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text '{value[:40]}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "nothing" if value is None else type(value).__name__

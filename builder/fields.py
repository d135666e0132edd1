"""Reading a line-aware YAML mapping through its spec (builder/specs.py): each mistake becomes one
diagnostic at its line, and a wrong or missing value gives the key's default, so a loader goes on
and reports every problem of a file in one run."""
from __future__ import annotations

import math
from pathlib import Path
import re
from typing import Any

from .errors import Reporter, SourceRef, did_you_mean, nearest
from .specs import KINDS, Key, Spec
from .text import read_source
from .yamlsrc import LineDict, LineList, load_yaml

# Identifiers that become file names, XML ids and SCORM interaction ids (docs/authoring.md,
# "Names and identifiers"): a course id and a quiz id are file names, and SCORM 1.2 allows 255
# characters for `<quiz-id>.<question-id>`, so each id keeps to 64.
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
MAX_ID = 64
VERSION_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._+-]*$")
MAX_VERSION = 32
LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
MAX_LANGUAGE = 35  # BCP 47 (RFC 5646 section 4.4.1): tags up to 35 characters need no special care
MAX_NUMBER = 10_000  # numbers in course files (points, attempts, minutes): larger is a typo
ID_RULE = f"may use only lowercase letters, digits, '-', '_' and '.', starting with a letter or digit, at most {MAX_ID} characters"
VERSION_RULE = (f"may use only letters, digits, '.', '-', '_' and '+', starting with a letter or digit, at most "
                f"{MAX_VERSION} characters")


def is_id(text: str) -> bool:
    return len(text) <= MAX_ID and ID_PATTERN.match(text) is not None


def is_version(text: str) -> bool:
    return len(text) <= MAX_VERSION and VERSION_PATTERN.match(text) is not None


def is_language_tag(text: str) -> bool:
    return len(text) <= MAX_LANGUAGE and LANGUAGE_TAG.match(text) is not None


def short(text: str, width: int = 60) -> str:
    """An author's value as shown in a message: a 10,000-character id need not be printed whole."""
    return text if len(text) <= width else text[: width - 1] + "…"


class Fields:
    """One mapping read through its spec: every key is checked as soon as it is made, so each
    problem is reported once, whether or not the loader goes on to use that key."""

    def __init__(self, data: LineDict, spec: Spec, ref: SourceRef, reporter: Reporter, where: str | None = None,
                 unknown: bool = True):
        self.data = data
        self.spec = spec
        self.ref = ref
        self.reporter = reporter
        self.where = where or spec.name  # e.g. "course.yaml" or "question 'q2'", used in messages
        # Keys the author meant by an unknown key ('promt' → 'prompt'): that the meant key is then
        # missing, or what it would have done is undone, follows from the one typo already reported.
        self.misspelt: set[str] = set()
        for name in data if unknown else ():  # unknown=False: the keys allowed are not known yet
            if name not in spec.by_name:  # type: ignore[attr-defined]
                near = nearest(name, [n for n in spec.names() if n not in data])
                if near is not None:
                    self.misspelt.add(near)
                reporter.error("unknown-key", f"{self.where}: unknown key '{name}'", ref.at(data.key_line(name)),
                               did_you_mean(name, spec.names()) or "allowed: " + ", ".join(spec.names()))
        self._values = {key.name: self._value(key) for key in spec.keys}

    def line(self, name: str | None = None) -> int:
        return self.data.line_of(name) if name is not None else self.data.line

    def at(self, name: str | None = None) -> SourceRef:
        return self.ref.at(self.line(name))

    def given(self, name: str) -> bool:
        return self.data.get(name) is not None

    def get(self, name: str) -> Any:
        """The value of ``name`` as its key's kind, or its default (its problem was reported)."""
        return self._values[name]

    def _value(self, key: Key) -> Any:
        name = key.name
        if not self.given(name):
            if key.required and name not in self.misspelt:
                self.reporter.error("missing-key", f"{self.where}: '{name}' is required", self.at(),
                                    f"add a line '{name}: ...'")
            return key.default
        value = self.data[name]
        if isinstance(value, float) and not math.isfinite(value) and key.kind not in ("whole", "decimal"):
            self.reporter.error("type", f"{self.where}: '{name}' is {describe(value)}, which YAML reads as a "
                                "special number", self.at(name), "quote it if you mean the text")
            return key.default
        checked = _READ[key.kind](self, key, value)
        return key.default if checked is _WRONG else checked

    def wrong(self, code: str, message: str, key: Key, hint: str | None = None) -> object:
        self.reporter.error(code, f"{self.where}: {message}", self.at(key.name), hint or key.hint)
        return _WRONG


_WRONG = object()


def _text(f: Fields, key: Key, value: Any) -> Any:
    if _is_text(value):
        return str(value)  # `version: 1.0` or `answers: [42]` mean text
    return f.wrong("type", f"'{key.name}' must be text, not {describe(value)}", key)


def _texts(f: Fields, key: Key, value: Any) -> Any:
    """A list of texts (a single text is a list of one); a wrong item is reported at its line."""
    if isinstance(value, list):
        items = []
        for index, item in enumerate(value):
            if _is_text(item):
                items.append(str(item))
            else:
                f.reporter.error("type", f"{f.where}: '{key.name}' item {index + 1} must be text, not "
                                 f"{describe(item)}", f.ref.at(_line(value, index, f.line(key.name))))
        return tuple(items)
    if _is_text(value):
        return (str(value),)
    return f.wrong("type", f"'{key.name}' must be a list of texts, not {describe(value)}", key)


def _number(f: Fields, key: Key, value: Any) -> Any:
    whole = key.kind == "whole"
    if isinstance(value, bool) or not isinstance(value, int if whole else (int, float)):
        return f.wrong("type", f"'{key.name}' must be {KINDS[key.kind]}, not {describe(value)}", key)
    low = key.low if key.low is not None else -MAX_NUMBER
    high = min(key.high if key.high is not None else MAX_NUMBER, MAX_NUMBER)
    if not low <= value <= high or (not whole and value <= low):
        bounds = f"from {low:g} to {high:g}" if whole else f"a number above {low:g} and at most {high:g}"
        shown = value if math.isfinite(value) else describe(value)
        return f.wrong("number", f"'{key.name}' must be {bounds}, not {shown}", key,
                       None if whole else f"for example '{key.name}: {key.default}'")
    return value if whole else float(value)


def _kind(expected: type, name: str):
    def read(f: Fields, key: Key, value: Any) -> Any:
        if isinstance(value, expected) and not (expected is int and isinstance(value, bool)):
            return value
        return f.wrong("type", f"'{key.name}' must be {name}, not {describe(value)}", key)
    return read


def _choice(f: Fields, key: Key, value: Any) -> Any:
    if isinstance(value, str) and value in key.choices:
        return value
    shown = value if _is_text(value) else describe(value)
    return f.wrong("choice", f"'{key.name}' is '{shown}', which is not one of: " + ", ".join(key.choices), key,
                   did_you_mean(str(value), key.choices) or
                   (f"the default is '{key.default}'" if key.default is not None else None))


def _id(f: Fields, key: Key, value: Any) -> Any:
    text = _text(f, key, value)
    return text if text is _WRONG or is_id(text) else f.wrong("id", f"id '{short(text)}' {ID_RULE}", key)


def _version(f: Fields, key: Key, value: Any) -> Any:
    text = _text(f, key, value)
    return text if text is _WRONG or is_version(text) else f.wrong("version", f"version '{short(text)}' "
                                                                    f"{VERSION_RULE}", key)


def _language(f: Fields, key: Key, value: Any) -> Any:
    text = _text(f, key, value)
    return text if text is _WRONG or is_language_tag(text) else f.wrong("language", f"language '{short(text)}' is "
                                                                         "not a language tag", key)


_READ = {
    "text": _text, "texts": _texts, "whole": _number, "decimal": _number, "choice": _choice,
    "bool": _kind(bool, KINDS["bool"]), "list": _kind(list, KINDS["list"]), "mapping": _kind(dict, KINDS["mapping"]),
    "id": _id, "version": _version, "language": _language,
}


def _line(value: Any, index: int, default: int) -> int:
    return value.line_of(index) if isinstance(value, LineList) else default


def _is_text(value: Any) -> bool:
    """Text, or a number that reads as text (`1.0`); not true/false, and not .nan or .inf."""
    if isinstance(value, float):
        return math.isfinite(value)
    return isinstance(value, (str, int)) and not isinstance(value, bool)


def describe(value: Any) -> str:
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


def read_mapping(path: Path, reporter: Reporter, what: str, keys: str) -> tuple[str, LineDict] | None:
    """A YAML file that must hold one mapping (a quiz, a scenario): its text and data, or None after
    reporting why it cannot be used."""
    ref = SourceRef(path)
    text = read_source(path, reporter)
    if text is None:
        return None
    data = load_yaml(text, ref, reporter)
    if data is None and text.strip() == "":
        reporter.error("empty", f"the {what} file is empty", ref.at(1))
    if data is None:
        return None
    if not isinstance(data, LineDict):
        reporter.error("type", f"a {what} file must be a mapping of keys ({keys}), not {describe(data)}", ref.at(1))
        return None
    return text, data

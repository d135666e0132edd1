"""YAML that remembers line numbers, so a problem in any quiz field can name its line."""
from __future__ import annotations

from typing import TYPE_CHECKING

import yaml

from .errors import Reporter, SourceRef
from .text import INVALID, describe_char
from .yamlhelp import joined_item, quotes_inside_quotes

# Values one file may expand to, each use of an alias counting again: far above any real course
# file, far below what would take a build minutes and gigabytes (a "billion laughs" file).
MAX_VALUES = 100_000


class LineDict(dict):
    """A mapping with the line of itself (`line`) and of each key's value (`lines`)."""

    line: int = 0
    lines: dict
    key_lines: dict  # the line of each key itself (a block value starts on the next line)
    duplicates: list  # (key, line) of keys given twice

    def line_of(self, key) -> int:
        return self.lines.get(key, self.line)

    def key_line(self, key) -> int:
        return getattr(self, "key_lines", {}).get(key, self.line_of(key))


class LineList(list):
    """A sequence with the line of itself and of each item."""

    line: int = 0
    lines: list
    joined: list  # (index, first line, last line), 0-based in the text: plain items YAML read over lines
    misindented: set  # indexes of items that swallowed an over-indented '- ' line (reported)

    def line_of(self, index: int) -> int:
        return self.lines[index] if index < len(self.lines) else self.line


# libyaml's parser when present (about ten times faster); its nodes carry the same marks.
if TYPE_CHECKING:
    _Base = yaml.SafeLoader
else:
    _Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class AliasError(yaml.composer.ComposerError):
    """Aliases that would make a document unbounded: refused before anything is built."""


def _check_expansion(root) -> None:
    """Refuse, before building anything, a document whose aliases refer to themselves or would
    expand to more than MAX_VALUES values: work stays bounded by the size of the file."""
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if children_done:
            open_nodes.discard(key)
            children = _children(node)
            size = 1 + sum(sizes[id(child)] for child in children)
            if size > MAX_VALUES:
                raise AliasError(None, None, f"aliases here expand to more than {MAX_VALUES} values", node.start_mark)
            sizes[key] = size
            continue
        if key in sizes:
            continue
        if key in open_nodes:
            raise AliasError(None, None, "an alias refers to the value that contains it", node.start_mark)
        open_nodes.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node) if id(child) not in sizes)


def _children(node) -> list:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


class _Bounded(_Base):
    def get_single_data(self):
        node = self.get_single_node()
        if node is None:
            return None
        _check_expansion(node)
        return self.construct_document(node)


def _may_alias(text: str) -> bool:
    """An alias needs an anchor ('&name') and a use ('*name'): without both, nothing repeats, and
    the check (a tenth of reading a large course) is skipped."""
    return "&" in text and "*" in text


class _Plain(_Base):
    pass


class _PlainBounded(_Bounded):
    pass


_STR = "tag:yaml.org,2002:str"


class _Loader(_Base):
    def construct_object(self, node, deep=False):
        # Most values of a course file are text: taken straight from the node, they skip PyYAML's
        # bookkeeping for objects that can be shared or recursive (a third of reading a quiz).
        if node.__class__ is yaml.ScalarNode and node.tag == _STR:
            return node.value
        return super().construct_object(node, deep)

    def construct_mapping(self, node, deep=False):
        self.flatten_mapping(node)
        result = LineDict()
        result.line = node.start_mark.line + 1
        result.lines = {}
        result.key_lines = {}
        result.duplicates = []
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                hash(key)
            except TypeError:
                raise yaml.constructor.ConstructorError(
                    None, None, "a mapping key must be plain text", key_node.start_mark
                ) from None
            if key in result:
                result.duplicates.append((key, key_node.start_mark.line + 1))
            result[key] = self.construct_object(value_node, deep=True)
            result.lines[key] = value_node.start_mark.line + 1
            result.key_lines[key] = key_node.start_mark.line + 1
        return result

    def construct_sequence(self, node, deep=False):
        result = LineList(self.construct_object(child, deep=True) for child in node.value)
        result.line = node.start_mark.line + 1
        result.lines = [child.start_mark.line + 1 for child in node.value]
        result.joined = [(index, child.start_mark.line, child.end_mark.line) for index, child in enumerate(node.value)
                         if isinstance(child, yaml.ScalarNode) and not child.style
                         and child.end_mark.line > child.start_mark.line]
        result.misindented = set()
        return result


class _LoaderBounded(_Bounded, _Loader):
    pass


_Loader.add_constructor("tag:yaml.org,2002:map", _Loader.construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:seq", _Loader.construct_sequence)
# Dates stay text: a version or a title like 2024-01-01 must not turn into a date object.
_Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in _Base.yaml_implicit_resolvers.items()
}


def load_plain(text: str):
    """YAML that ships with coursebuilder (catalogues, word lists, theme.yaml): no lines kept,
    but LibYAML's parser, several times faster than PyYAML's own."""
    return yaml.load(text, Loader=_PlainBounded if _may_alias(text) else _Plain)


def load_yaml(text: str, ref: SourceRef, reporter: Reporter, line_offset: int = 0):
    """Parse YAML; on a syntax error report it with its line and return None."""
    try:
        data = yaml.load(text, Loader=_LoaderBounded if _may_alias(text) else _Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + line_offset if mark else None
        col = mark.column + 1 if mark else None
        problem = exc.problem or exc.context or "invalid YAML"
        hint = ("write the values out instead of repeating them with aliases (&name, *name)"
                if isinstance(exc, AliasError) else
                "check indentation, and quote text that contains ': ' or starts with a special character")
        quoted = quotes_inside_quotes(text.splitlines(), mark.line, mark.column) if mark else None
        if quoted is not None:
            problem, hint, col = quoted
        reporter.error("yaml", f"invalid YAML: {problem}", ref.at(line, col), hint)
        return None
    except (yaml.YAMLError, RecursionError, ValueError, OverflowError) as exc:
        reporter.error("yaml", f"invalid YAML: {exc}", ref.at(line_offset + 1 if line_offset else 1))
        return None
    _report_joined(data, text, ref, reporter, line_offset)
    if line_offset:
        _shift(data, line_offset)
    _report_duplicates(data, ref, reporter)
    if "\\" in text and _report_control_characters(data, ref, reporter):  # only an escape can write one here
        return None
    return data


def _report_joined(data, text: str, ref: SourceRef, reporter: Reporter, offset: int) -> None:
    """List items YAML read over several lines: an over-indented '- ' line swallowed, or two short
    items joined (builder/yamlhelp.py)."""
    lists = [value for value in _walk(data) if isinstance(value, LineList) and getattr(value, "joined", None)]
    if not lists:
        return
    lines = text.splitlines()
    for items in lists:
        joined = {index for index, _, _ in items.joined}
        for index, first, last in items.joined:
            others_single = all(isinstance(item, (str, int, float)) and other not in joined
                                for other, item in enumerate(items) if other != index)
            found = joined_item(lines, first, last, others_single, offset)
            if found is None:
                continue
            severity, line, (message, hint, _) = found
            if severity == "error":
                items.misindented.add(index)
                reporter.error("indentation", message, ref.at(line + offset), hint)
            else:
                reporter.warning("joined-item", f"{message}: '{_short(items[index])}'", ref.at(line + offset), hint)


def _walk(data, seen=None):
    """Every mapping, list and value of a document, once each."""
    seen = seen if seen is not None else set()
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, (dict, list)):
            if id(value) in seen:
                continue
            seen.add(id(value))
            stack.extend(value.values() if isinstance(value, dict) else value)
        yield value


def _short(text, width: int = 60) -> str:
    text = str(text)
    return text if len(text) <= width else text[: width - 1] + "…"


def _shift(data, offset: int, seen=None) -> None:
    seen = seen if seen is not None else set()
    if id(data) in seen:  # YAML aliases can make a structure refer to itself
        return
    seen.add(id(data))
    if isinstance(data, LineDict):
        data.line += offset
        data.lines = {k: v + offset for k, v in data.lines.items()}
        data.key_lines = {k: v + offset for k, v in getattr(data, "key_lines", {}).items()}
        data.duplicates = [(k, v + offset) for k, v in data.duplicates]
        for value in data.values():
            _shift(value, offset, seen)
    elif isinstance(data, LineList):
        data.line += offset
        data.lines = [v + offset for v in data.lines]
        for value in data:
            _shift(value, offset, seen)


def _report_control_characters(data, ref: SourceRef, reporter: Reporter, line: int | None = None, seen=None) -> bool:
    """Forbidden characters written as escapes ("\\a", "\\x07"), which the file itself does not show."""
    seen = seen if seen is not None else set()
    if isinstance(data, str):
        match = INVALID.search(data)
        if match:
            reporter.error("control-character", f"control character {describe_char(match.group(0))} is not allowed "
                           "in text", ref.at(line), "remove the escape sequence that writes it")
        return bool(match)
    if id(data) in seen:
        return False
    seen.add(id(data))
    found = False
    if isinstance(data, LineDict):
        for key, value in data.items():
            found |= _report_control_characters(key, ref, reporter, data.line_of(key), seen)
            found |= _report_control_characters(value, ref, reporter, data.line_of(key), seen)
    elif isinstance(data, LineList):
        for index, value in enumerate(data):
            found |= _report_control_characters(value, ref, reporter, data.line_of(index), seen)
    return found


def _report_duplicates(data, ref: SourceRef, reporter: Reporter, seen=None) -> None:
    seen = seen if seen is not None else set()
    if id(data) in seen:
        return
    seen.add(id(data))
    if isinstance(data, LineDict):
        for key, line in data.duplicates:
            reporter.error("duplicate-key", f"key '{key}' is given twice", ref.at(line),
                           "remove one of them: the second would silently replace the first")
        for value in data.values():
            _report_duplicates(value, ref, reporter, seen)
    elif isinstance(data, LineList):
        for value in data:
            _report_duplicates(value, ref, reporter, seen)

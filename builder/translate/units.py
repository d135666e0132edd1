"""The translatable units of a course, found by one walk over the model that every step shares.

``walk(course, lookup)`` visits every piece of learner-facing text in a fixed order (course.yaml,
then file by file in outline order: a lesson's front matter and body, then the quizzes it shows;
then the toolkit pages) and asks ``lookup(unit)`` for the text to use. It returns a new Course
built from the answers and never changes the one it was given. A paragraph, heading, list item
or table cell left in the source language is marked with that language (``lang``, ``dir`` on its
block, or on a span in a tight list), so a screen reader reads it with the right voice and an English sentence in an Arabic
page keeps its punctuation where it belongs. Extracting is a walk whose lookup
records each unit and answers with the source; translating is a walk whose lookup answers from a
PO file. Because both are the same walk, what is extracted is exactly what is translated.

A unit's context (the PO msgctxt) names where it lives, never its position: the file for
Markdown (``lessons/02-x.md``), the file and field for front matter and course.yaml
(``lessons/02-x.md#title``), the quiz file, question id and field for quizzes
(``quizzes/final.yaml#q3.options``). Reordering paragraphs, options or lessons changes no
context, so no translation is lost; the msgid (the unit's text) tells units of a context apart.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from types import MappingProxyType
from collections.abc import Callable
from typing import overload

from markdown_it.token import Token

from .. import markdown
from ..catalogue import direction
from ..errors import Reporter, SourceRef
from ..model import Choice, Course, Lesson, Node, Question, Quiz, Resource, Scenario, Screen
from ..yamlsrc import LineDict, LineList, load_yaml


@dataclass(frozen=True)
class Unit:
    context: str  # msgctxt: where the unit lives, independent of order
    source: str  # msgid: the text, Markdown inline syntax included when ``markdown``
    path: str  # file relative to the course root
    line: int | None  # 1-based line in that file (None when not looked up)
    note: str  # what it is, for the translator (PO extracted comment)
    markdown: bool  # inline Markdown that is parsed again after translation (validated on import)


Lookup = Callable[[Unit], "str | None"]  # None: no translation, keep the source text

# Extracted comments: what the translator sees next to each kind of unit.
NOTES = {
    "answers": "Accepted answer of a fill-in question. Learners type it, so keep it short; "
               "to accept several spellings, put each on its own line.",
    "right": "Matching question: an answer shown in a drop-down list (plain text).",
}


def normalize(text: str) -> str:
    """Soft line breaks of a paragraph become spaces (a re-wrapped paragraph keeps its
    translation); hard breaks (two trailing spaces or a backslash) stay."""
    if "\n" not in text:
        return text
    lines = text.split("\n")
    out = lines[0]
    for line in lines[1:]:
        if out.endswith(("  ", "\\")):
            out += "\n" + line.lstrip()
        else:
            out = out.rstrip(" ") + " " + line.lstrip()
    return out


def parse_inline(text: str) -> list:
    """Inline Markdown → inline child tokens, as the block parser would have made them."""
    tokens = markdown.make_md().parseInline(text, {})
    return tokens[0].children or [] if tokens else []


def _lone_image(token):
    """The image of a paragraph that is nothing but one image (its alt text is the unit)."""
    children = [c for c in token.children or () if not (c.type == "text" and not c.content.strip())]
    return children[0] if len(children) == 1 and children[0].type == "image" else None


class _Lines:
    """Where units are in their files; only extraction asks (a translated build needs no lines)."""

    def __init__(self, course: Course, enabled: bool):
        self.root = course.root
        self.enabled = enabled
        self._yaml: dict[str, object] = {}

    def yaml(self, rel: str, text: str | None = None, offset: int = 0):
        if not self.enabled:
            return None
        if rel not in self._yaml:
            try:
                text = text if text is not None else (self.root / rel).read_text(encoding="utf-8")
                self._yaml[rel] = load_yaml(text, SourceRef(self.root / rel), Reporter(), line_offset=offset)
            except (OSError, UnicodeDecodeError):
                self._yaml[rel] = None
        return self._yaml[rel]


def line_in(data, *keys) -> int | None:
    """The line of data[k1][k2]... in line-aware YAML; the deepest line found on the way."""
    line = getattr(data, "line", None) or None
    for key in keys:
        if (isinstance(data, LineDict) and key in data) or (isinstance(data, LineList) and isinstance(key, int) and key < len(data)):
            line, data = data.line_of(key), data[key]
        else:
            break
    return line


def walk(course: Course, lookup: Lookup, locate: bool = False) -> Course:
    """A copy of ``course`` with every unit replaced by ``lookup(unit)``. With ``locate``, units
    carry their line (read from the source files); otherwise no file is read."""
    return _Walker(course, lookup, _Lines(course, locate)).course()


class _Walker:
    def __init__(self, course: Course, lookup: Lookup, lines: _Lines):
        self.src = course
        self.lookup = lookup
        self.lines = lines
        self.quizzes: dict[str, Quiz] = {}
        self.scenarios: dict[str, Scenario] = {}
        language = course.source_language or course.language
        self.source_attrs = {"lang": language, "dir": direction(language)}
        self.kept_source = False  # the last unit had no translation
        self.kept: set[str] = set()  # every text left in the source language

    @overload
    def unit(self, context: str, text: str, path: str, line: int | None, note: str,
             is_markdown: bool = True) -> str: ...

    @overload
    def unit(self, context: str, text: str | None, path: str, line: int | None, note: str,
             is_markdown: bool = True) -> str | None: ...

    def unit(self, context: str, text: str | None, path: str, line: int | None, note: str,
             is_markdown: bool = True) -> str | None:
        """The translation of ``text`` (a unit of the PO file), or ``text`` itself when there is none."""
        self.kept_source = False
        if text is None or not text.strip():
            return text
        found = self.lookup(Unit(context, text, path, line, note, is_markdown))
        self.kept_source = found is None
        if found is None:
            self.kept.add(text)
        return text if found is None else found

    def course(self) -> Course:
        c = self.src
        data = self.lines.yaml("course.yaml")
        title = self.unit("course.yaml#title", c.title, "course.yaml", line_in(data, "title"), "course title", False)
        description = self.unit("course.yaml#description", c.description, "course.yaml",
                                line_in(data, "description"), "course description", False)
        screens = []
        for screen in c.screens:
            if screen.lesson is not None:
                lesson = self.lesson(screen.lesson)
                for quiz_id, _ in screen.lesson.quiz_ids:
                    self.quiz(c.quizzes[quiz_id])
                for scenario_id, _ in screen.lesson.scenario_ids:
                    self.scenario(c.scenarios[scenario_id])
                screens.append(Screen(number=screen.number, title=lesson.screen_title, lesson=lesson))
            elif screen.quiz is not None:
                quiz = self.quiz(screen.quiz)
                screens.append(Screen(number=screen.number, title=quiz.title, quiz=quiz))
        for quiz in c.quizzes.values():  # any quiz not reached through the outline (none today)
            self.quiz(quiz)
        resources = tuple(self.resource(r) for r in c.resources)
        quizzes = {quiz_id: self.quizzes[quiz_id] for quiz_id in c.quizzes}
        scenarios = {sid: self.scenarios.get(sid) or self.scenario(s) for sid, s in c.scenarios.items()}
        return dataclasses.replace(
            c, title=title, description=description, screens=tuple(screens), scenarios=MappingProxyType(scenarios),
            quizzes=MappingProxyType(quizzes), assessment=quizzes[c.assessment.id] if c.assessment else None,
            resources=resources, untranslated=frozenset(self.kept))

    # -- Markdown files ----------------------------------------------------------------------
    def lesson(self, lesson: Lesson) -> Lesson:
        path = lesson.path
        front = None
        if self.lines.enabled and lesson.tokens and lesson.tokens[0].type == "front_matter":
            front = self.lines.yaml(path + "#front", lesson.tokens[0].content, offset=1)
        title = self.unit(f"{path}#title", lesson.title, path, line_in(front, "title"), "lesson title", False)
        objectives = tuple(
            self.unit(f"{path}#objectives", text, path, line_in(front, "objectives", i), "lesson objective", False)
            for i, text in enumerate(lesson.objectives))
        return dataclasses.replace(lesson, title=title, objectives=objectives, tokens=self.tokens(lesson.tokens, path))

    def resource(self, resource: Resource) -> Resource:
        tokens = self.tokens(resource.tokens, resource.path)
        title = markdown.page_title(tokens)
        if title is None:  # no '#' heading: the title came from the file name
            title = self.unit(f"{resource.path}#title", resource.title, resource.path, 1, "page title", False)
        return dataclasses.replace(resource, title=title, tokens=tokens)

    def tokens(self, tokens: tuple, path: str, context: str | None = None) -> tuple:
        """Markdown tokens translated; ``context``: the units' (the file's path when not given)."""
        context = context or path
        out: list = []
        open_blocks: list[str] = []
        for i, token in enumerate(tokens):
            if token.nesting == 1:
                open_blocks.append(token.type)
            elif token.nesting == -1 and open_blocks:
                open_blocks.pop()
            line = token.map[0] + 1 if token.map else None
            if token.type.startswith("container_") and token.nesting == 1:
                kind, source = markdown.callout(token)
                title = self.unit(context, source, path, line, "callout title", False)
                if title != source:
                    token = token.copy(info=f" {kind} {title}")
            elif token.type == "inline" and token.content.strip():
                token = self.inline(token, tokens[i - 1] if i else None, open_blocks, path, line, context)
                if self.kept_source:
                    token = self.mark_source_language(out, token)
            out.append(token)
        return tuple(out)

    def mark_source_language(self, out: list, inline):
        """Give an untranslated text the source's lang and dir: on its block (paragraph, heading,
        cell), or, in a tight list whose paragraphs are not rendered, on a span around the text
        (on the list item, they would reach the translated items of a nested list too)."""
        opener = out[-1] if out else None
        if opener is not None and opener.nesting == 1 and not opener.hidden:
            out[-1] = opener.copy(attrs={**(opener.attrs or {}), **self.source_attrs})
            return inline
        span = [Token("source_lang_open", "span", 1, attrs=dict(self.source_attrs)),
                *(inline.children or ()), Token("source_lang_close", "span", -1)]
        return inline.copy(children=span)

    def inline(self, token, opener, open_blocks: list[str], path: str, line: int | None, context: str):
        image = _lone_image(token)
        if image is not None:
            alt = "".join(c.content for c in image.children or ())
            text = self.unit(context, alt, path, line, "image alt text (describe the image)", False)
            if text == alt:
                return token
            children = [c.copy(content=text, children=parse_inline(text)) if c is image else c
                        for c in token.children]
            return token.copy(content=token.content.replace(f"[{alt}]", f"[{text}]", 1), children=children)
        if opener is not None and opener.type == "heading_open":
            note = "heading"
        elif opener is not None and opener.type in ("th_open", "td_open"):
            note = "table cell"
        elif "list_item_open" in open_blocks:
            note = "list item"
        elif any(b.startswith("container_") for b in open_blocks):
            note = "callout text"
        else:
            note = "paragraph"
        source = normalize(token.content)
        text = self.unit(context, source, path, line, note)
        if text == source:
            return token
        if source.startswith(markdown.GLYPHS):  # a checklist item: its box, as the source shows it
            text = markdown.boxed(text)
        meta = dict(token.meta)
        if note == "heading":  # the heading keeps the anchor its source text gives it
            meta["anchor_text"] = markdown.heading_text(token)
        return token.copy(content=text, children=parse_inline(text), meta=meta)

    # -- quizzes -----------------------------------------------------------------------------
    def quiz(self, quiz: Quiz) -> Quiz:
        if quiz.id in self.quizzes:
            return self.quizzes[quiz.id]
        path = f"quizzes/{quiz.id}.yaml"
        data = self.lines.yaml(path)
        title = self.unit(f"{path}#title", quiz.title, path, line_in(data, "title"), "quiz title", False)
        by_id = {}
        if isinstance(data, LineDict) and isinstance(data.get("questions"), list):
            by_id = {q.get("id"): q for q in data["questions"] if isinstance(q, LineDict)}
        questions = tuple(self.question(q, path, by_id.get(q.id)) for q in quiz.questions)
        self.quizzes[quiz.id] = translated = dataclasses.replace(quiz, title=title, questions=questions)
        return translated

    def question(self, q: Question, path: str, data) -> Question:
        base = f"{path}#{q.id}"

        def u(field: str, text, *keys, note: str, md: bool = True):
            return self.unit(f"{base}.{field}", text, path, line_in(data, *keys) or q.ref.line, note, md)

        prompt = u("prompt", q.prompt, "prompt", note="question")
        options = tuple(
            dataclasses.replace(
                o, text=u("options", o.text, "options", i, note="answer option"),
                feedback=u("options.feedback", o.feedback, "options", i, "feedback",
                           note="feedback shown when the learner chose this option"))
            for i, o in enumerate(q.options))
        answers: list[str] = []
        for i, answer in enumerate(q.answers):
            for variant in u("answers", answer, "answers", i, note=NOTES["answers"], md=False).split("\n"):
                if variant.strip() and variant.strip() not in answers:
                    answers.append(variant.strip())
        pairs = tuple(
            (u("pairs.left", left, "pairs", i, "left", note="matching question: an item to match"),
             u("pairs.right", right, "pairs", i, "right", note=NOTES["right"], md=False))
            for i, (left, right) in enumerate(q.pairs))
        items = tuple(u("items", item, "items", i, note="ordering question: an item to put in order")
                      for i, item in enumerate(q.items))
        return dataclasses.replace(
            q, prompt=prompt, options=options, answers=tuple(answers), pairs=pairs, items=items,
            feedback_correct=u("feedback.correct", q.feedback_correct, "feedback", "correct",
                               note="feedback on a right answer"),
            feedback_incorrect=u("feedback.incorrect", q.feedback_incorrect, "feedback", "incorrect",
                                 note="feedback on a wrong answer"))


    # -- scenarios ---------------------------------------------------------------------------
    def scenario(self, scenario: Scenario) -> Scenario:
        if scenario.id in self.scenarios:
            return self.scenarios[scenario.id]
        path = f"scenarios/{scenario.id}.yaml"
        data = self.lines.yaml(path)
        title = self.unit(f"{path}#title", scenario.title, path, line_in(data, "title"), "scenario title", False)
        raw = data.get("nodes") if isinstance(data, LineDict) else None
        nodes = tuple(self.node(node, path, raw[i] if isinstance(raw, LineList) and i < len(raw) else None)
                      for i, node in enumerate(scenario.nodes))
        self.scenarios[scenario.id] = translated = dataclasses.replace(scenario, title=title, nodes=nodes)
        return translated

    def node(self, node: Node, path: str, data) -> Node:
        base = f"{path}#{node.id}"
        ending = self.unit(f"{base}.ending", node.ending, path, line_in(data, "ending") or node.ref.line,
                           "scenario ending: its short title", False)
        tokens = self.tokens(node.tokens, path, base)
        choices = tuple(self.choice(choice, path, base, line_in(data, "choices", i, "consequence"))
                        for i, choice in enumerate(node.choices))
        return dataclasses.replace(node, ending=ending, choices=choices, tokens=tokens)

    def choice(self, choice: Choice, path: str, base: str, consequence_line: int | None) -> Choice:
        text = self.unit(f"{base}.choices", choice.text, path, choice.ref.line,
                         "scenario choice: a button's label (plain text)", False)
        consequence = self.unit(f"{base}.consequence", choice.consequence, path,
                                consequence_line or choice.ref.line, "scenario: what a choice led to")
        return dataclasses.replace(choice, text=text, consequence=consequence)


def units(course: Course) -> list[Unit]:
    """Every occurrence of a unit in walk order, with its line (a PO entry gathers the occurrences
    of the same text in the same context)."""
    seen: list[Unit] = []

    def record(unit: Unit) -> str:
        seen.append(unit)
        return unit.source

    walk(course, record, locate=True)
    return seen


"""The validated course, immutable: every later stage reads it and none changes it."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from collections.abc import Mapping

from .completion import DEFAULT_OPENS, DEFAULT_RULE
from .errors import SourceRef

CHOICE_KEYS = "abcdefghijklmnopqrstuvwxyz0123456789"  # response characters: SCORM 1.2 allows [0-9a-z]
FILL_IN_MAX_LENGTH = 60  # characters a learner can type; bounds suspend_data and 1.2's 255
REVEALS = ("each-attempt", "last-attempt", "never")  # when a quiz may show its right answers (docs/authoring.md)
LAYOUTS = ("page", "one-per-screen")
SCORINGS = ("all", "partial")


@dataclass(frozen=True)
class Option:
    text: str
    correct: bool
    feedback: str | None
    ref: SourceRef


@dataclass(frozen=True)
class Question:
    id: str
    type: str
    prompt: str
    points: int
    ref: SourceRef
    options: tuple[Option, ...] = ()           # single, multiple
    answer: bool | None = None                 # true-false
    answers: tuple[str, ...] = ()              # fill-in: accepted variants
    pairs: tuple[tuple[str, str], ...] = ()    # matching: (left, right) in source order
    items: tuple[str, ...] = ()                # ordering: the correct order
    feedback_correct: str | None = None
    feedback_incorrect: str | None = None
    review: str | None = None  # the lesson to review: a course path once loaded ("lessons/08-talk.md")
    review_ref: SourceRef | None = None  # where `review:` is written


@dataclass(frozen=True)
class Pool:
    """Parallel variants of one item: each attempt shows ``draw`` of its questions."""

    id: str
    draw: int
    questions: tuple[Question, ...]
    ref: SourceRef


@dataclass(frozen=True)
class Quiz:
    id: str
    title: str
    kind: str
    pass_mark: int | None
    attempts: int  # 0 = unlimited
    shuffle: bool
    questions: tuple[Question, ...]  # every question: those of `questions:`, then each pool's, in order
    ref: SourceRef
    links: tuple[Link, ...] = ()  # links and images in its texts, relative to the quiz file
    draw: int | None = None  # `draw:`: how many of `questions:` each attempt shows (None: all)
    pools: tuple[Pool, ...] = ()
    reveal: str = "each-attempt"  # one of REVEALS, the kind's default filled in
    layout: str = "page"  # one of LAYOUTS
    scoring: str = "all"  # one of SCORINGS
    local_blocks: tuple[tuple[str, SourceRef], ...] = ()  # `::: local <name>` in its texts (builder/local.py)

    @property
    def graded(self) -> bool:
        return self.kind == "assessment"

    @property
    def own(self) -> tuple[Question, ...]:
        """The questions of `questions:` (not those of pools)."""
        return self.questions[: len(self.questions) - sum(len(p.questions) for p in self.pools)]

    @property
    def groups(self) -> tuple[tuple[int, tuple[Question, ...]], ...]:
        """(how many an attempt draws, from which questions): `questions:` first, then each pool."""
        own = self.own
        first = ((self.draw if self.draw is not None else len(own), own),) if own else ()
        return first + tuple((p.draw, p.questions) for p in self.pools)

    @property
    def per_attempt(self) -> int:
        """How many questions one attempt shows."""
        return sum(draw for draw, _ in self.groups)

    @property
    def drawn(self) -> bool:
        """Whether an attempt shows only some of the questions (a draw per attempt)."""
        return self.per_attempt < len(self.questions)


@dataclass(frozen=True)
class Choice:
    """One choice of a scenario node: a button that leads to another node."""

    text: str  # plain text: it is a button's label
    goto: str  # the id of the node it leads to
    consequence: str | None  # inline Markdown, shown after choosing
    ref: SourceRef


@dataclass(frozen=True)
class Node:
    """A node of a branching scenario: a choice node (``choices``) or an ending (``ending``)."""

    id: str
    text: str  # Markdown: the situation, or an ending's debrief
    tokens: tuple  # ``text`` parsed, with file-absolute lines
    choices: tuple[Choice, ...]
    ending: str | None  # an ending's short title
    ref: SourceRef


@dataclass(frozen=True)
class Scenario:
    """scenarios/<id>.yaml: decision practice placed in a lesson; not graded."""

    id: str
    title: str
    start: str  # the id of the first node
    nodes: tuple[Node, ...]
    ref: SourceRef
    links: tuple[Link, ...] = ()  # links and images in its texts, relative to the scenario file

    def index(self, node_id: str) -> int:
        return next(i for i, node in enumerate(self.nodes) if node.id == node_id)

    @property
    def max_path(self) -> int:
        """The most choices the player keeps for this scenario (its saved path: one character each).

        A path that goes round a loop past this is cut back to the path without the rounds, which
        visits each node at most once (docs/authoring.md, "Branching scenarios")."""
        return 2 * len(self.nodes)


@dataclass(frozen=True)
class Reach:
    """What a course's outline and links reach, known even when the course has errors, so advice
    that does not need a clean load (files nothing uses) comes with the errors. Paths are relative
    to ``root``; a file a broken link meant counts as reached (its error says how to fix it)."""

    root: Path
    used: frozenset[str]  # lessons, resources, media and the logo
    quizzes: frozenset[str]  # quiz ids the outline, the lessons or course.yaml name
    scenarios: frozenset[str] = frozenset()  # scenario ids the lessons name


@dataclass(frozen=True)
class Link:
    """A link or image in Markdown, kept with its line for checks and packaging."""

    href: str
    ref: SourceRef
    is_image: bool
    text: str = ""


@dataclass(frozen=True)
class Lesson:
    path: str  # relative to the course root, forward slashes: "lessons/01-welcome.md"
    title: str
    objectives: tuple[str, ...]
    duration: int | None  # minutes
    tokens: tuple  # markdown-it tokens, parsed once
    quiz_ids: tuple[tuple[str, SourceRef], ...]
    links: tuple[Link, ...]
    ref: SourceRef
    scenario_ids: tuple[tuple[str, SourceRef], ...] = ()  # `::: scenario <id>` lines, in order
    local_blocks: tuple[tuple[str, SourceRef], ...] = ()  # `::: local <name>` blocks (builder/local.py)
    part: int = 0  # `split: sections`: which screen of the lesson this is (0-based) ...
    parts: int = 1  # ... of how many (builder/split.py); tokens, quizzes, links are the part's own

    @property
    def screen_title(self) -> str:
        """Its screen's name in Contents: the lesson's title, or a part's first `##` heading."""
        if self.parts > 1:
            for i, token in enumerate(self.tokens[:-1]):
                if token.type == "heading_open" and token.tag == "h2" and token.level == 0:
                    return "".join(c.content for c in self.tokens[i + 1].children or ()
                                   if c.type in ("text", "code_inline")).strip() or self.title
        return self.title


@dataclass(frozen=True)
class Resource:
    """A toolkit page: Markdown rendered to a printable HTML page of its own."""

    path: str  # "resources/team-check-in.md"
    title: str
    tokens: tuple
    links: tuple[Link, ...]
    ref: SourceRef
    local_blocks: tuple[tuple[str, SourceRef], ...] = ()  # `::: local <name>` blocks (builder/local.py)

    @property
    def output_path(self) -> str:
        return self.path[: -len(".md")] + ".html"


@dataclass(frozen=True)
class Screen:
    """One step of the learner's outline: a lesson, or a quiz shown on a screen of its own."""

    number: int  # 1-based position in the outline
    title: str
    lesson: Lesson | None = None
    quiz: Quiz | None = None


@dataclass(frozen=True)
class Course:
    root: Path
    id: str
    title: str
    version: str
    language: str
    description: str
    authors: tuple[str, ...]
    copyright: str | None
    theme: str
    theme_options: Mapping[str, str]
    screens: tuple[Screen, ...]
    quizzes: Mapping[str, Quiz]  # in order of first use
    assessment: Quiz | None
    resources: tuple[Resource, ...]
    files: tuple[str, ...]  # other files the course uses (media, downloads), relative paths
    ref: SourceRef
    lines: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))  # course.yaml key → its line
    source_language: str | None = None  # set on a translation (builder/translate): the language the files are in
    # On a translation: texts of quizzes, scenarios and titles it left in the source language, which the
    # renderer marks with that language's lang and dir (untranslated Markdown blocks carry them already).
    untranslated: frozenset[str] = frozenset()
    completion: str = DEFAULT_RULE  # course.yaml `completion:`, one of builder.completion.RULES
    assessment_opens: str = DEFAULT_OPENS  # course.yaml `assessment_opens:`, one of builder.completion.OPENS
    duration: int | None = None  # course.yaml `duration:`, minutes: what the author says the course takes
    scenarios: Mapping[str, Scenario] = field(default_factory=lambda: MappingProxyType({}))  # in order of use
    toolkit: str | None = None  # course.yaml `toolkit:`, a resource page ("resources/whole-toolkit.md") the ending links to
    local: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))  # `--local` texts by block name

    @property
    def quiz_order(self) -> tuple[str, ...]:
        """Quiz ids in a fixed order; their index is what the runtime stores in suspend_data."""
        return tuple(self.quizzes)

    @property
    def scenario_order(self) -> tuple[str, ...]:
        """Scenario ids in a fixed order; their index is the key of their path in suspend_data."""
        return tuple(self.scenarios)

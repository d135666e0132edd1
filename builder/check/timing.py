"""How long the course takes, estimated from what the learner reads and answers, against what the
author says (course.yaml `duration`, a lesson's `duration`): an LMS and a learner plan with these
numbers, and a course that runs long is left half done.

The figures (docs/authoring.md, "How long it takes"):
- reading: 180 words a minute. Most of our learners read the course in their second or third
  language, and read to learn; adults reading their first language for study manage about 200 to
  250, second-language readers noticeably less, so 180 is a deliberately unhurried figure;
- a question: 45 seconds, for each question an attempt shows (knowledge checks and the
  assessment): read it and its options, think, answer, read the feedback;
- a scenario: one walk from its start to the nearest ending, each node at the scenario's
  average words at 180 a minute, plus 15 seconds for each decision.
Toolkit pages are not counted: they are read and printed outside the course.
"""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from ..errors import Reporter, SourceRef
from ..model import Course, Lesson, Quiz, Scenario
from ..yamlsrc import LineDict, load_yaml
from .context import Context, Document, markdown_texts
from .registry import Finding, rule

WORDS_PER_MINUTE = 180
SECONDS_PER_QUESTION = 45
SECONDS_PER_DECISION = 15
TOLERANCE = 0.25  # warn when the declared time is off the estimate by more than a quarter of it ...
ROUNDING = 0.5  # ... and by more than the half minute that writing whole minutes may cost


@dataclass(frozen=True)
class ScreenTime:
    number: int
    name: str  # the lesson's path, or the quiz's id for a quiz on its own screen
    words: int
    questions: int
    scenarios: float  # minutes
    declared: int | None  # the lesson's `duration`
    ref: SourceRef  # where the lesson's `duration:` is (or the screen's file)

    @property
    def minutes(self) -> float:
        return self.words / WORDS_PER_MINUTE + self.questions * SECONDS_PER_QUESTION / 60 + self.scenarios


@dataclass(frozen=True)
class Timing:
    screens: tuple[ScreenTime, ...]
    declared: int | None  # course.yaml `duration`

    @property
    def minutes(self) -> float:
        return sum(s.minutes for s in self.screens)


def estimate(course: Course) -> Timing:
    """Each screen's estimate, in outline order."""
    screens = []
    for screen in course.screens:
        if screen.lesson:
            lesson = screen.lesson
            doc = Document(lesson.path, lesson.title, lesson.tokens, lesson.links, lesson.ref, "lesson")
            quizzes = [course.quizzes[quiz_id] for quiz_id, _ in lesson.quiz_ids if quiz_id in course.quizzes]
            scenarios = [course.scenarios[s] for s, _ in lesson.scenario_ids if s in course.scenarios]
            screens.append(ScreenTime(screen.number, lesson.path, sum(len(t.text.split()) for t in markdown_texts(doc)),
                                      sum(asked(q) for q in quizzes), sum(map(scenario_minutes, scenarios)),
                                      lesson.duration, _duration_line(lesson)))
        elif screen.quiz:
            screens.append(ScreenTime(screen.number, screen.quiz.id, 0, asked(screen.quiz), 0, None, screen.quiz.ref))
    return Timing(tuple(screens), course.duration)


def asked(quiz: Quiz) -> int:
    """The questions one attempt shows (a draw shows fewer than the quiz holds)."""
    return quiz.per_attempt


def scenario_minutes(scenario: Scenario) -> float:
    nodes = {node.id: node for node in scenario.nodes}

    def words(node) -> int:
        texts = [node.text, node.ending or ""] + [c.text + " " + (c.consequence or "") for c in node.choices]
        return sum(len(t.split()) for t in texts)

    path = _shortest_walk(scenario)
    average = sum(map(words, nodes.values())) / max(1, len(nodes))
    decisions = sum(1 for node_id in path if nodes[node_id].choices)
    return len(path) * average / WORDS_PER_MINUTE + decisions * SECONDS_PER_DECISION / 60


def _shortest_walk(scenario: Scenario) -> list[str]:
    """The node ids from the start to the nearest node without choices (the loader checked the ids)."""
    nodes = {node.id: node for node in scenario.nodes}
    if scenario.start not in nodes:
        return []
    before: dict[str, str | None] = {scenario.start: None}
    todo = deque([scenario.start])
    while todo:
        current = todo.popleft()
        if not nodes[current].choices:
            path: list[str] = []
            step: str | None = current
            while step is not None:
                path.append(step)
                step = before[step]
            return path[::-1]
        for choice in nodes[current].choices:
            if choice.goto in nodes and choice.goto not in before:
                before[choice.goto] = current
                todo.append(choice.goto)
    return list(before)  # no ending reached: the rules report it; count what can be walked


def _duration_line(lesson: Lesson) -> SourceRef:
    tokens = lesson.tokens
    if tokens and tokens[0].type == "front_matter":
        data = load_yaml(tokens[0].content, lesson.ref, Reporter(), line_offset=1)
        if isinstance(data, LineDict) and "duration" in data:
            return lesson.ref.at(data.line_of("duration"))
    return lesson.ref.at(1)


def off(declared: int | None, minutes: float) -> bool:
    return declared is not None and abs(declared - minutes) > max(TOLERANCE * minutes, ROUNDING)


def shown(minutes: float) -> int:
    return max(1, round(minutes)) if minutes > 0 else 0


def _what(words: int, questions: int, scenarios: float) -> str:
    parts = [f"{words} words at {WORDS_PER_MINUTE} a minute"] if words else []
    if questions:
        parts.append(f"{questions} question{'s' if questions != 1 else ''} at {SECONDS_PER_QUESTION} s")
    if scenarios:
        parts.append(f"scenarios {scenarios:.1f} min")
    return ", ".join(parts) or "nothing to read"


@rule("duration")
def duration(ctx: Context):
    """A lesson's `duration`, or the course's, more than a quarter off the estimate."""
    timing = estimate(ctx.course)
    for screen in timing.screens:
        if off(screen.declared, screen.minutes):
            yield Finding(f"'{screen.name}' says 'duration: {screen.declared}' but takes about "
                          f"{shown(screen.minutes)} min ({_what(screen.words, screen.questions, screen.scenarios)})",
                          screen.ref, _fix(screen.minutes, screen.declared, "lesson"))
    if off(timing.declared, timing.minutes):
        words = sum(s.words for s in timing.screens)
        questions = sum(s.questions for s in timing.screens)
        scenarios = sum(s.scenarios for s in timing.screens)
        line = ctx.course.lines.get("duration")
        yield Finding(f"course.yaml says 'duration: {timing.declared}' but the course takes about "
                      f"{shown(timing.minutes)} min ({_what(words, questions, scenarios)})",
                      ctx.course.ref.at(line) if line else ctx.course.ref,
                      _fix(timing.minutes, timing.declared, "course") + "; check prints each screen's estimate")


def _fix(minutes: float, declared: int | None, what: str) -> str:
    longer = declared is not None and minutes > declared
    return f"set 'duration: {shown(minutes)}'" + (f", or shorten the {what}" if longer else "")


def table(timing: Timing, name: str) -> list[str]:
    """What `check` prints for a course: each screen's estimate, then the total."""
    lines = [f"{name}: about {shown(timing.minutes)} min at {WORDS_PER_MINUTE} words a minute and "
             f"{SECONDS_PER_QUESTION} s a question" + (f" (course.yaml says {timing.declared})"
                                                        if timing.declared is not None else "")]
    width = max((len(s.name) for s in timing.screens), default=0)
    for s in timing.screens:
        said = f"  says {s.declared}" if s.declared is not None else ""
        lines.append(f"  {s.number:>3}  {s.name:<{width}}  {shown(s.minutes):>3} min{said}")
    return lines

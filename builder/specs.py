"""What each YAML file of a course may say: every key once, with its kind, whether it is needed,
its default and what it does.

The loaders read their files through these specs (builder/fields.py: types, ranges, the words a
key allows, unknown keys with "did you mean"), and the key tables of docs/authoring.md are
generated from them (``python -m builder.docs``; a test fails when the docs drift). Adding a key
is one entry here, plus the code that uses its value; a new YAML file type is one more ``Spec``
here, read with ``Fields`` by its own loader (docs/architecture.md).
"""
from __future__ import annotations

from dataclasses import dataclass

from .completion import DEFAULT_OPENS, DEFAULT_RULE, OPENS, RULES
from .model import LAYOUTS, REVEALS, SCORINGS

KINDS = {  # a key's kind → how a message names it
    "text": "text", "texts": "a list of texts", "whole": "a whole number", "decimal": "a number",
    "bool": "true or false", "list": "a list", "mapping": "a mapping", "choice": "one of its words",
    "id": "an id", "version": "a version", "language": "a language tag",
}
QUIZ_KINDS = ("check", "assessment")


@dataclass(frozen=True)
class Key:
    name: str
    kind: str  # a key of KINDS
    about: str  # what it does, for authors (docs/authoring.md)
    need: str = "optional"  # "required", "optional", or when it is needed ("for assessments")
    default: object = None  # the value when the key is missing (or wrong: the error is reported)
    shown: str = "—"  # the default as the docs show it
    choices: tuple[str, ...] = ()  # kind "choice": the words allowed
    low: float | None = None  # kinds "whole" and "decimal": the smallest allowed
    high: float | None = None  # ... and the largest (always at most MAX_NUMBER)
    hint: str | None = None  # shown with a wrong value

    @property
    def required(self) -> bool:
        return self.need == "required"


@dataclass(frozen=True)
class Spec:
    name: str  # the file (or part of one) as the docs name it
    keys: tuple[Key, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_name", {key.name: key for key in self.keys})

    def __getitem__(self, name: str) -> Key:
        return self.by_name[name]  # type: ignore[attr-defined]

    def names(self) -> tuple[str, ...]:
        return tuple(key.name for key in self.keys)

    def __add__(self, other: Spec) -> Spec:
        return Spec(self.name, self.keys + other.keys)


ID_ABOUT = "Lowercase letters, digits, `-`, `_` and `.`, starting with a letter or digit, at most 64 characters"

COURSE = Spec("course.yaml", (
    Key("id", "id", "The course's permanent name: it identifies the course in the LMS and starts the package file "
        f"names (`<id>-<version>-scorm12.zip`). {ID_ABOUT} (see [Names and identifiers](#names-and-identifiers)). "
        "**Do not change it** once learners have used the course: the LMS would see a different course. "
        "`coursebuilder new` makes it from the folder name.", "required", default="course",
        hint="it becomes the package identifier, for example 'wg3-manager-wellbeing'"),
    Key("title", "text", "The course title, shown in the player's top bar, in the LMS and on resource pages.",
        "required", default=""),
    Key("version", "version", "The course's version, shown in the package file names and metadata. Raise it each "
        "time you publish a changed course (`1.0.0` → `1.1.0`). Write three numbers, or quote it (`version: "
        "\"1.10\"`), otherwise YAML may read `1.10` as the number `1.1`. Letters, digits, `.`, `-`, `_` and `+`, at "
        "most 32 characters.", default="1.0.0", shown="`1.0.0`",
        hint="it becomes part of the package file names, for example '1.2.0'"),
    Key("language", "language", "The language of the course, as a short code: `en`, `fr`, `es`, `ar`… It sets the "
        "language of the player's buttons and messages, and right-to-left layout for Arabic. See "
        "[Language](#language).", default="en", shown="`en`",
        hint="use a BCP 47 tag such as 'en', 'fr', 'es', 'ar' or 'fr-CA', at most 35 characters"),
    Key("description", "text", "Two or three sentences on what the course is and who it is for. Goes into the "
        "package's metadata, which the LMS may show.", default="", shown="empty"),
    Key("authors", "texts", "A list of names or teams (or one name). Kept in the source for your records; not shown "
        "to learners.", default=(), shown="none"),
    Key("copyright", "text", "A line such as `\"© 2025 Example Red Cross\"`, printed at the foot of each resource "
        "page.", shown="none"),
    Key("outline", "list", "The screens, in the learner's order. Each entry is a lesson file in `lessons/` or a "
        "folder inside it (`- lessons/01-welcome.md`, `- lessons/part-1/02-signs.md`) or a quiz on a screen of its "
        "own (`- quiz: final-assessment`). Each may appear once.", "required", default=()),
    Key("assessment", "text", "The id of the graded quiz whose score and pass/fail the LMS records. It must have "
        "`kind: assessment` and be shown somewhere (in the outline or in a lesson). Leave it out for a course "
        "without a graded test.", shown="none"),
    Key("completion", "choice", "When the course counts as complete: `both`, `assessment` or `screens`. See "
        "[Completion](#completion-and-when-the-assessment-opens).", default=DEFAULT_RULE, shown=f"`{DEFAULT_RULE}`",
        choices=RULES),
    Key("assessment_opens", "choice", "`after-screens` opens the assessment only once the learner has seen every "
        "other screen; `anytime` lets them go to it whenever they like. See "
        "[Completion](#completion-and-when-the-assessment-opens).", default=DEFAULT_OPENS,
        shown=f"`{DEFAULT_OPENS}`", choices=OPENS),
    Key("duration", "whole", "How long the whole course takes, in whole minutes (lessons, knowledge checks, "
        "scenarios and the assessment). `coursebuilder check` compares it with its own estimate and warns when they "
        "differ by more than a quarter; see [How long it takes](#how-long-it-takes).", low=1, shown="none"),
    Key("toolkit", "text", "A resource page the course's ending links to, for example `resources/whole-toolkit.md` "
        "(path relative to course.yaml). See [The course's ending](#the-courses-ending).", shown="none"),
    Key("theme", "text", "The look of the player: `default`, `ifrc`, or the name of a theme of your own in the "
        "course's `themes/` folder (see [A theme of your own](#a-theme-of-your-own)).", default="default",
        shown="`default`"),
    Key("theme_options", "mapping", "Settings of the theme: `logo` and `logo_alt`. Each is a single value (text).",
        default={}, shown="none"),
    Key("check", "mapping", "Settings for `coursebuilder check`. See [Tuning the checks](#tuning-the-checks-check).",
        default={}, shown="defaults"),
))

FRONT_MATTER = Spec("front matter", (
    Key("title", "text", "The screen's title: its main heading, and its name in the table of contents.", "required"),
    Key("objectives", "texts", "A list of what the learner will be able to do. Shown at the top under \"In this "
        "lesson you will\".", default=(), shown="none"),
    Key("duration", "whole", "Reading time in whole minutes, shown as \"About 5 min\".", low=0, shown="none"),
    Key("split", "choice", "`sections`: the lesson becomes one screen per `##` heading (the text before the first "
        "`##` goes with the first). See [Long lessons](#long-lessons-one-screen-per-section).", shown="none",
        choices=("sections",)),
))

QUIZ = Spec("quiz", (
    Key("id", "id", "Must be the file name without `.yaml`. Lowercase letters, digits, `-`, `_`, `.`.", "required"),
    Key("title", "text", "The quiz's heading (or the screen's title when the quiz has a screen of its own).",
        "required"),
    Key("kind", "choice", "`check` or `assessment` (see below).", default="check", shown="`check`",
        choices=QUIZ_KINDS),
    Key("pass_mark", "whole", "The percentage needed to pass, 0 to 100.", "for assessments", low=0, high=100),
    Key("attempts", "whole", "How many times a learner may take the assessment; `0` means as often as they like.",
        default=0, shown="`0`", low=0),
    Key("shuffle", "bool", "`true` to show the questions, and the options of choice questions, in a different random "
        "order each time.", default=False, shown="`false`"),
    Key("reveal", "choice", "When the learner may see the right answers (the correct option, and feedback that "
        "gives it away): `each-attempt` after every submission, `last-attempt` only once no attempt is left (or the "
        "assessment is passed), `never`. Until then the learner sees which questions were wrong and the lesson to "
        "review. See [Pools, draws and the answer key](#pools-draws-and-the-answer-key).",
        default=None, shown="`last-attempt` for an assessment, `each-attempt` for a check", choices=REVEALS),
    Key("layout", "choice", "`page`: every question on one page; `one-per-screen`: one question at a time "
        "(\"Question 4 of 15\") with a review step before submitting.", default="page", shown="`page`",
        choices=LAYOUTS),
    Key("scoring", "choice", "`all`: a question earns its points only when wholly right; `partial`: matching and "
        "ordering questions earn their points times the share of items placed right.", default="all",
        shown="`all`", choices=SCORINGS),
    Key("draw", "whole", "Show only this many of `questions` in each attempt, drawn afresh each time.", low=1,
        shown="all"),
    Key("questions", "list", "The list of questions.", "unless `pools` is given", default=()),
    Key("pools", "list", "Groups of parallel questions, each `{id, draw, questions}`: each attempt shows `draw` "
        "questions of each pool, after those of `questions`.", default=(), shown="none"),
))
POOL = Spec("pool", (
    Key("id", "id", "A short name, unique in the quiz.", "required"),
    Key("draw", "whole", "How many of its questions each attempt shows.", "required", default=1, low=1),
    Key("questions", "list", "Its questions, written as in `questions` (ids unique across the whole quiz).",
        "required", default=()),
))

QUESTION = Spec("question", (
    Key("id", "id", "A short name, unique in the quiz: `q1`, `first-step`. It appears in the LMS reports, so keep it "
        "when you edit a question.", "required", hint="for example 'q1' or 'first-step'"),
    Key("type", "choice", "`single`, `multiple`, `true-false`, `fill-in`, `matching` or `ordering`.", "required",
        choices=("single", "multiple", "true-false", "fill-in", "matching", "ordering")),
    Key("prompt", "text", "The question.", "required", default=""),
    Key("points", "whole", "What the question is worth: a whole number, 1 or more.", default=1, shown="`1`", low=1),
    Key("feedback", "mapping", "`correct:` and/or `incorrect:`, shown after the learner checks or submits.",
        default={}, shown="none"),
    Key("review", "text", "The lesson to review when the answer is wrong, as a link from the quiz file "
        "(`../lessons/08-talk.md`; `lessons/08-talk.md` from the course folder also works).",
        shown="the lesson that holds the quiz"),
))
_OPTIONS = Key("options", "list", "From 2 to 36 options: each a text, or `text:` with `correct: true` on the right "
               "one(s) and its own `feedback:`.", "required", default=())
QUESTION_TYPES = {  # each type's own keys, after QUESTION's
    "single": Spec("single", (_OPTIONS,)),
    "multiple": Spec("multiple", (_OPTIONS,)),
    "true-false": Spec("true-false", (Key("answer", "bool", "`true` or `false`: the right answer.", "required"),)),
    "fill-in": Spec("fill-in", (Key("answers", "texts", "Every answer you accept (capitals and spaces are ignored).",
                                    "required", default=()),)),
    "matching": Spec("matching", (Key("pairs", "list", "From 2 to 36 pairs `{left: ..., right: ...}`, each as it "
                                      "belongs together.", "required", default=()),)),
    "ordering": Spec("ordering", (Key("items", "texts", "From 2 to 36 items, in the correct order.", "required",
                                      default=()),)),
}
OPTION = Spec("option", (
    Key("text", "text", "What the learner reads.", "required", default=""),
    Key("correct", "bool", "`true` on a right option.", default=False, shown="`false`"),
    Key("feedback", "text", "Shown when the learner picked this option.", shown="none"),
))
PAIR = Spec("pair", (Key("left", "text", "A text to match.", "required"),
                     Key("right", "text", "Its match.", "required")))
FEEDBACK = Spec("feedback", (Key("correct", "text", "Shown on a right answer.", shown="none"),
                             Key("incorrect", "text", "Shown on a wrong answer.", shown="none")))

SCENARIO = Spec("scenario", (
    Key("id", "id", "Must be the file name without `.yaml`. Lowercase letters, digits, `-`, `_`, `.`.", "required"),
    Key("title", "text", "The scenario's heading in the lesson.", "required", default=""),
    Key("start", "id", "The id of the node the scenario starts at.", "required"),
    Key("nodes", "list", "The nodes: each a choice node (`choices`) or an ending (`ending`), in any order.",
        "required", default=()),
))
SCENARIO_NODE = Spec("scenario node", (
    Key("id", "id", "A short name, unique in the scenario, that choices lead to with `goto`.", "required",
        hint="for example 'first-call' or 'she-talks'"),
    Key("text", "text", "Markdown: the situation the learner is in or, in an ending, its debrief. Links and images "
        "are relative to the scenario file.", "required", default=""),
    Key("choices", "list", "What the learner may do: 1 to 36 choices, each `text:`, `goto:` and an optional "
        "`consequence:`. A choice node has them, an ending does not.", "for choice nodes", default=()),
    Key("ending", "text", "Makes the node an ending: its short title (the `text` is the debrief).", "for endings"),
))
SCENARIO_CHOICE = Spec("scenario choice", (
    Key("text", "text", "The button's label (plain text).", "required", default=""),
    Key("goto", "id", "The id of the node this choice leads to.", "required"),
    Key("consequence", "text", "Inline Markdown shown above the next node: what the choice led to.", shown="none"),
))

THEME = Spec("theme.yaml", (
    Key("extends", "text", "A built-in theme or another theme of this course, whose templates, files and options this "
        "one starts from.", shown="none"),
    Key("stylesheets", "texts", "Files in the theme's `static/`, loaded after the parent theme's.", default=(),
        shown="none"),
    Key("options", "mapping", "The `theme_options` this theme reads: each a name and what it is for.", default={},
        shown="none"),
))

CHECK = Spec("check", (
    Key("severity", "mapping", "Per code: `error`, `warning` or `off` (rules and warnings only; see "
        "[check.md](check.md#codes)).", default={}, shown="each code's own"),
    Key("package_size_mb", "decimal", "Warn when lessons, resources and media add up to more (megabytes).", default=50,
        shown="`50`", low=0),
    Key("screen_minutes", "decimal", "Warn when a screen takes longer to read (minutes, at 200 words a minute).",
        default=10, shown="`10`", low=0),
    Key("language", "mapping", "`extra:` more words to flag, each with what to say instead; `allow:` words of the "
        "built-in list this course needs.", default={}, shown="none"),
))
CHECK_LANGUAGE = Spec("check language", (Key("extra", "mapping", "term: suggestion", default={}),
                                         Key("allow", "texts", "terms", default=())))


def table(spec: Spec) -> str:
    """A spec as a Markdown table of docs/authoring.md."""
    rows = ["| key | needed? | what it does | default |", "| --- | --- | --- | --- |"]
    rows += [f"| `{key.name}` | {key.need} | {key.about} | {key.shown} |" for key in spec.keys]
    return "\n".join(rows) + "\n"


def question_types_table() -> str:
    rows = ["| type | key | needed? | what it does |", "| --- | --- | --- | --- |"]
    rows += [f"| `{name}` | `{key.name}` | {key.need} | {key.about} |"
             for name, spec in QUESTION_TYPES.items() for key in spec.keys]
    return "\n".join(rows) + "\n"


DOCS = {"course.yaml": COURSE, "front-matter": FRONT_MATTER, "quiz": QUIZ, "pool": POOL, "question": QUESTION,
        "theme.yaml": THEME, "check": CHECK, "scenario": SCENARIO, "scenario-node": SCENARIO_NODE,
        "scenario-choice": SCENARIO_CHOICE}

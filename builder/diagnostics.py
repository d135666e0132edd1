"""Every diagnostic code a course can get, with its default severity and what it means.

One table for the loader, the theme, the build, translations and the rules of ``check``, so that
``check: severity:`` in course.yaml knows every code, the documentation's list is generated from
it (docs/check.md, ``python -m builder.docs``) and a test fails when code reports a name that is
not here. A code is one thing: the same name never means an error in one place and advice in
another. Errors of the loader, the theme, the build and translations stop a build; a course may
change the severity of a warning or of a rule, never of such an error.

Add a code: one line here (stage, default severity, what it means), then report it with
``reporter.error(code, ...)`` or ``reporter.warning(code, ...)``, or ``@rule(code)`` for a rule.
"""
from __future__ import annotations

from dataclasses import dataclass

SEVERITIES = ("error", "warning", "off")
STAGES = {"load": "loading the course", "theme": "loading its theme", "build": "building",
          "translate": "a translation", "local": "a `--local` file", "rule": "a rule of `check`"}


@dataclass(frozen=True)
class Code:
    stage: str  # who reports it: a key of STAGES
    severity: str  # the default: "error" or "warning"
    about: str  # one line: what is wrong

    @property
    def adjustable(self) -> bool:
        """Whether ``check: severity:`` may change it: a rule or a warning, never an error that stops a build."""
        return self.stage == "rule" or self.severity == "warning"


CODES: dict[str, Code] = {
    # reading files
    "no-course": Code("load", "error", "the folder has no course.yaml"),
    "unreadable": Code("load", "error", "a file cannot be read"),
    "encoding": Code("load", "error", "a file is not UTF-8 text"),
    "control-character": Code("load", "error", "an invisible control character, which XML and HTML forbid, is in a text"),
    "empty": Code("load", "error", "a YAML file is empty"),
    "yaml": Code("load", "error", "a YAML file cannot be read: its syntax, or aliases that repeat without bound"),
    "indentation": Code("load", "error", "a '- ' list item indented more than the one above it, which YAML joins to it"),
    "joined-item": Code("load", "warning", "a list item that goes on over several short lines, which YAML joins into "
                                           "one text (two items meant as one?)"),
    "duplicate-key": Code("load", "error", "a key is given twice in one mapping"),
    # keys and values (builder/specs.py)
    "unknown-key": Code("load", "error", "a key the file does not have (with the nearest one it does)"),
    "missing-key": Code("load", "error", "a required key is missing"),
    "type": Code("load", "error", "a value is not of the kind its key takes (text, a whole number, a list...)"),
    "number": Code("load", "error", "a number is out of the range its key allows"),
    "choice": Code("load", "error", "a value is not one of the words its key allows"),
    "id": Code("load", "error", "an id does not follow the rules for names that become file names and LMS ids"),
    "version": Code("load", "error", "a course version uses characters a file name cannot"),
    "language": Code("load", "error", "a language is not a language tag such as en, fr or pt-BR"),
    "ignored-key": Code("load", "warning", "a key that has no effect where it is (a knowledge check's pass_mark)"),
    # files and links
    "outline": Code("load", "error", "an outline entry is not a lesson in lessons/ or a quiz"),
    "duplicate-screen": Code("load", "error", "a lesson is in the outline twice"),
    "missing-file": Code("load", "error", "a lesson, link, image or logo names a file that does not exist"),
    "link": Code("load", "error", "a link or image that cannot be followed (outside the course, a lesson not in the "
                                  "outline, a scheme other than https, http, mailto or tel...)"),
    "outside": Code("load", "error", "a file leads outside the course folder through a symbolic link"),
    "logo": Code("load", "error", "the theme option logo is not a path inside the course folder"),
    "alt-text": Code("load", "error", "an image, or the logo, has no text alternative"),
    "server-file": Code("load", "error", "a server-side script type (.php, .py, .htaccess...) would go into the package"),
    "front-matter": Code("load", "error", "a lesson does not start with front matter between '---' lines"),
    "not-a-link": Code("load", "error", "text written as a link or image that Markdown does not read as one (a path "
                                        "with spaces or '\\'), so learners would see the brackets"),
    "callout": Code("load", "error", "a ':::' callout that is not closed, or a ':::' line that opens or closes no "
                                     "callout"),
    "all-resources": Code("load", "error", "'::: all-resources' in a lesson: it belongs in a resource page"),
    "lesson-only": Code("load", "error", "'::: quiz' or '::: scenario' in a resource page: they show only in lessons"),
    "too-deep": Code("load", "error", "text nested so deep (quotes, lists, callouts) that it would not be shown"),
    # quizzes
    "quiz-ref": Code("load", "error", "a quiz placed in a lesson or the outline does not exist, or has no id"),
    "quiz-id": Code("load", "error", "a quiz's id is not its file name"),
    "duplicate-quiz": Code("load", "error", "a quiz is shown twice"),
    "duplicate-id": Code("load", "error", "two questions of a quiz, or two nodes of a scenario, have the same id"),
    "no-questions": Code("load", "error", "a quiz or one of its pools has no questions"),
    "draw": Code("load", "error", "a quiz or pool draws more questions than it has"),
    "review": Code("load", "error", "a question's 'review' names no lesson of the outline"),
    "no-correct": Code("load", "error", "a question has no correct answer"),
    "ambiguous": Code("load", "error", "options, pairs or items that learners could not tell apart"),
    "too-few": Code("load", "error", "fewer than 2 options, pairs or items"),
    "too-many": Code("load", "error", "more than 36 options, pairs, items or scenario choices"),
    "answer-length": Code("load", "error", "an accepted fill-in answer is longer than a learner can type"),
    "assessment": Code("load", "error", "the assessment is not a graded quiz shown in the course, or a graded quiz is "
                                        "not the assessment"),
    "completion": Code("load", "error", "'completion: assessment' in a course without an assessment"),
    "assessment-opens": Code("load", "error", "'assessment_opens' set in a course without an assessment"),
    "state-budget": Code("load", "error", "the assessment's answers and the screens seen cannot fit in SCORM 1.2's "
                                          "saved progress"),
    # branching scenarios (docs/authoring.md, "Branching scenarios")
    "scenario-ref": Code("load", "error", "a scenario placed in a lesson does not exist, or its id is not a name"),
    "scenario-id": Code("load", "error", "a scenario's id is not its file name"),
    "duplicate-scenario": Code("load", "error", "a scenario is shown twice"),
    "scenario-goto": Code("load", "error", "a choice's goto, or a scenario's start, names a node the scenario does "
                                           "not have"),
    "scenario-node": Code("load", "error", "a scenario node has both choices and an ending"),
    "scenario-content": Code("load", "error", "a scenario's text places a quiz or a scenario, which it cannot show"),
    # the theme and the build
    "theme": Code("theme", "error", "the theme is unknown, extends itself, or its theme.yaml is wrong"),
    "theme-option": Code("theme", "error", "a theme option the theme does not have, or that is not a single value"),
    "template": Code("theme", "error", "a course theme's template fails, or does what its sandbox refuses"),
    "duplicate-output": Code("build", "error", "two courses of one run would write the same package"),
    # translations (docs/translating.md)
    "po-syntax": Code("translate", "error", "a PO file cannot be read"),
    "no-translation": Code("translate", "error", "the language asked for has no locales/<lang>.po"),
    "translation-link": Code("translate", "error", "a translation lost or changed a link or image target of its source"),
    "translation-markup": Code("translate", "error", "a translation has other emphasis, strong or code spans than its "
                                                     "source"),
    "untranslated": Code("translate", "warning", "a text has no translation: the source text is used"),
    "fuzzy": Code("translate", "warning", "a translation is marked fuzzy: the source text is used"),
    "no-catalogue": Code("translate", "warning", "the player has no strings in the translation's language"),
    # National Society texts (`--local`, builder/local.py)
    "local": Code("local", "error", "a `::: local` block without a valid name, or a `--local` file that cannot be used: "
                                    "unreadable, not YAML, an entry no block uses, an entry without a language being "
                                    "built, a text that names a file"),
    "local-unset": Code("local", "warning", "the `--local` file has no entry for a `::: local` block: its default text "
                                            "is shown"),
    # check settings (course.yaml check:)
    "check-config": Code("load", "error", "a check setting that cannot apply: a severity for an error that stops the "
                                          "build, or a word list entry that is not two texts"),
    # rules (builder/check/)
    "anchor": Code("rule", "warning", "a link's #fragment names no heading in the page it points to"),
    "captions": Code("rule", "error", "audio or video without captions (.vtt beside it) or a transcript"),
    "feedback": Code("rule", "warning", "a choice option without feedback, when its question has none for that case"),
    "heading-order": Code("rule", "warning", "a heading more than one level below the heading before it, as rendered"),
    "long-screen": Code("rule", "warning", "a screen takes longer to read than the course's limit "
                                           "(check: screen_minutes, default 10 at 200 words a minute)"),
    "state-budget-checks": Code("rule", "warning", "with every knowledge-check answer, saved progress could pass "
                                                   "SCORM 1.2's limit, so the player would forget the oldest ones"),
    "package-size": Code("rule", "warning", "lessons, resources and media add up to more than the course's limit "
                                            "(check: package_size_mb, default 50)"),
    "unused": Code("rule", "warning", "a lesson, quiz, media or resource file nothing uses (a server-side script "
                                      "type among them: delete it)"),
    "stigma": Code("rule", "warning", "a word or phrase that stigmatises mental health conditions or suicide"),
    "scenario-unreachable": Code("rule", "warning", "a scenario node that no path from the start reaches"),
    "scenario-dead-end": Code("rule", "error", "a scenario node with neither choices nor an ending: the learner is "
                                               "stuck there"),
    "scenario-no-exit": Code("rule", "error", "a loop of scenario nodes from which no ending can be reached"),
    # item writing (builder/check/items.py, answerkey.py, attempts.py; docs/authoring.md "Writing a fair assessment")
    "few-options": Code("rule", "warning", "a single- or multiple-choice question has fewer than 3 options"),
    "uneven-options": Code("rule", "warning", "a question's longest option is 3 times its shortest and 20 "
                                              "characters longer or more"),
    "all-of-the-above": Code("rule", "warning", "an option 'all of the above' or 'none of the above' (en, fr, es, "
                                                "ar)"),
    "similar-options": Code("rule", "warning", "two options of a question say nearly the same"),
    "answer-in-prompt": Code("rule", "warning", "a prompt contains its own answer: a fill-in's accepted answer, or "
                                                "the correct option's text"),
    "longest-correct": Code("rule", "warning", "the correct option is the longest in most single-choice questions "
                                               "of a quiz, or of the course"),
    "same-correct-count": Code("rule", "warning", "every multiple-answer question of a quiz, or nearly every one of "
                                                  "the course, has the same number of correct options"),
    "feedback-reveals": Code("rule", "warning", "feedback for a wrong answer states the right one, in a quiz whose "
                                                "'reveal' holds the answers back"),
    "small-pool": Code("rule", "warning", "a pool, or a quiz's 'draw', has fewer than twice as many questions as "
                                          "an attempt shows"),
    "duration": Code("rule", "warning", "a lesson's or the course's 'duration' is more than a quarter off the "
                                        "estimate (180 words a minute, 45 s a question)"),
}


def markdown() -> str:
    """The table of codes in docs/check.md."""
    rows = ["| code | reported by | default | a course may change it | what it means |",
            "| --- | --- | --- | --- | --- |"]
    for name, code in sorted(CODES.items(), key=lambda item: (list(STAGES).index(item[1].stage), item[0])):
        rows.append(f"| `{name}` | {STAGES[code.stage]} | {code.severity} | {'yes' if code.adjustable else 'no'} "
                    f"| {code.about} |")
    return "\n".join(rows) + "\n"


def rules_table() -> str:
    """The rules of ``check`` in docs/authoring.md."""
    rows = ["| rule | default | what it looks for |", "| --- | --- | --- |"]
    rows += [f"| `{name}` | {code.severity} | {code.about} |" for name, code in CODES.items() if code.stage == "rule"]
    return "\n".join(rows) + "\n"

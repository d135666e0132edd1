"""quizzes/<id>.yaml → Quiz, with every mistake reported at its line."""
from __future__ import annotations

from pathlib import Path

from .errors import Reporter, SourceRef, did_you_mean
from .fields import ID_RULE, Fields, describe, is_id
from .markdown import inline_links
from .model import FILL_IN_MAX_LENGTH, QUESTION_TYPES, QUIZ_KINDS, Option, Question, Quiz
from .text import read_source
from .yamlsrc import LineDict, LineList, load_yaml

Texts = list  # (inline Markdown text, where it is written): the texts whose links the loader follows

QUIZ_KEYS = ("id", "title", "kind", "pass_mark", "attempts", "shuffle", "questions")
COMMON_KEYS = ("id", "type", "prompt", "points", "feedback")
TYPE_KEYS = {
    "single": ("options",),
    "multiple": ("options",),
    "true-false": ("answer",),
    "fill-in": ("answers",),
    "matching": ("pairs",),
    "ordering": ("items",),
}
MAX_CHOICES = 36  # one base-36 character per choice in responses and suspend_data


def load_quiz(path: Path, quiz_id: str, reporter: Reporter) -> Quiz | None:
    ref = SourceRef(path)
    text = read_source(path, reporter)
    if text is None:
        return None
    data = load_yaml(text, ref, reporter)
    if data is None and text.strip() == "":
        reporter.error("empty", "the quiz file is empty", ref.at(1))
        return None
    if data is None:
        return None
    if not isinstance(data, LineDict):
        reporter.error("type", f"a quiz file must be a mapping of keys (id, title, questions...), not {describe(data)}",
                       ref.at(1))
        return None
    errors_before = len(reporter.errors)
    f = Fields(data, ref, reporter, f"quiz '{quiz_id}'")
    f.reject_unknown(QUIZ_KEYS)
    given_id = f.get("id", str, required=True)
    if given_id is not None and given_id != quiz_id:
        reporter.error("quiz-id", f"quiz id '{given_id}' does not match its file name '{path.name}'", f.at("id"),
                       f"use 'id: {quiz_id}' or rename the file to '{given_id}.yaml'")
    title = f.get("title", str, required=True, default=quiz_id)
    kind = f.get("kind", str, default="check")
    if kind not in QUIZ_KINDS:
        reporter.error("quiz-kind", f"quiz kind '{kind}' is not known", f.at("kind"),
                       did_you_mean(kind, QUIZ_KINDS) or "use 'check' or 'assessment'")
    pass_mark = f.get("pass_mark", int)
    if kind == "assessment" and pass_mark is None and "pass_mark" not in data:
        reporter.error("missing-key", "an assessment needs 'pass_mark' (percent needed to pass)", f.at(),
                       "add 'pass_mark: 80'")
    if pass_mark is not None and not 0 <= pass_mark <= 100:
        reporter.error("pass-mark", f"pass_mark must be between 0 and 100, not {pass_mark}", f.at("pass_mark"))
    if kind == "check" and "pass_mark" in data:
        reporter.warning("pass-mark", "a knowledge check is not graded, so its pass_mark is ignored",
                         f.at("pass_mark"), "remove it, or set 'kind: assessment'")
    attempts = f.get("attempts", int, default=0)
    if attempts is not None and attempts < 0:
        reporter.error("attempts", "attempts must be 0 (unlimited) or more", f.at("attempts"))
    shuffle = f.get("shuffle", bool, default=False)
    texts: Texts = []
    questions = _questions(f, ref, reporter, quiz_id, texts)
    if len(reporter.errors) > errors_before:
        return None
    links = tuple(link for text, at in texts if text for link in inline_links(text, at))
    return Quiz(id=quiz_id, title=title, kind=kind, pass_mark=pass_mark if kind == "assessment" else None,
                attempts=attempts or 0, shuffle=bool(shuffle), questions=questions, ref=ref.at(1), links=links)


def _questions(f: Fields, ref: SourceRef, reporter: Reporter, quiz_id: str, texts: Texts) -> tuple[Question, ...]:
    items = f.get("questions", list, required=True, default=[])
    if isinstance(items, list) and not items and "questions" in f.data:
        reporter.error("no-questions", f"quiz '{quiz_id}' has no questions", f.at("questions"))
    questions, seen = [], {}
    for index, item in enumerate(items):
        line = items.line_of(index) if isinstance(items, LineList) else f.line("questions")
        if not isinstance(item, LineDict):
            reporter.error("type", f"question {index + 1} must be a mapping (id, type, prompt...), not {describe(item)}",
                           ref.at(line))
            continue
        question = _question(item, ref, reporter, index, texts)
        if question is None:
            continue
        if question.id in seen:
            reporter.error("duplicate-id", f"question id '{question.id}' is used twice in quiz '{quiz_id}'",
                           question.ref, f"first used on line {seen[question.id]}")
            continue
        seen[question.id] = question.ref.line
        questions.append(question)
    return tuple(questions)


def _question(data: LineDict, ref: SourceRef, reporter: Reporter, index: int, texts: Texts) -> Question | None:
    errors_before = len(reporter.errors)
    qid = data.get("id")
    where = f"question '{qid[:60]}'" if isinstance(qid, str) else f"question {index + 1}"
    f = Fields(data, ref, reporter, where)
    qid = f.get("id", str, required=True, default=f"q{index + 1}")
    if qid and not is_id(qid):
        reporter.error("id", f"{where}: id '{qid[:60]}' {ID_RULE}", f.at("id"), "for example 'q1' or 'first-step'")
    qtype = f.get("type", str, required=True)
    if qtype is not None and qtype not in QUESTION_TYPES:
        reporter.error("question-type", f"{where}: unknown question type '{qtype}'", f.at("type"),
                       did_you_mean(qtype, QUESTION_TYPES) or "use one of " + ", ".join(QUESTION_TYPES))
        return None
    if qtype is None:
        return None
    f.reject_unknown(COMMON_KEYS + TYPE_KEYS[qtype])
    prompt = f.get("prompt", str, required=True, default="")
    points = f.get("points", int, default=1)
    if points is not None and points < 1:
        reporter.error("points", f"{where}: points must be 1 or more", f.at("points"))
    feedback = f.get("feedback", dict, default={})
    fb = Fields(feedback, ref, reporter, f"{where} feedback") if isinstance(feedback, LineDict) else None
    if fb:
        fb.reject_unknown(("correct", "incorrect"))
    extra = _by_type(qtype, f, ref, reporter, where, texts)
    texts.append((prompt, f.at("prompt")))
    if fb:
        texts += [(fb.data.get(key), fb.at(key)) for key in ("correct", "incorrect") if isinstance(fb.data.get(key), str)]
    if len(reporter.errors) > errors_before:
        return None
    return Question(
        id=qid, type=qtype, prompt=prompt, points=points or 1, ref=ref.at(data.line),
        feedback_correct=fb.get("correct", str) if fb else None,
        feedback_incorrect=fb.get("incorrect", str) if fb else None,
        **extra,
    )


def _by_type(qtype: str, f: Fields, ref: SourceRef, reporter: Reporter, where: str, texts: Texts) -> dict:
    if qtype in ("single", "multiple"):
        return {"options": _options(qtype, f, ref, reporter, where, texts)}
    if qtype == "true-false":
        return {"answer": f.get("answer", bool, required=True)}
    if qtype == "fill-in":
        answers = f.text_list("answers", required=True)
        if "answers" in f.data and not answers and isinstance(f.data.get("answers"), list):
            reporter.error("no-correct", f"{where}: 'answers' lists no accepted answer", f.at("answers"))
        for answer in answers:
            if len(answer) > FILL_IN_MAX_LENGTH:
                reporter.error("answer-length", f"{where}: accepted answer is longer than {FILL_IN_MAX_LENGTH} characters",
                               f.at("answers"), "keep fill-in answers to a word or a short phrase")
        return {"answers": answers}
    if qtype == "matching":
        return {"pairs": _pairs(f, ref, reporter, where, texts)}
    items = f.text_list("items", required=True)
    raw = f.data.get("items")
    texts += [(item, ref.at(raw.line_of(i) if isinstance(raw, LineList) else f.line("items")))
              for i, item in enumerate(items)]
    _check_count(items, f, "items", reporter, where)
    if len(set(items)) != len(items):
        reporter.error("ambiguous", f"{where}: two items have the same text, so the order is ambiguous", f.at("items"))
    return {"items": items}


def _check_count(values, f: Fields, key: str, reporter: Reporter, where: str) -> None:
    if key in f.data and len(values) < 2:
        reporter.error("too-few", f"{where}: '{key}' needs at least 2 entries", f.at(key))
    if len(values) > MAX_CHOICES:
        reporter.error("too-many", f"{where}: '{key}' has more than {MAX_CHOICES} entries", f.at(key))


def _options(qtype: str, f: Fields, ref: SourceRef, reporter: Reporter, where: str, texts: Texts) -> tuple[Option, ...]:
    raw = f.get("options", list, required=True, default=[])
    options = []
    for index, item in enumerate(raw):
        line = raw.line_of(index) if isinstance(raw, LineList) else f.line("options")
        if isinstance(item, str):
            options.append(Option(text=item, correct=False, feedback=None, ref=ref.at(line)))
            texts.append((item, ref.at(line)))
            continue
        if not isinstance(item, LineDict):
            reporter.error("type", f"{where}: option {index + 1} must be a mapping with 'text', not {describe(item)}",
                           ref.at(line))
            continue
        of = Fields(item, ref, reporter, f"{where} option {index + 1}")
        of.reject_unknown(("text", "correct", "feedback"))
        text = of.get("text", str, required=True, default="")
        feedback = of.get("feedback", str)
        options.append(Option(text=text, correct=bool(of.get("correct", bool, default=False)),
                              feedback=feedback, ref=ref.at(item.line)))
        texts += [(text, of.at("text")), (feedback, of.at("feedback"))]
    _check_count(options, f, "options", reporter, where)
    correct = sum(o.correct for o in options)
    if options and correct == 0:
        reporter.error("no-correct", f"{where}: no option is marked 'correct: true'", f.at("options"),
                       "mark the right answer with 'correct: true'")
    if qtype == "single" and correct > 1:
        reporter.error("ambiguous", f"{where}: a single-choice question has {correct} correct options",
                       f.at("options"), "keep one 'correct: true', or use 'type: multiple'")
    texts = [o.text for o in options]
    if len(set(texts)) != len(texts):
        reporter.error("ambiguous", f"{where}: two options have the same text", f.at("options"))
    return tuple(options)


def _pairs(f: Fields, ref: SourceRef, reporter: Reporter, where: str, texts: Texts) -> tuple[tuple[str, str], ...]:
    raw = f.get("pairs", list, required=True, default=[])
    pairs = []
    for index, item in enumerate(raw):
        line = raw.line_of(index) if isinstance(raw, LineList) else f.line("pairs")
        if not isinstance(item, LineDict):
            reporter.error("type", f"{where}: pair {index + 1} must be a mapping with 'left' and 'right'", ref.at(line))
            continue
        pf = Fields(item, ref, reporter, f"{where} pair {index + 1}")
        pf.reject_unknown(("left", "right"))
        left, right = pf.get("left", str, required=True), pf.get("right", str, required=True)
        if left is not None and right is not None:
            pairs.append((left, right))
            texts.append((left, pf.at("left")))
    _check_count(pairs, f, "pairs", reporter, where)
    for side, values in (("left", [p[0] for p in pairs]), ("right", [p[1] for p in pairs])):
        if len(set(values)) != len(values):
            reporter.error("ambiguous", f"{where}: two pairs have the same {side} text, so the match is ambiguous",
                           f.at("pairs"))
    return tuple(pairs)

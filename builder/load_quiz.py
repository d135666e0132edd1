"""quizzes/<id>.yaml → Quiz, with every mistake reported at its line (keys: builder/specs.py)."""
from __future__ import annotations

from pathlib import Path

from .errors import Reporter, SourceRef
from .fields import Fields, describe, read_mapping
from .local import text_blocks
from .markdown import inline_links
from .model import FILL_IN_MAX_LENGTH, Option, Pool, Question, Quiz
from .specs import FEEDBACK, OPTION, PAIR, POOL, QUESTION, QUESTION_TYPES, QUIZ
from .yamlsrc import LineDict, LineList

Texts = list  # (inline Markdown text, where it is written): the texts whose links the loader follows
MAX_CHOICES = 36  # one base-36 character per choice in responses and suspend_data
DEFAULT_REVEAL = {"assessment": "last-attempt", "check": "each-attempt"}  # answers must not leak to a next attempt
Seen = dict  # question id → the line it is first written on, across `questions:` and every pool


def load_quiz(path: Path, quiz_id: str, reporter: Reporter) -> Quiz | None:
    read = read_mapping(path, reporter, "quiz", "id, title, questions...")
    if read is None:
        return None
    _, data = read
    ref = SourceRef(path)
    errors_before = len(reporter.errors)
    f = Fields(data, QUIZ, ref, reporter, f"quiz '{quiz_id}'")
    given_id = f.get("id")
    if given_id is not None and given_id != quiz_id:
        reporter.error("quiz-id", f"quiz id '{given_id}' does not match its file name '{path.name}'", f.at("id"),
                       f"use 'id: {quiz_id}' or rename the file to '{given_id}.yaml'")
    kind = f.get("kind")
    if kind == "assessment" and not f.given("pass_mark") and "pass_mark" not in f.misspelt:
        reporter.error("missing-key", "an assessment needs 'pass_mark' (percent needed to pass)", f.at(),
                       "add 'pass_mark: 80'")
    if kind == "check" and f.given("pass_mark"):
        reporter.warning("ignored-key", "a knowledge check is not graded, so its pass_mark is ignored",
                         f.at("pass_mark"), "remove it, or set 'kind: assessment'")
    texts: Texts = []
    seen: Seen = {}
    if not f.given("questions") and not f.given("pools"):
        reporter.error("missing-key", f"quiz '{quiz_id}': 'questions' is required", f.at(),
                       "add a line 'questions:' with the list of questions (or 'pools:')")
    questions = _questions(f, quiz_id, texts, seen)
    if f.given("questions") and isinstance(f.data["questions"], list) and not f.get("questions"):
        reporter.error("no-questions", f"quiz '{quiz_id}' has no questions", f.at("questions"))
    draw = f.get("draw")
    if draw is not None and draw > len(questions) and len(f.get("questions")) == len(questions):
        reporter.error("draw", f"quiz '{quiz_id}' draws {draw} questions but 'questions' has {len(questions)}",
                       f.at("draw"), f"use 'draw: {len(questions)}' or less, or write more questions")
    pools = _pools(f, quiz_id, texts, seen)
    if f.given("pools") and not f.given("questions") and isinstance(f.data["pools"], list) and not pools:
        reporter.error("no-questions", f"quiz '{quiz_id}' has no questions and no pools", f.at("pools"))
    if len(reporter.errors) > errors_before:
        return None
    links = tuple(link for text, at in texts if text for link in inline_links(text, at))
    local_blocks = tuple(block for text, at in texts for block in text_blocks(text, at, reporter))
    if len(reporter.errors) > errors_before:
        return None
    return Quiz(id=quiz_id, title=f.get("title") or quiz_id, kind=kind,
                pass_mark=f.get("pass_mark") if kind == "assessment" else None, attempts=f.get("attempts"),
                shuffle=f.get("shuffle"), questions=questions + tuple(q for p in pools for q in p.questions),
                ref=ref.at(1), links=links, draw=draw, pools=pools,
                reveal=f.get("reveal") or DEFAULT_REVEAL[kind], layout=f.get("layout"), scoring=f.get("scoring"),
                local_blocks=local_blocks)


def _questions(f: Fields, quiz_id: str, texts: Texts, seen: Seen) -> tuple[Question, ...]:
    items = f.get("questions")
    questions: list[Question] = []
    for index, item in enumerate(items):
        if not isinstance(item, LineDict):
            f.reporter.error("type", f"question {index + 1} must be a mapping (id, type, prompt...), not "
                             f"{describe(item)}", f.ref.at(_line(items, index, f.line("questions"))))
            continue
        question = _question(item, f.ref, f.reporter, index, texts)
        if question is None:
            continue
        if question.id in seen:
            f.reporter.error("duplicate-id", f"question id '{question.id}' is used twice in quiz '{quiz_id}'",
                             question.ref, f"first used on line {seen[question.id]}; ids are unique across the "
                             "whole quiz, pools included")
            continue
        seen[question.id] = question.ref.line
        questions.append(question)
    return tuple(questions)


def _pools(f: Fields, quiz_id: str, texts: Texts, seen: Seen) -> tuple[Pool, ...]:
    raw = f.get("pools")
    pools: list[Pool] = []
    ids: dict[str, int] = {}
    for index, item in enumerate(raw):
        at = f.ref.at(_line(raw, index, f.line("pools")))
        if not isinstance(item, LineDict):
            f.reporter.error("type", f"quiz '{quiz_id}': pool {index + 1} must be a mapping (id, draw, questions), "
                             f"not {describe(item)}", at)
            continue
        pf = Fields(item, POOL, f.ref, f.reporter, f"pool {index + 1}")
        pool_id = pf.get("id")
        if pool_id is not None and pool_id in ids:
            f.reporter.error("duplicate-id", f"pool id '{pool_id}' is used twice in quiz '{quiz_id}'", pf.at("id"),
                             f"first used on line {ids[pool_id]}")
        elif pool_id is not None:
            ids[pool_id] = pf.line("id")
        questions = _questions(pf, quiz_id, texts, seen)
        if pf.given("questions") and isinstance(item["questions"], list) and not pf.get("questions"):
            f.reporter.error("no-questions", f"pool '{pool_id}' has no questions", pf.at("questions"))
        draw = pf.get("draw")
        if pf.given("draw") and draw > len(questions) and len(pf.get("questions")) == len(questions):
            f.reporter.error("draw", f"pool '{pool_id}' draws {draw} questions but has {len(questions)}",
                             pf.at("draw"), f"use 'draw: {len(questions)}' or less, or write more variants")
        pools.append(Pool(id=pool_id or f"pool{index + 1}", draw=draw, questions=questions, ref=at))
    return tuple(pools)


def _question(data: LineDict, ref: SourceRef, reporter: Reporter, index: int, texts: Texts) -> Question | None:
    errors_before = len(reporter.errors)
    qid = data.get("id")
    where = f"question '{qid[:60]}'" if isinstance(qid, str) else f"question {index + 1}"
    known = isinstance(data.get("type"), str) and data["type"] in QUESTION_TYPES
    spec = QUESTION + QUESTION_TYPES[data["type"]] if known else QUESTION
    f = Fields(data, spec, ref, reporter, where, unknown=known)  # an unknown type's keys cannot be told from typos
    qtype = f.get("type")
    if not known:
        return None
    qid = f.get("id") or f"q{index + 1}"
    feedback = f.get("feedback")
    fb = Fields(feedback, FEEDBACK, ref, reporter, f"{where} feedback") if isinstance(feedback, LineDict) else None
    extra = _by_type(qtype, f, where, texts)
    texts.append((f.get("prompt"), f.at("prompt")))
    if fb:
        texts += [(fb.get(key), fb.at(key)) for key in ("correct", "incorrect") if fb.given(key)]
    if len(reporter.errors) > errors_before:
        return None
    return Question(id=qid, type=qtype, prompt=f.get("prompt"), points=f.get("points"), ref=ref.at(data.line),
                    feedback_correct=fb.get("correct") if fb else None,
                    feedback_incorrect=fb.get("incorrect") if fb else None, review=f.get("review"),
                    review_ref=f.at("review") if f.given("review") else None, **extra)


def _by_type(qtype: str, f: Fields, where: str, texts: Texts) -> dict:
    reporter = f.reporter
    if qtype in ("single", "multiple"):
        return {"options": _options(qtype, f, where, texts)}
    if qtype == "true-false":
        return {"answer": f.get("answer")}
    if qtype == "fill-in":
        answers = f.get("answers")
        if f.given("answers") and isinstance(f.data["answers"], list) and not answers:
            reporter.error("no-correct", f"{where}: 'answers' lists no accepted answer", f.at("answers"))
        for answer in answers:
            if len(answer) > FILL_IN_MAX_LENGTH:
                reporter.error("answer-length", f"{where}: accepted answer is longer than {FILL_IN_MAX_LENGTH} "
                               "characters", f.at("answers"), "keep fill-in answers to a word or a short phrase")
        return {"answers": answers}
    if qtype == "matching":
        return {"pairs": _pairs(f, where, texts)}
    items = f.get("items")
    raw = f.data.get("items")
    texts += [(item, f.ref.at(_line(raw, i, f.line("items")))) for i, item in enumerate(items)]
    _check_count(items, f, "items", where)
    if len(set(items)) != len(items):
        reporter.error("ambiguous", f"{where}: two items have the same text, so the order is ambiguous", f.at("items"))
    return {"items": items}


def _check_count(values, f: Fields, key: str, where: str) -> None:
    if f.given(key) and len(values) < 2:
        f.reporter.error("too-few", f"{where}: '{key}' needs at least 2 entries", f.at(key))
    if len(values) > MAX_CHOICES:
        f.reporter.error("too-many", f"{where}: '{key}' has more than {MAX_CHOICES} entries", f.at(key))


def _options(qtype: str, f: Fields, where: str, texts: Texts) -> tuple[Option, ...]:
    raw = f.get("options")
    options = []
    for index, item in enumerate(raw):
        at = f.ref.at(_line(raw, index, f.line("options")))
        if isinstance(item, str):
            options.append(Option(text=item, correct=False, feedback=None, ref=at))
            texts.append((item, at))
            continue
        if not isinstance(item, LineDict):
            f.reporter.error("type", f"{where}: option {index + 1} must be a mapping with 'text', not "
                             f"{describe(item)}", at)
            continue
        of = Fields(item, OPTION, f.ref, f.reporter, f"{where} option {index + 1}")
        options.append(Option(text=of.get("text"), correct=of.get("correct"), feedback=of.get("feedback"),
                              ref=f.ref.at(item.line)))
        texts += [(of.get("text"), of.at("text")), (of.get("feedback"), of.at("feedback"))]
    _check_count(options, f, "options", where)
    correct = sum(o.correct for o in options)
    if options and correct == 0:
        f.reporter.error("no-correct", f"{where}: no option is marked 'correct: true'", f.at("options"),
                         "mark the right answer with 'correct: true'")
    if qtype == "single" and correct > 1:
        f.reporter.error("ambiguous", f"{where}: a single-choice question has {correct} correct options",
                         f.at("options"), "keep one 'correct: true', or use 'type: multiple'")
    shown = [o.text for o in options]
    if len(set(shown)) != len(shown):
        f.reporter.error("ambiguous", f"{where}: two options have the same text", f.at("options"))
    return tuple(options)


def _pairs(f: Fields, where: str, texts: Texts) -> tuple[tuple[str, str], ...]:
    raw = f.get("pairs")
    pairs = []
    for index, item in enumerate(raw):
        if not isinstance(item, LineDict):
            f.reporter.error("type", f"{where}: pair {index + 1} must be a mapping with 'left' and 'right'",
                             f.ref.at(_line(raw, index, f.line("pairs"))))
            continue
        pf = Fields(item, PAIR, f.ref, f.reporter, f"{where} pair {index + 1}")
        left, right = pf.get("left"), pf.get("right")
        if left is not None and right is not None:
            pairs.append((left, right))
            texts.append((left, pf.at("left")))
    _check_count(pairs, f, "pairs", where)
    for side, values in (("left", [p[0] for p in pairs]), ("right", [p[1] for p in pairs])):
        if len(set(values)) != len(values):
            f.reporter.error("ambiguous", f"{where}: two pairs have the same {side} text, so the match is ambiguous",
                             f.at("pairs"))
    return tuple(pairs)


def _line(value, index: int, default: int) -> int:
    return value.line_of(index) if isinstance(value, LineList) else default

"""The item map: what each interaction id in an LMS report stands for.

LMS reports show an assessment answer as ``final-assessment.q7`` with a response such as
``a,c`` (SCORM 1.2) or ``a[,]c`` (2004). The item map, written beside the zips as CSV (for
spreadsheets and scripts) and HTML (to read), gives for each id the question, every option
behind its letter, the correct response exactly as the package sends it in both versions, the
points and the lesson to review. Only graded quizzes are in it: they alone become interactions
(see docs/tracking.md). Same course, same bytes: no dates, fixed order.
"""
from __future__ import annotations

import csv
import html
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass

from ..catalogue import catalogue, direction
from ..local import expand_text
from ..markdown import make_md
from ..model import Course, Question, Quiz
from ..model import CHOICE_KEYS

SCORM_TYPES = {"single": "choice", "multiple": "choice", "true-false": "true-false", "fill-in": "fill-in",
               "matching": "matching", "ordering": "sequencing"}
FILL_IN_PATTERNS = 10  # the player sends the first 10 accepted answers (SCORM's smallest permitted count)
COLUMNS = ("interaction_id", "quiz", "number", "question", "type", "question_type", "options",
           "correct_response_scorm12", "correct_response_scorm2004", "correct_answer", "points", "review")


@dataclass(frozen=True)
class Item:
    """One row of the map. Multi-valued cells (options, several accepted answers) are lists."""

    interaction_id: str
    quiz: str
    number: int
    question: str
    type: str
    question_type: str
    options: tuple[str, ...]
    correct_12: tuple[str, ...]
    correct_2004: tuple[str, ...]
    correct_answer: tuple[str, ...]
    points: int
    review: str


def items(course: Course) -> list[Item]:
    """Every question whose answers the package records, in course order."""
    placed = _placements(course)
    words = catalogue(course.language)
    rows = []
    for quiz in course.quizzes.values():
        if not quiz.graded:
            continue
        for number, question in enumerate(quiz.questions, 1):
            rows.append(_item(quiz, question, number, placed.get(quiz.id, ""), words, course.local))
    return rows


def by_letter(item: Item) -> dict[str, str]:
    """The options cell as {"a": "text"}; matching keys are "item a" and "match a"."""
    return dict(option.split(": ", 1) for option in item.options if ": " in option)


def in_words(item: Item, response: str, family: str) -> str:
    """A learner response from an LMS report, read through the map: "b: Reply that ..." (family "1.2" or "2004")."""
    options = by_letter(item)
    comma, dot = (",", ".") if family == "1.2" else ("[,]", "[.]")
    if item.type == "fill-in" or not response:
        return response
    if item.type == "true-false":
        key = {"true": "t", "false": "f"}.get(response, response)
        return options.get(key, f"{response}?")
    if item.type == "matching":
        pairs = [pair.split(dot, 1) for pair in response.split(comma)]
        return "; ".join(f"{options.get('item ' + p[0], p[0] + '?')} → "
                         f"{options.get('match ' + p[-1], p[-1] + '?')}" for p in pairs)
    return "; ".join(f"{key}: {options.get(key, '?')}" for key in response.split(comma))


def item_map_files(course: Course, stem: str) -> dict[str, bytes]:
    """``{stem}.csv`` and ``{stem}.html``; nothing for a course without an assessment (no interactions)."""
    rows = items(course)
    if not rows:
        return {}
    return {f"{stem}.csv": to_csv(rows), f"{stem}.html": to_html(course, rows)}


def _placements(course: Course) -> dict[str, str]:
    """Quiz id → the lesson it is placed in ("title (screen n)"); a quiz on a screen of its own has none."""
    found: dict[str, str] = {}
    for screen in course.screens:
        if screen.lesson is None:
            continue
        for quiz_id, _ref in screen.lesson.quiz_ids:
            found.setdefault(quiz_id, f"{screen.title} (screen {screen.number})")
    return found


def _item(quiz: Quiz, q: Question, number: int, review: str, words: dict, local: Mapping[str, str] | None = None) -> Item:
    def shown(text: str) -> str:  # as the learner read it: a `::: local` block's text swapped in
        return plain(expand_text(text, local or {}))

    options: list[str] = []
    if q.type in ("single", "multiple"):
        options = [f"{CHOICE_KEYS[i]}: {shown(o.text)}" for i, o in enumerate(q.options)]
        keys = "".join(CHOICE_KEYS[i] for i, o in enumerate(q.options) if o.correct)
        c12, c2004 = [",".join(keys)], ["[,]".join(keys)]
        answer = [f"{CHOICE_KEYS[i]}: {shown(o.text)}" for i, o in enumerate(q.options) if o.correct]
    elif q.type == "true-false":
        options = [f"t: {words['answer_true']}", f"f: {words['answer_false']}"]
        c12, c2004 = ["t" if q.answer else "f"], ["true" if q.answer else "false"]
        answer = [words["answer_true"] if q.answer else words["answer_false"]]
    elif q.type == "fill-in":
        accepted = q.answers[:FILL_IN_PATTERNS]
        c12 = list(accepted)
        c2004 = ["{case_matters=false}" + _clean2004(a) for a in accepted]
        answer = list(q.answers)
    elif q.type == "matching":
        keys = CHOICE_KEYS[: len(q.pairs)]
        options = ([f"item {k}: {shown(left)}" for k, (left, _) in zip(keys, q.pairs)]
                   + [f"match {k}: {shown(right)}" for k, (_, right) in zip(keys, q.pairs)])
        c12, c2004 = [",".join(f"{k}.{k}" for k in keys)], ["[,]".join(f"{k}[.]{k}" for k in keys)]
        answer = [f"{shown(left)} → {shown(right)}" for left, right in q.pairs]
    else:  # ordering: the author lists the items in their correct order
        keys = CHOICE_KEYS[: len(q.items)]
        options = [f"{k}: {shown(item)}" for k, item in zip(keys, q.items)]
        c12, c2004 = [",".join(keys)], ["[,]".join(keys)]
        answer = [f"{n}. {shown(item)}" for n, item in enumerate(q.items, 1)]
    return Item(interaction_id=f"{quiz.id}.{q.id}", quiz=quiz.title, number=number, question=shown(q.prompt),
                type=SCORM_TYPES[q.type], question_type=q.type, options=tuple(options), correct_12=tuple(c12),
                correct_2004=tuple(c2004), correct_answer=tuple(answer), points=q.points, review=review)


def _clean2004(text: str) -> str:
    """As the player sends fill-in text in 2004: the delimiters [,] and [.] would split it."""
    return text.replace("[,]", " ").replace("[.]", " ")


def plain(text: str) -> str:
    """Inline Markdown as the words a learner reads (emphasis, code and link syntax dropped)."""
    if not any(c in text for c in "\\`*_[]!<&"):
        return " ".join(text.split())
    parts = []
    for token in make_md().parseInline(text, {}):
        for child in token.children or ():
            if child.type in ("text", "code_inline", "image"):  # an image's content is its alt text
                parts.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                parts.append(" ")
    return " ".join("".join(parts).split())


def _cells(item: Item) -> list[str]:
    return [item.interaction_id, item.quiz, str(item.number), item.question, item.type, item.question_type,
            "\n".join(item.options), "\n".join(item.correct_12), "\n".join(item.correct_2004),
            "\n".join(item.correct_answer), str(item.points), item.review]


def _type_label(item: Item) -> str:
    return item.type if item.type == item.question_type else f"{item.type} ({item.question_type})"


FORMULA = re.compile(r"^[=+\-@\t\r]")
NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def _inert(cell: str) -> str:
    """A course's text must never become a spreadsheet formula: a cell that would start one gets a
    leading apostrophe (plain numbers such as -5 stay numbers)."""
    return "'" + cell if FORMULA.match(cell) and not NUMBER.match(cell) else cell


def _as_written(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and FORMULA.match(cell[1:]) else cell


def to_csv(rows: list[Item]) -> bytes:
    """RFC 4180 CSV in UTF-8 with a byte-order mark, so spreadsheet programs read accents and Arabic
    right. Cells with several values (options, accepted answers) hold one value per line."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for item in rows:
        writer.writerow([_inert(cell) for cell in _cells(item)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def from_csv(data: bytes) -> list[Item]:
    """The rows of a map written by to_csv (verify answers an assessment with it); ValueError if it is not one."""
    reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    if tuple(reader.fieldnames or ()) != COLUMNS:
        raise ValueError("not an item map: its columns are not " + ", ".join(COLUMNS))

    def many(cell: str) -> tuple[str, ...]:
        return tuple(cell.split("\n")) if cell else ()

    rows = [{key: _as_written(value) for key, value in row.items()} for row in reader]
    return [Item(interaction_id=row["interaction_id"], quiz=row["quiz"], number=int(row["number"]),
                 question=row["question"], type=row["type"], question_type=row["question_type"],
                 options=many(row["options"]), correct_12=many(row["correct_response_scorm12"]),
                 correct_2004=many(row["correct_response_scorm2004"]), correct_answer=many(row["correct_answer"]),
                 points=int(row["points"]), review=row["review"]) for row in rows]


_CSS = """
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:#1a1a1a;margin:0 auto;
padding:1.5rem;max-width:110rem}
h1{font-size:1.5rem;margin:0 0 .5rem}h2{font-size:1.2rem;margin:1.5rem 0 .5rem}
.legend{max-width:60rem}.legend code,td code{background:#f2f2f2;padding:0 .2em;border-radius:3px}
.wrap{overflow-x:auto}table{border-collapse:collapse;width:100%;min-width:48rem}
caption{text-align:start;font-weight:600;padding:.5rem 0}
th,td{border:1px solid #8a8a8a;padding:.4rem .5rem;vertical-align:top;text-align:start}
thead th{background:#e8e8e8}tbody th{font-weight:600;overflow-wrap:anywhere}
tbody tr:nth-child(even){background:#f7f7f7}ul{margin:0;padding-inline-start:1.1rem}
.c-id{width:13%}.c-q{width:32%}.c-o{width:33%}.c-a{width:22%}
.sub{display:block;font-weight:400;white-space:normal;font-size:.9em}
dl{display:grid;grid-template-columns:auto 1fr;gap:.1rem .6rem;margin:.5rem 0 0;font-size:.9em}
dt{font-weight:600;white-space:nowrap}dd{margin:0}.none{color:#555}
@media print{body{padding:0;font-size:11px}.wrap{overflow:visible}tr{break-inside:avoid}}
"""


def to_html(course: Course, rows: list[Item]) -> bytes:
    """A readable page for admins: one table row per interaction id, course texts marked with their
    language so screen readers pronounce them right."""
    lang, rtl = course.language, direction(course.language) == "rtl"
    text_attrs = f' lang="{html.escape(lang)}"' + (' dir="rtl"' if rtl else "") if lang != "en" else ""

    def text(value: str) -> str:
        return f"<span{text_attrs}>{html.escape(value)}</span>" if text_attrs else html.escape(value)

    def listed(values: tuple[str, ...], code: bool = False) -> str:
        if not values:
            return '<span class="none">none</span>'
        shown = [f"<code>{html.escape(v)}</code>" if code else text(v) for v in values]
        return shown[0] if len(shown) == 1 else "<ul>" + "".join(f"<li>{v}</li>" for v in shown) + "</ul>"

    title = f"Item map: {course.title} {course.version}"
    body = []
    for item in rows:
        review = text(item.review) if item.review else '<span class="none">none</span>'
        body.append(
            "<tr>"
            f'<th scope="row"><code>{html.escape(item.interaction_id)}</code>'
            f'<span class="sub">{text(item.quiz)}, question {item.number}</span></th>'
            f"<td>{text(item.question)}<dl>"
            f"<dt>Type</dt><dd>{html.escape(_type_label(item))}</dd>"
            f"<dt>Points</dt><dd>{item.points}</dd><dt>Lesson to review</dt><dd>{review}</dd></dl></td>"
            f"<td>{listed(item.options)}</td>"
            f"<td>{listed(item.correct_answer)}<dl>"
            f"<dt>SCORM 1.2</dt><dd>{listed(item.correct_12, code=True)}</dd>"
            f"<dt>SCORM 2004</dt><dd>{listed(item.correct_2004, code=True)}</dd></dl></td>"
            "</tr>")
    page = f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<style>{_CSS}</style>
</head>
<body>
<main>
<h1>Item map: {text(course.title)} {html.escape(course.version)}</h1>
<div class="legend">
<p>Each row is one <strong>interaction id</strong> as LMS reports show it (Moodle: SCORM activity, Reports,
Interactions report; Cornerstone: SCORM interaction reporting). A learner's response uses the letters in
the options column:</p>
<ul>
<li>choice: the chosen letters, <code>a,c</code> in SCORM 1.2 and <code>a[,]c</code> in SCORM 2004;</li>
<li>true-false: <code>t</code> or <code>f</code> in SCORM 1.2, <code>true</code> or <code>false</code> in SCORM 2004;</li>
<li>fill-in: the text the learner typed (any accepted answer counts, whatever its capitals);</li>
<li>matching: item and match letters, <code>a.b,b.a</code> (1.2) or <code>a[.]b[,]b[.]a</code> (2004):
item a was matched with match b;</li>
<li>sequencing: the item letters in the order the learner put them, <code>c,a,b</code> (1.2) or
<code>c[,]a[,]b</code> (2004).</li>
</ul>
<p>Letters follow the order the author wrote the options in, whatever order a learner saw them in.
Each assessment attempt adds one interaction per question.</p>
</div>
<div class="wrap" role="region" aria-labelledby="map-caption" tabindex="0">
<table>
<caption id="map-caption">{len(rows)} questions recorded as interactions</caption>
<thead><tr><th scope="col" class="c-id">Interaction id</th><th scope="col" class="c-q">Question</th>
<th scope="col" class="c-o">Options by letter</th><th scope="col" class="c-a">Correct answer and response</th></tr></thead>
<tbody>
{chr(10).join(body)}
</tbody>
</table>
</div>
</main>
</body>
</html>
"""
    return page.encode("utf-8")

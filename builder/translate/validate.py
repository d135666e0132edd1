"""Is a translation safe to put in the course? Compared with its source, unit by unit.

Units keep their inline Markdown (no placeholders): translators see and move `[text](target)`,
`*emphasis*`, `**strong**` and `` `code` `` as they would in the lesson. On import both texts
are parsed with the course's own Markdown parser and must have the same link and image targets
(in any order: languages order words differently), and as many emphasis, strong and code spans.
A damaged link (`[texte](../resources/plan.md` without its bracket) parses as plain text, so
it shows up as a missing target rather than as broken syntax in the page.
"""
from __future__ import annotations

from collections import Counter

from ..errors import Reporter, SourceRef
from ..markdown import GLYPHS, box_mark
from ..model import FILL_IN_MAX_LENGTH
from ..text import INVALID, describe_char
from .units import Unit, parse_inline

SPANS = (("em_open", "*emphasis*"), ("strong_open", "**strong**"), ("code_inline", "`code`"))


def _shape(text: str) -> tuple[Counter, Counter, Counter]:
    links: Counter[str] = Counter()
    images: Counter[str] = Counter()
    spans: Counter[str] = Counter()

    def visit(tokens):
        for token in tokens:
            if token.type == "link_open":
                links[token.attrGet("href") or ""] += 1
            elif token.type == "image":
                images[token.attrGet("src") or ""] += 1
                visit(token.children or ())
            else:
                spans[token.type] += 1

    visit(parse_inline(text))
    return links, images, spans


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def check(unit: Unit, translation: str, reporter: Reporter, at: SourceRef) -> None:
    """Report each way ``translation`` does not fit ``unit`` (at its PO entry)."""
    def wrong(code: str, message: str, hint: str) -> None:
        reporter.error(code, f"{unit.context}: {message}", at, hint)

    invalid = INVALID.search(translation)
    if invalid:
        wrong("control-character", f"control character {describe_char(invalid.group(0))} is not allowed in text",
              "delete it, or the escape sequence (such as \\b or \\f) that writes it")
    if unit.context.endswith(".answers"):
        for variant in translation.split("\n"):
            if len(variant.strip()) > FILL_IN_MAX_LENGTH:
                wrong("answer-length", f"accepted answer '{variant.strip()[:40]}…' is longer than "
                      f"{FILL_IN_MAX_LENGTH} characters, the most a learner can type",
                      "keep fill-in answers to a word or a short phrase")
        return
    if not unit.markdown:
        return
    if unit.source.startswith(GLYPHS) and box_mark(translation) is None:
        wrong("translation-markup", "the source starts with a box (a checklist item); the translation does not",
              f"start it with the box, as the source does: '{unit.source[0]}'")
    src_links, src_images, src_spans = _shape(unit.source)
    tr_links, tr_images, tr_spans = _shape(translation)
    for kind, src, tr in (("link", src_links, tr_links), ("image", src_images, tr_images)):
        for target in sorted((src - tr).elements()):
            wrong("translation-link", f"{kind} target '{target}' of the source is missing from the translation",
                  f"keep '[...]({target})' with the target unchanged; translate only the text in brackets")
        for target in sorted((tr - src).elements()):
            wrong("translation-link", f"{kind} target '{target}' is not in the source",
                  "link targets must stay as in the source")
    for token_type, shown in SPANS:
        if src_spans[token_type] != tr_spans[token_type]:
            wrong("translation-markup", f"the source has {_plural(src_spans[token_type], shown)}, the translation "
                  f"{tr_spans[token_type]}", "keep the Markdown marks around the translated words")

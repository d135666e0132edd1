"""Words matter: stigma stops people asking for help. A built-in list per language
(stigma_<lang>.yaml, English first) plus each course's own additions and exceptions."""
from __future__ import annotations

import functools
import re
from importlib import resources


from ..catalogue import primary
from ..errors import SourceRef, did_you_mean
from ..yamlsrc import load_plain
from .context import Context, Text, markdown_texts, read_yaml, yaml_texts
from .registry import Finding, rule


@functools.cache
def builtin_terms(language: str) -> dict[str, str]:
    """term → suggestion for a language tag ('en', 'en-GB'...); empty when we have no list."""
    path = resources.files("builder.check") / f"stigma_{primary(language)}.yaml"
    if not path.is_file():
        return {}
    data = load_plain(path.read_text(encoding="utf-8")) or {}
    return {str(k).lower(): str(v) for k, v in data.items()}


def compile_terms(terms: dict[str, str]) -> re.Pattern | None:
    """One pattern for all terms: whole words, any case, any run of spaces between words,
    longest first so a phrase wins over a word inside it."""
    if not terms:
        return None
    alternatives = [r"\s+".join(re.escape(w) for w in term.split()) for term in sorted(terms, key=len, reverse=True)]
    return re.compile(r"(?<![\w-])(?:" + "|".join(alternatives) + r")(?![\w-])", re.IGNORECASE)


def _key(found: str) -> str:
    return " ".join(found.lower().split())


def course_texts(ctx: Context):
    """Every piece of learner-facing text in the course, with its line."""
    course_yaml = ctx.course_yaml
    ref = SourceRef(ctx.root / "course.yaml")
    if course_yaml is not None and hasattr(course_yaml, "line_of"):
        for key in ("title", "description"):
            if isinstance(course_yaml.get(key), str):
                yield Text(course_yaml[key], ref.at(course_yaml.line_of(key)))
    for doc in ctx.documents():
        yield from markdown_texts(doc)
    for quiz_id in ctx.course.quizzes:
        path = ctx.root / "quizzes" / f"{quiz_id}.yaml"
        yield from yaml_texts(read_yaml(path), SourceRef(path))


@rule("stigma", "warning")
def stigmatising_language(ctx: Context):
    """A word or phrase that stigmatises mental health conditions or suicide."""
    builtin = builtin_terms(ctx.course.language)
    terms = dict(builtin)
    extra = {t.lower() for t in ctx.settings.extra_terms}
    for term, where in ctx.settings.allowed_terms:
        if terms.pop(term.lower(), None) is None and term.lower() not in extra:
            yield Finding(f"'{term}' is allowed in course.yaml but is not on the list of flagged words", where,
                          did_you_mean(term.lower(), builtin) or "remove it from check: language: allow")
    terms.update({k.lower(): v for k, v in ctx.settings.extra_terms.items()})
    allowed = {t.lower() for t, _ in ctx.settings.allowed_terms}
    terms = {k: v for k, v in terms.items() if k not in allowed}
    pattern = compile_terms(terms)
    if pattern is None:
        return
    for text, ref in course_texts(ctx):
        for match in pattern.finditer(text):
            found = match.group(0)
            line = ref.line + text.count("\n", 0, match.start()) if ref.line is not None else None
            at = ctx.column(ref.at(line), found) if line is not None else ref
            yield Finding(f"'{' '.join(found.split())}' can stigmatise", at,
                          f"instead, say: {terms[_key(found)]}")

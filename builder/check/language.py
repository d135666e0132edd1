"""Words matter: stigma stops people asking for help. The built-in list of the course's language
(builder/stigma) plus each course's own additions and exceptions."""
from __future__ import annotations

from ..errors import SourceRef, did_you_mean
from ..stigma import Matcher, builtin_terms
from .context import Context, Text, inline_text, markdown_texts, read_yaml, yaml_texts
from .registry import Finding, rule


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
    for scenario in ctx.course.scenarios.values():
        path = ctx.root / "scenarios" / f"{scenario.id}.yaml"
        ref = SourceRef(path)
        # Node texts are Markdown, read through their tokens (their lines are the file's); the rest,
        # titles, choices, consequences and endings, as the YAML says them.
        yield from yaml_texts(read_yaml(path), ref, skip=("id", "start", "goto", "text"))
        for node in scenario.nodes:
            for token in node.tokens:
                if token.type == "inline" and token.map:
                    yield Text(inline_text(token), ref.at(token.map[0] + 1))


@rule("stigma")
def stigmatising_language(ctx: Context):
    """The built-in list, less what the course allows, plus its own words, in every text."""
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
    matcher = Matcher(terms)
    for text, ref in course_texts(ctx):
        for start, found, suggestion in matcher.find(text):
            line = ref.line + text.count("\n", 0, start) if ref.line is not None else None
            at = ctx.column(ref.at(line), found) if line is not None else ref
            yield Finding(f"'{found}' can stigmatise", at, f"instead, say: {suggestion}")

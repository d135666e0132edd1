"""Words that stigmatise mental health conditions or suicide, and how to find them in a text.

One list per language (``<lang>.yaml`` here, English first), matched as whole words in any case,
with any run of spaces between the words of a phrase. ``check``'s rule (builder/check/language.py)
and a translation's check (builder/translate) both match through here.
"""
from __future__ import annotations

import functools
import re
from importlib import resources

from ..catalogue import primary
from ..yamlsrc import load_plain


@functools.cache
def builtin_terms(language: str) -> dict[str, str]:
    """term → suggestion for a language tag ('en', 'en-GB'...); empty when we have no list."""
    path = resources.files(__name__) / f"{primary(language)}.yaml"
    if not path.is_file():
        return {}
    data = load_plain(path.read_text(encoding="utf-8")) or {}
    return {str(k).lower(): str(v) for k, v in data.items()}


class Matcher:
    """Finds the terms of one list; longer phrases win over the words inside them."""

    def __init__(self, terms: dict[str, str]):
        self.terms = {" ".join(term.lower().split()): suggestion for term, suggestion in terms.items()}
        words = [r"\s+".join(re.escape(w) for w in term.split()) for term in sorted(self.terms, key=len, reverse=True)]
        self.pattern = re.compile(r"(?<![\w-])(?:" + "|".join(words) + r")(?![\w-])", re.IGNORECASE) if words else None

    def find(self, text: str):
        """(start offset, the words as written on one line, what to say instead) for each match."""
        for match in self.pattern.finditer(text) if self.pattern else ():
            found = " ".join(match.group(0).split())
            yield match.start(), found, self.terms[found.lower()]

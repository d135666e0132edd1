"""How the item-writing rules read an option or a prompt: as the learner sees it (Markdown marks
and link targets gone), compared without case, accents, vowel marks or punctuation."""
from __future__ import annotations

import re
import unicodedata

_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARKS = re.compile(r"[*_`~]+")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")

# "All/none of the above" in the languages the player ships, written as `normal()` leaves them
# (lower case, no accents or Arabic vowel marks, hamza forms as bare alef, no punctuation).
ABOVE = {
    "en": ("all of the above", "none of the above", "all the above", "all of these", "none of these",
           "both of the above", "neither of the above"),
    "fr": ("toutes les reponses ci dessus", "aucune des reponses ci dessus", "toutes les reponses precedentes",
           "aucune des reponses precedentes", "tout ce qui precede", "aucune de ces reponses",
           "toutes ces reponses"),
    "es": ("todas las anteriores", "ninguna de las anteriores", "todas las respuestas anteriores",
           "ninguna de las respuestas anteriores", "todo lo anterior", "nada de lo anterior"),
    "ar": ("كل ما سبق", "جميع ما سبق", "لا شيء مما سبق", "جميع الاجابات السابقة", "كل الاجابات السابقة",
           "لا شيء مما ذكر"),
}
_ABOVE = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(p) for phrases in ABOVE.values() for p in phrases)
                    + r")(?!\w)")


def shown(text: str) -> str:
    """The text as a learner reads it: link and image syntax reduced to their words, no emphasis marks."""
    return " ".join(_MARKS.sub("", _LINK.sub(r"\1", text)).split())


def normal(text: str) -> str:
    """For comparing: lower case, no accents or vowel marks, punctuation as spaces, one space between words."""
    decomposed = unicodedata.normalize("NFKD", shown(text).casefold())
    kept = "".join(" " if unicodedata.category(c)[0] in "PS" else c for c in decomposed
                   if unicodedata.category(c) != "Mn" and c != "\u0640")  # U+0640: Arabic tatweel
    return " ".join(kept.split())


def above_phrase(text: str) -> str | None:
    """The "all of the above" kind of phrase in an option, as written (normalised), if any."""
    match = _ABOVE.search(normal(text))
    return match.group(0) if match else None


def contains(haystack: str, needle: str) -> bool:
    """Whether ``needle`` is in ``haystack`` as whole words, both normalised (an empty needle never is)."""
    needle, haystack = normal(needle), normal(haystack)
    return bool(needle) and re.search(r"(?<!\w)" + re.escape(needle) + r"(?!\w)", haystack) is not None


def numbers(text: str) -> list[str]:
    return sorted(_NUMBER.findall(text))

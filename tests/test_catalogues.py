"""Player strings: every language has every key, with the same placeholders, and every key is used."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from builder.catalogue import _read, available, catalogue, direction

ROOT = Path(__file__).resolve().parents[1]
PLACEHOLDER = re.compile(r"\{\w+\}")


def test_the_four_movement_languages_are_there():
    assert {"en", "fr", "es", "ar"} <= set(available())


@pytest.mark.parametrize("language", ["fr", "es", "ar"])
def test_same_keys_and_placeholders_as_english(language):
    english, other = _read("en"), _read(language)
    assert list(other) == list(english)
    for key, text in english.items():
        assert set(PLACEHOLDER.findall(other[key])) == set(PLACEHOLDER.findall(text)), key


def test_every_key_is_used_by_the_player_or_the_templates():
    from builder.completion import RULES, runtime_table
    from builder.markdown import CALLOUT_KINDS
    sources = "".join(p.read_text() for p in (ROOT / "themes").rglob("*") if p.suffix in (".j2", ".js"))
    sources += "".join(p.read_text() for p in (ROOT / "builder").glob("render*.py"))
    sources += (ROOT / "builder" / "package" / "manifest.py").read_text()
    used_by_name = {"callout_" + kind for kind in CALLOUT_KINDS} | {f"admin_rule_{rule}" for rule in RULES}
    used_by_name |= {row["shown"] for rule in RULES for graded in (True, False) for row in runtime_table(rule, graded)}
    unused = [k for k in _read("en")
              if k not in used_by_name and not re.search(rf"(\bt\.|\bT\.|\[[\"']){k}\b", sources)]
    assert unused == []


def test_regional_tags_fall_back_to_their_language_and_direction():
    assert catalogue("fr-CA")["next"] == "Suivant"
    assert catalogue("ar-EG")["next"] == "التالي"
    assert direction("ar-EG") == "rtl" and direction("fr") == "ltr"

"""builder/render_quiz.py: the sealed answer key and the verdict words."""
from __future__ import annotations

from builder.render_quiz import seal, unseal, verdicts


def test_a_sealed_key_hides_its_text_and_opens_with_the_same_id():
    key = {"c": "b", "r": "Réponse", "a": ["quixotically"]}
    sealed = seal(key, "final.q1")
    assert "quixotically" not in sealed and "Réponse" not in sealed and '"c"' not in sealed
    assert unseal(sealed, "final.q1") == key
    assert seal({"c": "b", "r": "Réponse"}, "final.q1") == "HUsNQ1YMExNKSxxDVgwj8s8ZAQ8fS1NM"  # tests/js/scoring.test.js


def test_the_verdicts_of_every_language_are_known():
    words = verdicts()
    assert {"correct", "correcto", "إجابة صحيحة"} <= set(words["correct"])
    assert {"not quite", "pas tout à fait", "no exactamente", "ليس تمامًا"} <= set(words["incorrect"])

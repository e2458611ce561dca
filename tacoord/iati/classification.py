"""Building the classifier of imported activities from reference data and the committed data files."""

from __future__ import annotations

import functools
import json
from pathlib import Path

from tacoord.iati.classifier import TextClassifier
from tacoord.reference.models import Article, PriorityArea, TechnicalAssistanceType

DATA = Path(__file__).resolve().parent / "data"
LANGUAGES = ("ar", "zh", "en", "fr", "ru", "es")
# Article titles too general to say anything when they appear in a text.
GENERIC_ARTICLE_TITLES = {
    "Statement of purpose", "Use of terms", "Scope of application", "Protection of sovereignty",
    "Relation with the Convention", "Information", "Cooperation", "Saving clause", "Safeguard clauses", "Prevention",
    "Criminalization", "Jurisdiction", "Border measures", "Other prevention measures",
}
REFERENCE_NAME_WEIGHT = {"article": 0.7, "priority_area": 0.8, "ta_type": 0.6}


def sector_rules() -> list[dict]:
    return json.loads((DATA / "sector_rules.json").read_text(encoding="utf-8"))["rules"]


def lexicon_terms() -> list[tuple[str, str, float]]:
    """(target, term, weight): the curated lexicon plus the names of the targets in the six languages."""
    terms = []
    for entry in json.loads((DATA / "lexicon.json").read_text(encoding="utf-8"))["terms"]:
        for words in entry["terms"].values():
            terms.extend((entry["target"], word, entry["weight"]) for word in words)
    for article in Article.objects.select_related("instrument").filter(is_final_clause=False):
        if article.name_en in GENERIC_ARTICLE_TITLES:
            continue
        target = f"article {article.instrument.code} {article.number}"
        terms.extend((target, getattr(article, f"name_{code}"), REFERENCE_NAME_WEIGHT["article"])
                     for code in LANGUAGES if getattr(article, f"name_{code}"))
    for area in PriorityArea.objects.all():
        terms.extend((f"priority_area {area.number}", getattr(area, f"name_{code}"),
                      REFERENCE_NAME_WEIGHT["priority_area"]) for code in LANGUAGES if getattr(area, f"name_{code}"))
    for ta_type in TechnicalAssistanceType.objects.exclude(code="other"):
        terms.extend((f"ta_type {ta_type.code}", getattr(ta_type, f"name_{code}"), REFERENCE_NAME_WEIGHT["ta_type"])
                     for code in LANGUAGES if getattr(ta_type, f"name_{code}"))
    return terms


@functools.lru_cache(maxsize=1)
def _cached_classifier(version: tuple) -> TextClassifier:
    return TextClassifier(lexicon_terms())


def text_classifier() -> TextClassifier:
    """The classifier, rebuilt when the reference data changes."""
    version = (Article.objects.count(), PriorityArea.objects.count(), TechnicalAssistanceType.objects.count())
    return _cached_classifier(version)


def target_ids() -> dict[str, tuple[str, int]]:
    """Target string → (model field on ActivityClassification, primary key)."""
    targets = {f"article {code} {number}": ("article_id", pk) for pk, code, number in
               Article.objects.values_list("pk", "instrument__code", "number")}
    targets.update({f"priority_area {number}": ("priority_area_id", pk) for pk, number in
                    PriorityArea.objects.values_list("pk", "number")})
    targets.update({f"ta_type {code}": ("ta_type_id", pk) for pk, code in
                    TechnicalAssistanceType.objects.values_list("pk", "code")})
    return targets

"""The classifier on its own: lexicon matching in the six languages, sector rules, merging. No database."""

from tacoord.iati.classifier import TEXT, TextClassifier, merge, sector_proposals

TERMS = [
    ("article TIP 5", "trafficking in persons", 0.8), ("article TIP 5", "trata de personas", 0.8),
    ("article TIP 5", "торговл* людьми", 0.8), ("article TIP 5", "الاتجار بالأشخاص", 0.8),
    ("article TIP 5", "贩运人口", 0.8), ("article TIP 5", "traite des personnes", 0.8),
    ("article UNTOC 6", "money laundering", 0.8), ("ta_type training", "training", 0.5),
    ("ta_type training", "workshop*", 0.5),
]


def test_terms_match_in_each_of_the_six_languages():
    classifier = TextClassifier(TERMS)
    texts = {
        "en": "Combating Trafficking in Persons in West Africa",
        "es": "Lucha contra la trata de personas en los Andes",
        "fr": "Lutte contre la traite des personnes",
        "ru": "Противодействие торговле людьми в Центральной Азии",
        "ar": "مكافحة الاتجار بالأشخاص في شمال أفريقيا",
        "zh": "打击贩运人口区域项目",
    }
    for language, text in texts.items():
        assert "article TIP 5" in classifier.matches(text), language


def test_whole_words_only_and_prefixes_where_asked():
    classifier = TextClassifier(TERMS)
    assert "ta_type training" not in classifier.matches("retraining of staff")
    assert classifier.matches("Regional workshops on asset recovery")["ta_type training"] == {"workshop*"}


def test_confidence_grows_with_independent_evidence_but_stays_below_one():
    classifier = TextClassifier(TERMS)
    [one] = classifier.classify(["training of judges"])
    [two] = classifier.classify(["training of judges", "regional workshop"])
    assert one.source == TEXT and one.confidence == 0.5
    assert 0.5 < two.confidence < 1


def test_sector_rules_and_merging():
    rules = [{"sector": "15113", "confidence": 0.7, "articles": ["UNTOC 9"], "priority_areas": [2],
              "ta_types": []}]
    proposals = sector_proposals(rules, ["15113", "12220"])
    assert {proposal.target for proposal in proposals} == {"article UNTOC 9", "priority_area 2"}
    text = TextClassifier([("article UNTOC 9", "corruption", 0.7)]).classify(["Anti corruption reform"])
    merged = {proposal.target: proposal for proposal in merge(text, proposals)}
    assert merged["article UNTOC 9"].confidence > 0.7
    assert merged["article UNTOC 9"].evidence == ["corruption", "DAC 15113"]
    assert merge(TextClassifier([("x", "faint", 0.1)]).classify(["faint"])) == []

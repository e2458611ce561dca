"""The classifier on its own: lexicon matching in the six languages, sector rules, merging. No database."""

from collections import defaultdict
from random import Random

from tacoord.iati import classifier as classifier_module
from tacoord.iati.classifier import _CJK, _WORD, TEXT, TextClassifier, merge, normalise, sector_proposals

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


# --- what the classifier finds: the same as reading every word in turn ---------------------------------------------

TRICKY_TERMS = [
    *TERMS,
    ("article UNTOC 23", "obstruction of justice", 0.6), ("article UNCAC 15", "corruption", 0.7),
    ("article UNCAC 15", "коррупци*", 0.7), ("article UNCAC 15", "الفساد", 0.7), ("article UNCAC 15", "腐败", 0.7),
    ("article UNCAC 15", "anti-corruption", 0.6), ("priority_area 3", "capacity build* programme*", 0.5),
    ("priority_area 3", "l'enfant", 0.4), ("priority_area 3", "women’s rights", 0.4), ("ta_type legal", "straße", 0.3),
    ("ta_type legal", "ﬁnance", 0.3), ("ta_type legal", "人身売買*", 0.6), ("ta_type legal", "un*", 0.2),
    ("ta_type legal", "de la", 0.2), ("ta_type legal", "* money *", 0.2), ("ta_type legal", "workshop*", 0.9),
]
OVERLAPPING_TERMS = [("article TIP 5", "persons with disabilit*", 0.3), ("article TIP 5", "in", 0.1)]


def test_multi_word_terms_follow_one_another_whatever_the_punctuation_and_may_end_the_text():
    classifier = TextClassifier(TRICKY_TERMS)
    assert classifier.matches("Against money laundering")["article UNTOC 6"] == {"money laundering"}
    assert classifier.matches("money. Laundering!")["article UNTOC 6"] == {"money laundering"}
    assert "article UNTOC 6" not in classifier.matches("Follow the money")  # the text ends before the second word
    assert "article UNTOC 6" not in classifier.matches("money and laundering")
    assert "article UNTOC 23" in classifier.matches("(Obstruction of justice)")
    assert "article UNTOC 23" not in classifier.matches("obstruction of justices")


def test_terms_overlapping_one_another_are_all_found():
    classifier = TextClassifier([("a", "trafficking in persons", 0.5), ("b", "persons with disabilit*", 0.5),
                                 ("c", "in", 0.1), ("d", "trafficking", 0.1)])
    assert classifier.matches("Trafficking in persons with disabilities") == {
        "a": {"trafficking in persons"}, "b": {"persons with disabilit*"}, "c": {"in"}, "d": {"trafficking"}}


def test_prefixes_in_any_word_of_a_term_and_short_ones_only_as_the_word_itself():
    classifier = TextClassifier(TRICKY_TERMS)
    assert classifier.matches("Capacity-building: capacity building programmes")["priority_area 3"] == {
        "capacity build* programme*"}
    assert classifier.matches("capacity builders programme")["priority_area 3"] == {"capacity build* programme*"}
    assert classifier.matches("capacity build-up programme")["priority_area 3"] == {"capacity build* programme*"}
    assert "priority_area 3" not in classifier.matches("capacity rebuilding programme")
    assert classifier.matches("Борьба с коррупцией")["article UNCAC 15"] == {"коррупци*"}
    # A prefix of fewer than three letters, first in its term, has only ever matched the word itself.
    assert classifier.matches("UN support")["ta_type legal"] == {"un*"}
    assert "ta_type legal" not in classifier.matches("unodc support")


def test_hyphens_and_apostrophes_join_words():
    classifier = TextClassifier(TRICKY_TERMS)
    assert classifier.matches("Anti-Corruption Academy")["article UNCAC 15"] == {"anti-corruption"}
    assert classifier.matches("anti-corruption, corruption")["article UNCAC 15"] == {"anti-corruption", "corruption"}
    assert "priority_area 3" not in classifier.matches("droits de l'enfance")
    assert classifier.matches("Droits de L’Enfant")["priority_area 3"] == {"l'enfant"}
    assert classifier.matches("Women's rights")["priority_area 3"] == {"women's rights"}
    assert classifier.matches("women’s rights")["priority_area 3"] == {"women's rights"}
    assert "priority_area 3" not in classifier.matches("women's rights-based")
    assert classifier.matches("-money- laundering'")["article UNTOC 6"] == {"money laundering"}


def test_casefolding_and_compatibility_forms():
    classifier = TextClassifier(TRICKY_TERMS)
    assert classifier.matches("STRASSE")["ta_type legal"] == {"strasse"}
    assert classifier.matches("Micro-ﬁnance and FINANCE")["ta_type legal"] == {"finance"}
    assert classifier.matches("ＭＯＮＥＹ ＬＡＵＮＤＥＲＩＮＧ")["article UNTOC 6"] == {"money laundering"}
    assert classifier.matches("TRAINING")["ta_type training"] == {"training"}


def test_arabic_and_russian_whole_words_chinese_and_japanese_substrings():
    classifier = TextClassifier(TRICKY_TERMS)
    assert classifier.matches("مكافحة الفساد في المنطقة")["article UNCAC 15"] == {"الفساد"}
    assert "article UNCAC 15" not in classifier.matches("مكافحة والفساد")  # a letter joined to the word
    assert "article TIP 5" in classifier.matches("Противодействие торговле людьми")
    assert "article TIP 5" not in classifier.matches("торговле людьмиъ")
    assert classifier.matches("打击腐败和贩运人口")["article UNCAC 15"] == {"腐败"}
    assert classifier.matches("人身売買対策")["ta_type legal"] == {"人身売買"}  # the * of a Japanese term is dropped
    assert "ta_type legal" not in classifier.matches("人身")


def test_repeated_texts_give_the_same_results_each_time_and_results_are_the_callers():
    classifier = TextClassifier(TRICKY_TERMS)
    text = "Regional workshop on money laundering and training"
    first = classifier.matches(text)
    first["article UNTOC 6"].add("changed by the caller")
    assert classifier.matches(text) == {"article UNTOC 6": {"money laundering"},
                                        "ta_type training": {"training", "workshop*"},
                                        "ta_type legal": {"workshop*", "* money *"}}
    once = classifier.classify([text])
    assert classifier.classify([text, text, text]) == once == classifier.classify([text])
    by_target = {proposal.target: proposal for proposal in once}
    assert by_target["ta_type training"].evidence == ["training", "workshop*"]
    assert by_target["ta_type training"].confidence == 0.75
    assert by_target["ta_type legal"].confidence == 0.92  # 1 - (1 - 0.9)(1 - 0.2)


def test_the_remembered_texts_are_bounded(monkeypatch):
    monkeypatch.setattr(classifier_module, "CACHE_CHARACTERS", 100)
    monkeypatch.setattr(classifier_module, "CACHE_LONGEST", 40)
    classifier = TextClassifier(TRICKY_TERMS)
    for number in range(50):
        assert classifier.matches(f"money laundering case {number}")["article UNTOC 6"] == {"money laundering"}
    longer = "training " * 10  # longer than CACHE_LONGEST: not kept
    assert classifier.matches(longer)["ta_type training"] == {"training"} and longer not in classifier._cache
    assert sum(map(len, classifier._cache)) <= 100 and len(classifier._cache) >= 3


def test_the_last_weight_of_a_term_given_twice_counts():
    classifier = TextClassifier([("x", "corruption", 0.2), ("x", "Corruption", 0.6), ("x", "腐败", 0.1),
                                 ("x", "腐败*", 0.5)])
    [proposal] = classifier.classify(["corruption 腐败"])
    assert proposal.evidence == ["corruption", "腐败"] and proposal.confidence == 0.8


def _read_word_by_word(terms, text):
    """What the classifier must find, read the plain way: at each word in turn every term of the lexicon in its order,
    then the Chinese and Japanese terms as substrings. [(target, {terms}), ...] in the order first found."""
    text = normalise(text)
    words = _WORD.findall(text)
    lexicon = [(target, normalise(term).strip()) for target, term, _weight in terms]
    found = defaultdict(set)
    for position in range(len(words)):
        for target, term in lexicon:
            tokens = [(word.rstrip("*"), word.endswith("*")) for word in term.split() if word.rstrip("*")]
            if _CJK.search(term) or not tokens:
                continue
            if len(tokens[0][0]) < 3:  # a short prefix, first in its term, has only ever matched the word itself
                tokens[0] = (tokens[0][0], False)
            following = words[position:position + len(tokens)]
            if len(following) == len(tokens) and all(word.startswith(stem) if prefix else word == stem
                                                     for word, (stem, prefix) in zip(following, tokens, strict=True)):
                found[target].add(term)
    for target, term in lexicon:
        if _CJK.search(term) and term.rstrip("*") in text:
            found[target].add(term.rstrip("*"))
    return list(found.items())


def test_the_same_terms_in_the_same_order_as_reading_every_word():
    pieces = ["money", "laundering", "Laundering.", "anti-corruption", "corruption", "l'enfant", "L’Enfant", "de la",
              "women's", "rights", "capacity", "building", "builder", "build-up", "programmes", "programme", "UN",
              "unodc", "un-", "коррупцией", "торговле", "людьми", "الفساد", "والفساد", "贩运人口", "腐败", "人身売買",
              "trafficking", "in", "persons", "with", "disabilities", "workshops", "training", "ＭＯＮＥＹ", "straße",
              "ﬁnance", "of", "obstruction", "justice", "2020", "_", "’s", "-", "'", "--", ",", "(", ")", "\n"]
    terms = TRICKY_TERMS + OVERLAPPING_TERMS
    classifier = TextClassifier(terms)
    random = Random(20)
    for _ in range(3000):
        text = "".join(random.choice(pieces) + random.choice(["", " ", " ", ", ", "-", "'"])
                       for _ in range(random.randint(0, 12)))
        assert list(classifier.matches(text).items()) == _read_word_by_word(terms, text), text

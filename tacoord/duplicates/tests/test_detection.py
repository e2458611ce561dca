"""The detection algorithm on constructed records (plain Python, no database)."""

from datetime import date
from decimal import Decimal

from tacoord.duplicates import detection
from tacoord.duplicates.detection import Calibration, Record, Txn

# unrelated pairs of real activities score at most ~0.35 lexically (see data/calibration.json)
CALIBRATION = Calibration(lexical=[i / 1000 * 0.35 for i in range(1000)],
                          semantic=[0.78 + i / 1000 * 0.08 for i in range(1000)])


def record(pk, identifier, reporter, title, description="", countries=("KE",), start=date(2025, 1, 1),
           end=date(2025, 12, 31), sectors=("15130",), **fields):
    return detection.prepare(Record(id=pk, identifier=identifier, reporter=reporter, title={"en": title},
                                    description={"en": description} if description else {},
                                    countries=frozenset(countries), start=start, end=end, sectors=frozenset(sectors),
                                    **fields))


def run(records, **kwargs):
    findings, _stats = detection.detect(records, CALIBRATION, **kwargs)
    return {(f.a, f.b): f for f in findings}


def test_funder_and_implementer_linked_only_by_transactions_are_the_same_activity():
    funder = record(1, "GB-GOV-1-300123", "GB-GOV-1", "COVID-19 Appeal", countries=("AF",), txns=[
        Txn(type="3", date=date(2025, 3, 1), value=Decimal("500000"), currency="GBP", receiver_org="GB-CHC-1062638")])
    implementer = record(2, "GB-CHC-1062638-DEC-AFG", "GB-CHC-1062638", "DEC Coronavirus Appeal - Afghanistan",
                         "Emergency response by member charities", countries=("AF",), txns=[
                             Txn(type="1", date=date(2025, 3, 20), value=Decimal("500000"), currency="GBP",
                                 provider_org="GB-GOV-1")])
    other = record(3, "XM-DAC-41122-AF-1", "XM-DAC-41122", "Education in emergencies", countries=("AF",))
    found = run([funder, implementer, other])
    finding = found[(1, 2)]
    assert finding.kind == detection.SAME
    assert finding.score >= 0.8
    assert any(item["signal"] == "money_match" for item in finding.evidence)


def test_explicit_activity_link_is_evidence():
    funder = record(1, "DE-1-A", "DE-1", "Police reform", txns=[
        Txn(type="3", date=date(2025, 3, 1), value=Decimal("10"), currency="EUR", receiver_activity_id="XM-X-B")])
    implementer = record(2, "XM-X-B", "XM-X", "Something else entirely", countries=("PE",))
    finding = run([funder, implementer])[(1, 2)]
    assert finding.kind == detection.SAME
    assert finding.evidence[1]["signal"] == "activity_link"


def test_programme_and_its_part_are_not_duplicates():
    parent = record(1, "DE-1-P", "DE-1", "Police reform programme", related=(("DE-1-C", "2"),))
    child = record(2, "DE-1-C", "DE-1", "Police reform programme component", related=(("DE-1-P", "1"),))
    assert run([parent, child]) == {}


def test_same_topic_in_different_countries_is_not_flagged():
    text = "Training of prosecutors and judges on mutual legal assistance and extradition in criminal matters"
    a = record(1, "DE-1-A", "DE-1", "Mutual legal assistance training", text, countries=("KE",))
    b = record(2, "FR-6-B", "FR-6", "Mutual legal assistance training", text, countries=("PE",))
    assert run([a, b]) == {}


def test_republished_under_another_identifier():
    text = "Strengthening border control against migrant smuggling at the northern border crossings"
    a = record(1, "XM-DAC-41127-KEN-0042", "XM-DAC-41127", "Border control against smuggling", text)
    b = record(2, "XI-IATI-UNODC-KEN-0042", "XI-IATI-UNODC", "Border control against smuggling", text)
    finding = run([a, b])[(1, 2)]
    assert finding.kind == detection.SAME
    assert {item["signal"] for item in finding.evidence} >= {"identifier", "same_text"}


def test_overlap_and_synergy_need_same_country_theme_and_time():
    a = record(1, "DE-1-A", "DE-1", "Cybercrime investigation training for police",
               "Training of police investigators on cybercrime and electronic evidence")
    b = record(2, "US-1-B", "US-1", "Cybercrime investigation training for police officers",
               "Training police investigators on cybercrime and electronic evidence handling")
    later = record(3, "JP-1-C", "JP-1", "Cybercrime investigation training for police",
                   "Training of police investigators on cybercrime", start=date(2030, 1, 1), end=date(2030, 6, 1))
    found = run([a, b, later])
    assert found[(1, 2)].kind in {detection.OVERLAP, detection.SAME}
    assert (1, 3) not in found and (2, 3) not in found


def test_semantic_signal_is_asked_only_across_languages():
    asked = []

    def semantic(a, b):
        asked.append((a.id, b.id))
        return 0.95

    a = record(1, "DE-1-A", "DE-1", "Workshop on mutual legal assistance")
    b = detection.prepare(Record(id=2, identifier="FR-6-B", reporter="FR-6",
                                 title={"fr": "Atelier sur l'entraide judiciaire"}, countries=frozenset({"KE"}),
                                 start=date(2025, 1, 1), end=date(2025, 12, 31), sectors=frozenset({"15130"})))
    c = record(3, "US-1-C", "US-1", "Workshop on extradition")
    found = run([a, b, c], semantic=semantic)
    assert asked and all(2 in pair for pair in asked)
    assert found[(1, 2)].kind == detection.SAME
    assert any(item["signal"] == "semantic" for item in found[(1, 2)].evidence)


def test_incremental_keeps_only_pairs_with_a_changed_record():
    text = "Training of prosecutors on human trafficking cases and victim protection"
    a = record(1, "DE-1-A", "DE-1", "Human trafficking prosecution", text)
    b = record(2, "US-1-B", "US-1", "Human trafficking prosecution", text)
    c = record(3, "JP-1-C", "JP-1", "Human trafficking prosecution", text)
    pairs = detection.candidates([a, b, c], changed={3})
    assert set(pairs) == {(1, 3), (2, 3)}


def test_fingerprint_changes_with_content():
    a = record(1, "DE-1-A", "DE-1", "Title")
    b = record(1, "DE-1-A", "DE-1", "Title changed")
    assert a.fingerprint != b.fingerprint
    assert a.fingerprint == record(1, "DE-1-A", "DE-1", "Title").fingerprint


def test_local_identifier():
    assert detection.local_identifier("XM-DAC-41127-KEN-0042", "XM-DAC-41127") == "KEN0042"
    assert detection.local_identifier("GB-GOV-1-300123", "GB-GOV-1") == ""  # digits only: too common
    assert detection.local_identifier("DE-1-12", "DE-1") == ""


def test_one_grant_paying_several_country_activities_is_the_same_money():
    # a global grant (no country) to an implementer, which reports one activity per country, each receiving part of it
    grant = record(1, "XM-DAC-7-G1", "XM-DAC-7", "COVID-19 response grant", countries=(), txns=[
        Txn(type="2", date=date(2025, 2, 1), value=Decimal("1500000"), currency="EUR", receiver_org="NL-KVK-1")])
    other = record(2, "XM-DAC-7-G2", "XM-DAC-7", "Earlier programme", countries=(), start=date(2020, 1, 1),
                   end=date(2021, 1, 1), txns=[Txn(type="2", date=date(2020, 2, 1), value=Decimal("900000"),
                                                   currency="EUR", receiver_org="NL-KVK-1")])
    iraq = record(3, "NL-KVK-1-IQ", "NL-KVK-1", "Iraq: response to the crisis", countries=("IQ",), txns=[
        Txn(type="1", date=date(2025, 6, 1), value=Decimal("209000"), currency="EUR", provider_org="XM-DAC-7")])
    ghana = record(4, "NL-KVK-1-GH", "NL-KVK-1", "Ghana: response to the crisis", countries=("GH",), txns=[
        Txn(type="1", date=date(2025, 7, 1), value=Decimal("36000"), currency="EUR", provider_org="XM-DAC-7")])
    found = run([grant, other, iraq, ghana])
    for pair in ((1, 3), (1, 4)):
        assert found[pair].kind == detection.SAME
        assert any(item["signal"] == "grant_share" for item in found[pair].evidence)
    assert (2, 3) not in found and (2, 4) not in found


def test_synergy_is_not_raised_between_a_funder_and_its_implementer():
    text = "Training of prosecutors on human trafficking cases and victim protection in coastal provinces"
    funder = record(1, "DE-1-A", "DE-1", "Human trafficking prosecution", text, txns=[
        Txn(type="3", date=date(2025, 3, 1), value=Decimal("1000"), currency="EUR", receiver_org="XM-X")])
    implementer = record(2, "XM-X-B", "XM-X", "Prosecution of trafficking cases", text + " and shelters")
    finding = run([funder, implementer]).get((1, 2))
    assert finding is None or finding.kind == detection.SAME

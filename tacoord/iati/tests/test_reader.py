"""The streaming reader, on its own: no database."""

import gzip
from decimal import Decimal

import pytest

from tacoord.iati.reader import IatiFileError, read_activities
from tacoord.iati.tests.helpers import (
    BILLION_LAUGHS,
    DATA,
    EXTERNAL_DTD,
    EXTERNAL_ENTITY,
    SHARED_IATI,
    activities_file,
    activity_xml,
    needs_shared,
)


@pytest.mark.parametrize("text", [BILLION_LAUGHS, EXTERNAL_ENTITY, EXTERNAL_DTD])
def test_entities_and_external_documents_are_refused(tmp_path, text):
    path = tmp_path / "hostile.xml"
    path.write_text(text)
    with pytest.raises(IatiFileError) as refused:
        list(read_activities(path))
    assert refused.value.line == 1
    assert "refused" in refused.value.reason


@pytest.mark.parametrize("content, reason", [
    (b"hello, not xml", "not well-formed"),
    (b"", "not well-formed"),
    (b'<?xml version="1.0"?><organisations/>', "not <iati-activities>"),
    (b'<?xml version="1.0"?><iati-activities version="1.05"><iati-activity/></iati-activities>', "1.05"),
])
def test_not_iati_files_are_refused(tmp_path, content, reason):
    path = tmp_path / "bad.xml"
    path.write_bytes(content)
    with pytest.raises(IatiFileError, match=reason):
        list(read_activities(path))


def test_a_truncated_file_is_refused_with_the_line(tmp_path):
    whole = activities_file(tmp_path / "whole.xml", activity_xml("XM-TEST-1-A1"), activity_xml("XM-TEST-1-A2"))
    cut = tmp_path / "cut.xml"
    cut.write_bytes(whole.read_bytes()[:-300])
    with pytest.raises(IatiFileError) as refused:
        list(read_activities(cut))
    assert refused.value.line and refused.value.line > 20


def test_a_truncated_gzip_file_is_refused(tmp_path):
    whole = activities_file(tmp_path / "whole.xml.gz", *[activity_xml(f"XM-TEST-1-A{n}") for n in range(40)],
                            gz=True)
    cut = tmp_path / "cut.xml.gz"
    cut.write_bytes(whole.read_bytes()[: len(whole.read_bytes()) // 2])
    with pytest.raises(IatiFileError, match="truncated"):
        list(read_activities(cut))


def test_an_activity_is_read_into_the_shape_of_the_model(tmp_path):
    path = activities_file(tmp_path / "one.xml.gz", activity_xml(), gz=True)
    [activity] = read_activities(path)
    assert not activity.rejected and not activity.warnings
    assert activity.identifier == "XM-TEST-1-A1"
    assert activity.reporting_org == {"ref": "XM-TEST-1", "type": "10", "name": {"en": "Test Donor Agency"}}
    assert activity.fields["title"] == {"en": "Training of prosecutors", "fr": "Formation des procureurs"}
    assert activity.fields["planned_start"].isoformat() == "2020-01-01"
    assert activity.fields["default_currency"] == "USD"
    assert [row["code"] for row in activity.children["recipient_countries"]] == ["KE", "PE"]
    assert [row["value"] for row in activity.children["transactions"]] == [Decimal("1000.00"), Decimal("250.50")]
    assert activity.children["transactions"][0]["receiver_org_name"] == "Kenya Police"
    assert len(activity.content_hash) == 64


def test_the_content_hash_ignores_portal_attributes_and_follows_content(tmp_path):
    plain = activities_file(tmp_path / "a.xml", activity_xml())
    tagged = tmp_path / "b.xml"
    tagged.write_text(plain.read_text().replace(
        "<iati-activity ", '<iati-activity xmlns:dstore="http://d-portal.org/xmlns/dstore" dstore:index="7" '))
    changed = activities_file(tmp_path / "c.xml", activity_xml(value="2000"))
    [a], [b], [c] = (list(read_activities(path)) for path in (plain, tagged, changed))
    assert a.content_hash == b.content_hash != c.content_hash


def test_invalid_parts_are_left_out_with_a_warning_and_missing_essentials_reject(tmp_path):
    broken = activity_xml("XM-TEST-1-B", extra='<transaction><transaction-type code="3"/>'
                          '<transaction-date iso-date="2020-01-01"/><value>lots</value></transaction>'
                          '<activity-date iso-date="2021-02-30" type="2"/>'
                          '<sector code="15110" percentage="250"/>')
    no_identifier = activity_xml("")
    no_reporter = activity_xml("XM-TEST-1-C", reporting="")
    path = activities_file(tmp_path / "mixed.xml", broken, no_identifier, no_reporter)
    first, second, third = read_activities(path)
    assert len(first.children["transactions"]) == 2
    assert any("not a number" in warning for warning in first.warnings)
    assert any("invalid date" in warning for warning in first.warnings)
    assert any("percentage '250'" in warning for warning in first.warnings)
    assert second.rejection == "the activity has no iati-identifier"
    assert third.rejection == "the activity has no reporting organisation"
    assert second.line < third.line


def test_skip_spares_reading_known_activities(tmp_path):
    path = activities_file(tmp_path / "a.xml", activity_xml())
    [first] = read_activities(path)
    [again] = read_activities(path, skip=lambda identifier, digest: digest == first.content_hash)
    assert again.skipped and again.identifier == first.identifier and not again.fields


def test_memory_stays_flat_elements_are_cleared(tmp_path):
    path = activities_file(tmp_path / "many.xml", *[activity_xml(f"XM-TEST-1-A{n}") for n in range(200)])
    parents = []
    for activity in read_activities(path):
        parents.append(activity.identifier)
    assert len(parents) == 200


def test_the_committed_excerpts_read(tmp_path):
    for path in DATA.glob("*.xml.gz"):
        activities = list(read_activities(path))
        assert activities, path
        with gzip.open(path) as stream:
            assert stream.read().count(b"<iati-activity ") == len(activities)


@needs_shared
def test_every_should_pass_example_of_the_standard_reads():
    paths = sorted((SHARED_IATI / "schema-tests" / "should-pass").rglob("*.xml"))
    assert paths
    for path in paths:
        # Each example holds one activity, read with its content hash (the examples leave identifiers empty, so the
        # importer rejects them for that reason alone: test_import covers it).
        activities = list(read_activities(path))
        assert len(activities) == 1, path
        assert activities[0].content_hash, path

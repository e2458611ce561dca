"""IATI export: schema-valid 2.03, round trip through the importer, the download view and the command."""

import io

import pytest
from django.core.management import CommandError, call_command
from lxml import etree

from tacoord.activities.models import Activity
from tacoord.activities.tests.helpers import make_activity
from tacoord.core.context import change_context
from tacoord.core.models import ObjectChange
from tacoord.iati.reader import read_activities
from tacoord.iati.selectors import activities_for_export
from tacoord.iati.services import iati_import
from tacoord.iati.tests.helpers import DATA, SHARED_IATI, activities_file, activity_xml, needs_shared
from tacoord.iati.writer import write_activities

pytestmark = pytest.mark.django_db


def schema():
    return etree.XMLSchema(etree.parse(str(SHARED_IATI / "schemas" / "iati-activities-schema.xsd")))


def export_bytes(user, params=None) -> bytes:
    stream = io.BytesIO()
    write_activities(activities_for_export(user=user, params=params or {}), stream)
    return stream.getvalue()


def import_paths(paths):
    with change_context(source="test"):
        return iati_import(paths=[str(path) for path in paths], user=None)


@needs_shared
def test_imported_real_activities_export_schema_valid(reference, world):
    import_paths([DATA / "dportal-crime-justice.xml.gz", DATA / "dportal_0.xml.gz"])
    document = etree.fromstring(export_bytes(world.secretariat))
    validator = schema()
    assert validator.validate(document), validator.error_log.last_error
    assert len(document) == Activity.objects.count()


@needs_shared
def test_an_activity_entered_in_tacoord_exports_schema_valid(reference, world):
    make_activity(reporter=world.provider, countries=[world.state_a])
    document = etree.fromstring(export_bytes(world.secretariat))
    validator = schema()
    assert validator.validate(document), validator.error_log.last_error


def test_export_round_trips_through_the_importer(reference, world, tmp_path):
    source = activities_file(tmp_path / "a.xml", activity_xml("XM-TEST-1-A1"), activity_xml("XM-TEST-1-A2"))
    import_paths([source])
    before = {activity.iati_identifier: activity for activity in activities_for_export(user=world.secretariat)}
    exported = tmp_path / "exported.xml"
    exported.write_bytes(export_bytes(world.secretariat))
    parsed = {activity.identifier: activity for activity in read_activities(exported)}
    assert set(parsed) == set(before)
    for identifier, activity in before.items():
        again = parsed[identifier]
        assert again.fields["title"] == activity.title
        assert again.fields["planned_start"] == activity.planned_start
        assert sorted(row["value"] for row in again.children["transactions"]) == sorted(
            activity.transactions.values_list("value", flat=True))
        assert sorted(row["code"] for row in again.children["recipient_countries"]) == sorted(
            activity.recipient_countries.values_list("country__iso2", flat=True))
    # Re-importing what was exported changes nothing that was stored.
    counts = (Activity.objects.count(), sum(a.transactions.count() for a in Activity.objects.all()))
    history = ObjectChange.objects.exclude(changed_object_type__model="importrun")
    before_history = history.count()
    report = import_paths([exported])
    # The export says the same in other words: nothing is added or changed, no history written.
    assert (report.added, report.updated, report.unchanged, report.rejected) == (0, 0, 2, 0)
    assert history.count() == before_history
    assert (Activity.objects.count(), sum(a.transactions.count() for a in Activity.objects.all())) == counts


def test_the_download_follows_the_list_filters_and_permissions(reference, world, client_for):
    kenya = make_activity(reporter=world.provider, identifier="DE-1-0001-KE", countries=[world.state_a])
    make_activity(reporter=world.provider, identifier="DE-1-0001-PE", countries=[world.state_b])
    response = client_for(None).get("/iati/export/", {"country": "KE"})
    assert response.status_code == 200 and response["Content-Type"] == "application/xml"
    document = etree.fromstring(b"".join(response.streaming_content))
    assert [element.findtext("iati-identifier") for element in document] == [kenya.iati_identifier]
    kenya.archived_at = kenya.created
    kenya.save()
    document = etree.fromstring(b"".join(client_for(world.officer).get("/iati/export/").streaming_content))
    assert [element.findtext("iati-identifier") for element in document] == ["DE-1-0001-PE"]
    assert client_for(None).get("/iati/export/", {"country": "QQ"}).status_code == 400


def test_the_command_writes_a_file(reference, world, tmp_path):
    make_activity(reporter=world.provider, identifier="DE-1-0001-KE", countries=[world.state_a])
    output = tmp_path / "out.xml"
    call_command("export_iati", "country=KE", "status=2", "status=3", "--output", str(output),
                 stderr=io.StringIO())
    assert [activity.identifier for activity in read_activities(output)] == ["DE-1-0001-KE"]
    with pytest.raises(CommandError):
        call_command("export_iati", "country", stderr=io.StringIO())

"""The upload page, import reports and the tag review: who may do what."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tacoord.activities.models import Activity
from tacoord.core.context import change_context
from tacoord.iati.choices import TagStatus
from tacoord.iati.models import ActivityClassification, ImportRun
from tacoord.iati.services import activities_classify, iati_import
from tacoord.iati.tests.helpers import BILLION_LAUGHS, activity_xml

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _uploads_in_tmp(monkeypatch, tmp_path):
    monkeypatch.setattr("tacoord.iati.uploads.UPLOAD_DIR", tmp_path / "uploads")
    yield
    # What was uploaded is removed once imported.
    assert not any((tmp_path / "uploads").glob("*/*"))


def upload(text: str, name="activities.xml") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="application/xml")


def own_activities(identifier="DE-1-0001-A1") -> str:
    reporting = '<reporting-org ref="DE-1-0001" type="10"><narrative>DGH</narrative></reporting-org>'
    return f'<?xml version="1.0"?><iati-activities version="2.03">{activity_xml(identifier, reporting=reporting)}' \
           "</iati-activities>"


def test_a_provider_officer_uploads_and_reads_the_report(reference, world, client_for):
    client = client_for(world.officer)
    assert client.get("/iati/import/").status_code == 200
    response = client.post("/iati/import/", {"files": [upload(own_activities()), upload(BILLION_LAUGHS, "x.xml")]})
    run = ImportRun.objects.get()
    assert response.status_code == 302 and response["Location"] == run.get_absolute_url()
    assert (run.added, run.refused_files, run.user) == (1, 1, world.officer)
    page = client.get(run.get_absolute_url())
    assert page.status_code == 200
    assert "x.xml" in page.content.decode() and "entities" in page.content.decode()
    assert Activity.objects.get().reporting_organisation == world.provider
    # A colleague of another organisation does not see the report.
    assert client_for(world.other_officer).get(run.get_absolute_url()).status_code == 404
    assert client_for(world.secretariat).get(run.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("person", ["focal_a", "agency_a", "expert"])
def test_others_may_not_upload(reference, world, client_for, person):
    client = client_for(world.person(person))
    assert client.get("/iati/import/").status_code == 403
    assert client.post("/iati/import/", {"files": [upload(own_activities())]}).status_code == 403
    assert not ImportRun.objects.exists() and not Activity.objects.exists()


def test_the_public_is_sent_to_sign_in(reference, client_for):
    assert client_for(None).get("/iati/import/").status_code == 302
    assert client_for(None).post("/iati/import/", {"files": [upload(own_activities())]}).status_code == 302
    assert not ImportRun.objects.exists()


def test_an_upload_without_a_file_is_a_field_error(reference, world, client_for):
    response = client_for(world.secretariat).post("/iati/import/", {})
    assert response.status_code == 400
    assert "This field is required" in response.content.decode()


def test_tags_are_proposed_and_reviewed_by_who_may_change_the_activity(reference, world, client_for, tmp_path):
    path = tmp_path / "a.xml"
    path.write_text(own_activities())
    with change_context(user=world.officer, source="test"):
        iati_import(paths=[str(path)], user=world.officer)
    activity = Activity.objects.get()
    proposals = ActivityClassification.objects.filter(activity=activity)
    targets = {str(proposal.target) for proposal in proposals}
    assert any("Training" in target for target in targets)
    tip = proposals.filter(article__instrument__code="TIP", article__number=5).get()
    assert tip.source == "text" and tip.status == TagStatus.PROPOSED

    for person in ("other_officer", "focal_a", "expert"):
        response = client_for(world.person(person)).post("/iati/tags/", {"classification": [tip.pk],
                                                                         "decision": "accept"})
        assert response.status_code == 403, person
    tip.refresh_from_db()
    assert tip.status == TagStatus.PROPOSED and not activity.articles.exists()
    assert client_for(world.officer).get("/iati/tags/").status_code == 200
    response = client_for(world.officer).post("/iati/tags/", {"classification": [tip.pk], "decision": "accept"})
    assert response.status_code == 302
    tip.refresh_from_db()
    assert tip.status == TagStatus.ACCEPTED and tip.reviewed_by == world.officer
    assert list(activity.articles.all()) == [tip.article]
    # A new classification keeps what a person decided.
    activities_classify(activity_ids=[activity.pk])
    assert ActivityClassification.objects.get(pk=tip.pk).status == TagStatus.ACCEPTED


def test_a_large_upload_runs_in_the_background(reference, world, client_for, monkeypatch,
                                               django_capture_on_commit_callbacks):
    monkeypatch.setattr("tacoord.iati.uploads.INLINE_LIMIT", 10)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(world.officer).post("/iati/import/", {"files": [upload(own_activities())]})
    run = ImportRun.objects.get()
    assert response["Location"] == run.get_absolute_url()
    run.refresh_from_db()
    assert (run.status, run.added, run.user) == ("done", 1, world.officer)
    assert Activity.objects.get().reporting_organisation == world.provider


@pytest.mark.parametrize("inline_limit", [10, 10 * 1024 * 1024])
def test_an_upload_may_read_every_activity_again(reference, world, client_for, monkeypatch, inline_limit,
                                                  django_capture_on_commit_callbacks):
    """In the page and in the background alike: the box unticked, an unchanged file is not read again; ticked, it is."""
    monkeypatch.setattr("tacoord.iati.uploads.INLINE_LIMIT", inline_limit)
    client = client_for(world.officer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/iati/import/", {"files": [upload(own_activities())]})
        client.post("/iati/import/", {"files": [upload(own_activities())]})
        client.post("/iati/import/", {"files": [upload(own_activities())], "read_again": "on"})
    first, plain, again = ImportRun.objects.order_by("pk")
    assert first.added == 1 and plain.files[0]["same_file"] and plain.unchanged == 1
    assert again.read_again and again.unchanged == 1 and not again.files[0].get("same_file")
    assert "read and compared again" in client.get(again.get_absolute_url()).content.decode()


def test_how_fresh_the_iati_data_is_shows_on_who_does_what_where_and_the_activity(reference, world, client_for):
    client = client_for(world.officer)
    client.post("/iati/import/", {"files": [upload(own_activities())]})
    run = ImportRun.objects.get()
    activity = Activity.objects.get()
    activity.last_updated_datetime = datetime.datetime(2021, 3, 4, tzinfo=datetime.UTC)
    activity.save(update_fields=["last_updated_datetime"])
    for url in ("/activities/who-does-what-where/", "/activities/who-does-what-where/map/"):
        page = client_for(None).get(url).content.decode()
        assert "1 of these 1 activities comes from IATI files" in page, url
        assert run.finished_at.strftime("%Y-%m-%d") in page and "Newest update by a publisher: 2021-03-04" in page
    page = client_for(None).get(activity.get_absolute_url()).content.decode()
    assert "last added or changed by an IATI import on " + run.finished_at.strftime("%Y-%m-%d") in page
    # The import's report is named to those who may read it (what was rejected or left out), and to no one else.
    link = f'<a href="{run.get_absolute_url()}">Its report says what was rejected or left out.</a>'
    for user in (world.officer, world.secretariat):
        assert link in client_for(user).get("/activities/who-does-what-where/").content.decode()
    for user in (None, world.other_officer, world.focal_a):
        page = client_for(user).get("/activities/who-does-what-where/country/KE/").content.decode()
        assert "1 of these 1 activities" in page and run.get_absolute_url() not in page


def test_the_report_reads_in_the_readers_language(reference, world, client_for):
    """Kept in English (as the command prints it), shown in French to a French reader: refusals, rejections and
    warnings, with the reasons inside them."""
    extra = ('<recipient-country code="QQ"/><budget><period-start iso-date="2020-01-01"/>'
             '<period-end iso-date="2020-12-31"/><value>x</value></budget>')
    reporting = '<reporting-org ref="DE-1-0001" type="10"><narrative>DGH</narrative></reporting-org>'
    text = (f'<?xml version="1.0"?><iati-activities version="2.03">{activity_xml(extra=extra, reporting=reporting)}'
            '<iati-activity><reporting-org ref="DE-1-0001"/></iati-activity></iati-activities>')
    client = client_for(world.secretariat)
    client.post("/iati/import/", {"files": [upload(text), upload("not xml", "broken.xml")]},
                HTTP_ACCEPT_LANGUAGE="fr")
    run = ImportRun.objects.get()
    messages = set(run.issues.values_list("message", flat=True))
    assert "recipient country 'QQ' is not a known country code; left out" in messages
    assert "the activity has no iati-identifier" in messages
    page = client.get(run.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "pays bénéficiaire &#x27;QQ&#x27;\u00a0: code de pays inconnu\u00a0; non retenu" in page
    assert "montant de budget &#x27;x&#x27; n’est pas un nombre\u00a0; non retenu" in page
    assert "l’activité n’a pas d’iati-identifier" in page
    assert "XML mal formé" in page  # the refused file, in the files table and the list
    assert "not well-formed" not in page

"""IATI imports through the API: upload, report, issues in the caller's language, and who may do what."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tacoord.activities.models import Activity
from tacoord.iati.models import ImportRun
from tacoord.iati.tests.helpers import BILLION_LAUGHS, activity_xml

pytestmark = pytest.mark.django_db
IMPORTS = "/api/iati/imports/"


@pytest.fixture(autouse=True)
def _uploads_in_tmp(monkeypatch, tmp_path):
    monkeypatch.setattr("tacoord.iati.uploads.UPLOAD_DIR", tmp_path / "uploads")
    yield
    assert not any((tmp_path / "uploads").glob("*/*"))


def _file(text: str, name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="application/xml")


def _own(identifier="DE-1-0001-A1", extra="") -> str:
    reporting = '<reporting-org ref="DE-1-0001" type="10"><narrative>DGH</narrative></reporting-org>'
    return (f'<?xml version="1.0"?><iati-activities version="2.03">'
            f'{activity_xml(identifier, reporting=reporting, extra=extra)}</iati-activities>')


def test_a_provider_officer_imports_and_reads_the_report(reference, world, api_for):
    api = api_for(world.officer)
    response = api.post(IMPORTS, {"files": [_file(_own(extra='<recipient-country code="QQ"/>'), "a.xml"),
                                            _file(BILLION_LAUGHS, "laughs.xml")]}, format="multipart")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["status"], body["added"], body["refused_files"]) == ("done", 1, 1)
    assert [item["name"] for item in body["files"]] == ["a.xml", "laughs.xml"]
    assert "entit" in body["files"][1]["refused"]
    assert Activity.objects.get().reporting_organisation == world.provider
    assert [run["id"] for run in api.get(IMPORTS).json()["results"]] == [body["id"]]
    issues = api.get(f"{IMPORTS}{body['id']}/issues/", {"kind": "warning"}, HTTP_ACCEPT_LANGUAGE="fr").json()
    [warning] = [issue for issue in issues["results"] if "QQ" in issue["message_en"]]
    assert warning["message_en"] == "recipient country 'QQ' is not a known country code; left out"
    assert warning["message"] == "pays bénéficiaire 'QQ'\u00a0: code de pays inconnu\u00a0; non retenu"
    assert warning["file"] == "a.xml" and warning["line"]
    refused = api.get(f"{IMPORTS}{body['id']}/", HTTP_ACCEPT_LANGUAGE="fr").json()["files"][1]["refused"]
    assert refused == "le fichier déclare des entités ou renvoie à un document externe\u00a0; refusé"


def test_who_may_not(reference, world, api_for):
    run_id = api_for(world.officer).post(IMPORTS, {"files": [_file(_own(), "a.xml")]},
                                         format="multipart").json()["id"]
    # A colleague of another organisation, the public: the report is out of sight.
    for user in (world.other_officer, None, world.focal_a):
        assert api_for(user).get(f"{IMPORTS}{run_id}/").status_code == 404
        assert api_for(user).get(f"{IMPORTS}{run_id}/issues/").status_code == 404
        assert api_for(user).get(IMPORTS).json()["results"] == []
    assert api_for(world.secretariat).get(f"{IMPORTS}{run_id}/").status_code == 200
    # Only the secretariat and provider officers import.
    for user in (world.focal_a, world.expert, None):
        response = api_for(user).post(IMPORTS, {"files": [_file(_own("DE-1-0001-A2"), "b.xml")]},
                                      format="multipart")
        assert response.status_code in (401, 403), user
    assert ImportRun.objects.count() == 1 and Activity.objects.count() == 1
    # Runs are not changed or deleted through the API.
    assert api_for(world.secretariat).delete(f"{IMPORTS}{run_id}/").status_code == 405


def test_an_upload_without_files_is_a_field_error(reference, world, api_for):
    response = api_for(world.secretariat).post(IMPORTS, {"read_again": "true"}, format="multipart")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["files"]
    assert not ImportRun.objects.exists()

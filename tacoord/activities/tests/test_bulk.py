import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from tacoord.activities import bulk
from tacoord.activities.models import Activity
from tacoord.activities.tests.helpers import make_activity
from tacoord.reference.models import Language

HEADER = "iati_identifier,reporting_organisation,title_en,title_fr,status,planned_start,planned_end," \
         "default_currency,budget,recipient_countries,sectors,delivery_languages,programme\n"


def _csv(*lines: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("activities.csv", (HEADER + "\n".join(lines)).encode())


VALID = [
    'DE-1-0001-B1,DE-1-0001,Judges training,Formation des juges,2,2026-01-01,2026-12-31,EUR,1000,"KE:60;PE:40",'
    '15130,fr,',
    'DE-1-0001-B2,DGH,Police training,,2,2026-01-01,2026-06-30,EUR,,KE,,,DE-1-0001-B1',
]


@pytest.fixture
def french(db):
    return Language.objects.create(code="fr", name_en="French")


def test_preview_then_confirm_applies_the_whole_set(world, client_for, french):
    client = client_for(world.officer)
    url = reverse("activities:bulk_import")
    assert client.get(url).status_code == 200
    response = client.post(url, {"file": _csv(*VALID)})
    page = response.content.decode()
    assert "2 activities are ready" in page
    assert not Activity.objects.exists()
    token = response.context["token"]
    response = client.post(url, {"confirm": "1", "token": token})
    assert response.status_code == 302
    first, second = Activity.objects.order_by("iati_identifier")
    assert first.title == {"en": "Judges training", "fr": "Formation des juges"}
    assert first.origin == "bulk_import"
    assert first.budgets.get().value == 1000
    assert list(first.delivery_languages.all()) == [french]
    assert second.parent == first


def test_one_bad_row_blocks_the_set_with_row_errors(world, client_for, french):
    client = client_for(world.officer)
    url = reverse("activities:bulk_import")
    lines = [*VALID, 'X-3,DE-1-0001,Bad one,,2,2026-05-01,2026-01-01,EUR,,"KE:50;PE:20",,xx,',
             "X-4,UNDO,Someone else's,,2,,,EUR,,,,,"]
    response = client.post(url, {"file": _csv(*lines)})
    rows = {row.number: row.errors for row in response.context["rows"]}
    assert rows[2] == [] and rows[3] == []
    assert any("end cannot be before" in error for error in rows[4])
    assert any("add up to 70" in error for error in rows[4])
    assert "delivery_languages: xx is not known." in rows[4]
    assert rows[5] == ["You may not add or change this activity."]
    assert "Confirm the import" not in response.content.decode()
    # A confirm forged for the stored invalid set applies nothing.
    client.post(url, {"confirm": "1", "token": response.context["token"]})
    assert not Activity.objects.exists()


def test_xlsx_and_semicolon_csv_and_bad_files(world, client_for):
    client = client_for(world.officer)
    url = reverse("activities:bulk_import")
    workbook = Workbook()
    workbook.active.append(["reporting_organisation", "title_en", "planned_start"])
    workbook.active.append(["DE-1-0001", "From a workbook", "2026-02-01"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = client.post(url, {"file": SimpleUploadedFile("a.xlsx", buffer.getvalue())})
    assert response.context["valid"]
    response = client.post(url, {"file": SimpleUploadedFile("a.csv", b"reporting_organisation;title_en\nDGH;Semi\n")})
    assert response.context["valid"]
    for name, content in (("a.xlsx", b"not a workbook"), ("a.txt", b"x"), ("a.csv", b"wrong,columns\n1,2"),
                          ("a.csv", "\xff".encode("latin-1"))):
        response = client.post(url, {"file": SimpleUploadedFile(name, content)})
        assert response.status_code == 200 and "rows" not in response.context
    assert not Activity.objects.exists()


def test_expired_preview(world, client_for):
    response = client_for(world.officer).post(reverse("activities:bulk_import"), {"confirm": "1", "token": "x"})
    assert response.status_code == 302


def test_changing_an_existing_activity_of_another_provider_is_refused(world, client_for):
    make_activity(reporter=world.other_provider, identifier="UNDO-9")
    response = client_for(world.officer).post(reverse("activities:bulk_import"), {"file": _csv(
        "UNDO-9,DE-1-0001,Taken over,,2,,,EUR,,,,,")})
    assert response.context["rows"][0].errors == ["You may not add or change this activity."]
    assert Activity.objects.get(iati_identifier="UNDO-9").reporting_organisation == world.other_provider


@pytest.mark.parametrize("person", ["expert", "agency_a", "anonymous"])
def test_who_may_not_import(world, client_for, person):
    client = client_for(world.person(person))
    response = client.post(reverse("activities:bulk_import"), {"file": _csv(*VALID)})
    assert response.status_code == (302 if person == "anonymous" else 403)
    assert not Activity.objects.exists()


def test_template_has_every_column(world, client_for):
    response = client_for(world.officer).get(reverse("activities:bulk_import_template"))
    workbook = load_workbook(io.BytesIO(response.content))
    assert [cell.value for cell in workbook["activities"][1]] == bulk.COLUMN_NAMES
    rows = bulk.read_table(response.content, "template.xlsx")
    assert rows[0].cells["recipient_countries"] == "KE:60; TZ:40"


def test_parse_shares():
    assert bulk.parse_shares("KE:60; TZ : 40") == [("KE", 60), ("TZ", 40)]
    assert bulk.parse_shares("KE") == [("KE", None)]
    with pytest.raises(ValueError):
        bulk.parse_shares("KE:sixty")

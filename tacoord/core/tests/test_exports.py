"""CSV and XLSX exports of a table."""

import csv
import io

import pytest
from openpyxl import load_workbook

from tacoord.core.exports import export_response
from tacoord.core.tables import Column
from tacoord.organisations.models import Organisation

pytestmark = pytest.mark.django_db

COLUMNS = [Column("name", "Name"), Column("country.name", "Country"), Column("is_focal_point", "Focal point"),
           Column(lambda org: org.name.upper(), "Shout")]


def test_csv_has_header_rows_and_bom(world):
    response = export_response(columns=COLUMNS, queryset=Organisation.objects.filter(pk=world.fp_org_b.pk),
                               file_stem="organisations", fmt="csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="organisations.csv"'
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows == [["Name", "Country", "Focal point", "Shout"],
                    ["Peru Ministry of Justice", "Peru", "yes", "PERU MINISTRY OF JUSTICE"]]


def test_missing_relation_is_empty(world):
    response = export_response(columns=COLUMNS, queryset=Organisation.objects.filter(pk=world.other_provider.pk),
                               file_stem="x", fmt="csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8").lstrip("\ufeff"))))
    assert rows[1][1:3] == ["", "no"]


def test_xlsx_is_a_workbook_with_the_same_rows(world):
    response = export_response(columns=COLUMNS, queryset=Organisation.objects.filter(country=world.state_a),
                               file_stem="organisations", fmt="xlsx")
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == 'attachment; filename="organisations.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "organisations"
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == ["Name", "Country", "Focal point", "Shout"]
    assert sorted(row[0] for row in rows[1:]) == ["Kenya National Police Service",
                                                   "Kenya Office of the Attorney General"]

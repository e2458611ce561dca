import csv
import io

import pytest
from django.test import Client

from tacoord.reference.models import Country
from tacoord.testing.factories import FocalPointOrganisationFactory, GovernmentAgencyFactory

pytestmark = pytest.mark.django_db


def _page(url: str, **query) -> str:
    response = Client().get(url, query)
    assert response.status_code == 200, url
    return response.content.decode()


def test_index_lists_instruments_clusters_and_lists(reference_data):
    page = _page("/reference/", language="fr")
    for text in ("Protocole relatif aux armes à feu", "Incrimination et compétence",
                 "Application des Protocoles", "Rédaction de textes législatifs", "Portugais"):
        assert text in page


def test_country_list_in_french_filtered_by_region(reference_data):
    page = _page("/reference/countries/", language="fr", region="150", is_ldc="false")
    assert "Allemagne" in page and "Saint-Siège" in page and "Kenya" not in page
    assert page.index("Allemagne") < page.index("Autriche") < page.index("Belgique")


def test_country_page_in_arabic_shows_focal_point_and_agencies(reference_data):
    kenya = Country.objects.get(iso2="KE")
    focal_point = FocalPointOrganisationFactory(country=kenya, name="Office of the Attorney-General of Kenya")
    GovernmentAgencyFactory(country=kenya, parent=focal_point, name="National Police Service of Kenya")
    page = _page("/reference/countries/KE/", language="ar")
    assert 'dir="rtl"' in page and "كينيا" in page and "أفريقيا" in page
    assert "Office of the Attorney-General of Kenya" in page and "National Police Service of Kenya" in page


def test_country_page_without_focal_point(reference_data):
    page = _page("/reference/countries/XK/", language="fr")
    assert "Kosovo" in page and "National Police" not in page


def test_instrument_page_filtered_by_cluster(reference_data):
    page = _page("/reference/instruments/UNTOC/", cluster="IC", language="fr")
    assert "Entraide judiciaire" in page and "Extradition" in page
    assert "Incrimination de la corruption" not in page
    assert Client().get("/reference/instruments/NOPE/").status_code == 404


def test_article_page_in_arabic_and_french(reference_data):
    page = _page("/reference/instruments/TIP/articles/6/", language="ar")
    assert "مساعدة ضحايا الاتجار بالأشخاص وحمايتهم" in page and "بروتوكول الاتجار بالأشخاص" in page
    assert "/reference/instruments/TIP/articles/7/" in page and "/reference/instruments/TIP/articles/5/" in page
    page = _page("/reference/instruments/TIP/articles/6/", language="fr")
    assert "Assistance et protection accordées aux victimes de la traite des personnes" in page
    assert Client().get("/reference/instruments/TIP/articles/99/").status_code == 404


def test_article_list_filters(reference_data):
    page = _page("/reference/articles/", instrument="FIR", kind="final", language="es")
    assert "Solución de controversias" in page and "Marcación de las armas de fuego" not in page
    page = _page("/reference/articles/", q="extradition")
    assert "/reference/instruments/UNTOC/articles/16/" in page


def test_article_list_exports(reference_data):
    response = Client().get("/reference/articles/", {"instrument": "SOM", "cluster": "IC", "export": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Instrument", "Article", "Title", "Cluster", "Final clause"]
    assert [row[1] for row in rows[1:]] == ["7", "8", "9", "13", "17", "18"]
    response = Client().get("/reference/articles/", {"kind": "substantive", "export": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")

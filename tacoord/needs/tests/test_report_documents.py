"""The analytical report as PDF and DOCX: made on the server, counting only the needs the user may see."""

import io

import pytest
from docx import Document

from tacoord.needs.choices import NeedStatus
from tacoord.needs.models import Need
from tacoord.needs.services import needs_derive, rules_install_default
from tacoord.needs.tests import helpers

pytestmark = pytest.mark.django_db


@pytest.fixture
def derived(world):
    articles = helpers.reference()
    template = helpers.self_assessment(articles)
    rules_install_default()
    cycle = helpers.cycle(template)
    response = helpers.response(cycle, world.state_a)
    helpers.needing(response, "untoc_a5", ta_types=["training", "legal-advice"])
    helpers.needing(response, "tip_a5", ta_types=["legislative-drafting"], priority="low")
    needs_derive(response=response)
    Need.objects.filter(ta_type__code="training").update(status=NeedStatus.VALIDATED)
    return cycle


def pdf(client, query=""):
    response = client.get(f"/needs/analysis/report/?format=pdf{query}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="needs-analytical-report')
    assert response.content.startswith(b"%PDF-") and b"%%EOF" in response.content[-64:]
    return response.content


def docx_text(client, query=""):
    response = client.get(f"/needs/analysis/report/?format=docx{query}")
    assert response.status_code == 200 and response["Content-Disposition"].endswith('.docx"')
    document = Document(io.BytesIO(response.content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return document, [paragraph.text for paragraph in document.paragraphs], cells


def test_pdf_counts_what_the_user_may_see(world, client_for, derived):
    # The summary is the document's subject: the secretariat's counts all three needs, a provider's the validated one.
    assert b"Current needs: 3" in pdf(client_for(world.secretariat), f"&later={derived.pk}")
    assert b"Current needs: 1" in pdf(client_for(world.officer))
    assert b"Current needs: 3" in pdf(client_for(world.focal_a))
    assert b"Current needs: 1" in pdf(client_for(world.focal_b))  # another State's focal point: validated only
    assert b"Current needs: 0" in pdf(client_for(None))  # the public sees no need


def test_docx_report(world, client_for, derived):
    document, paragraphs, cells = docx_text(client_for(world.secretariat), f"&later={derived.pk}")
    assert paragraphs[0] == "Technical assistance needs: analytical report"
    assert "Current needs: 3 · States: 1 · Responses submitted: 0" in paragraphs
    assert "Needs by Priority" in paragraphs and "High" in cells and "Criminal justice responses" in cells
    _document, _paragraphs, cells = docx_text(client_for(world.officer))
    assert cells[cells.index("Training") + 1] == "1" and "Legal advice" not in cells


def test_unknown_format_is_the_page_and_bad_cycles_are_ignored(world, client_for, derived):
    client = client_for(world.secretariat)
    page = client.get("/needs/analysis/report/?format=exe&later=abc")
    assert page.status_code == 200 and page["Content-Type"].startswith("text/html")
    assert "format=pdf" in page.content.decode()
    assert pdf(client, "&later=999999&earlier=x")


def test_documents_in_other_languages(world, client_for, derived):
    client = client_for(world.secretariat)
    for language in ("zh-hans", "ru", "ar"):
        assert pdf(client, f"&language={language}")
        document, _paragraphs, _cells = docx_text(client, f"&language={language}")
    # Arabic paragraphs are marked right to left in the DOCX.
    assert document.paragraphs[0]._p.pPr.find(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}bidi") is not None

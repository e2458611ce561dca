"""The cycle that first raised a need, the articles' priority areas as data, "Derive again", and the analysis
counted in one statement."""

import csv
import datetime
import io

import pytest

from tacoord.core.models import ObjectChange
from tacoord.core.selectors import object_history
from tacoord.needs.choices import NeedStatus
from tacoord.needs.models import ArticlePriorityArea, Need
from tacoord.needs.selectors import DIMENSIONS, _counts, current_needs, needs_count_by, priority_area_mapping
from tacoord.needs.services import needs_derive, needs_derive_cycle, rules_install_default
from tacoord.needs.tests import helpers
from tacoord.reference.models import PriorityArea
from tacoord.reporting.models import QuestionnaireResponse

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_cycles(world):
    articles = helpers.reference()
    template = helpers.self_assessment(articles)
    rules_install_default()
    earlier = helpers.cycle(template, name="Cycle 2024", opens_on=datetime.date(2024, 1, 1))
    later = helpers.cycle(template, name="Cycle 2026", opens_on=datetime.date(2026, 1, 1))
    first = helpers.response(earlier, world.state_a)
    helpers.needing(first, "untoc_a5", ta_types=["training"])
    needs_derive(response=first)
    second = helpers.response(later, world.state_a)
    helpers.needing(second, "untoc_a5", ta_types=["training"], priority="low")
    helpers.needing(second, "tip_a5", ta_types=["legal-advice"])
    needs_derive(response=second)
    return articles, earlier, later, first, second


# ------------------------------------------------------------------------------------------------ first cycle


def test_first_cycle_kept_when_a_later_cycle_finds_the_need_again(world, two_cycles):
    articles, earlier, later, _first, second = two_cycles
    carried = Need.objects.get(article=articles["untoc_a5"])
    assert carried.first_cycle == earlier and carried.source_response == second and carried.priority == "low"
    assert Need.objects.get(article=articles["tip_a5"]).first_cycle == later


def test_first_cycle_on_page_filter_api_and_export(world, client_for, api_for, two_cycles):
    articles, earlier, later, *_ = two_cycles
    need = Need.objects.get(article=articles["untoc_a5"])
    client = client_for(world.focal_a)
    assert "Cycle 2024" in client.get(f"/needs/{need.pk}/").content.decode()
    listed = client.get(f"/needs/?first_cycle={earlier.pk}").context["page"].object_list
    assert [n.pk for n in listed] == [need.pk]
    assert client.get("/needs/?first_cycle=999999").status_code == 200  # unknown: a form error, not a 500
    rows = list(csv.reader(io.StringIO(client.get("/needs/?export=csv").content.decode().lstrip("\ufeff"))))
    assert rows[0][-1] == "First raised in cycle" and {row[-1] for row in rows[1:]} == {"Cycle 2024", "Cycle 2026"}
    data = api_for(world.focal_a).get(f"/api/needs/{need.pk}/").data
    assert data["first_cycle"] == earlier.pk
    # Read-only through the API.
    api_for(world.focal_a).patch(f"/api/needs/{need.pk}/", {"first_cycle": later.pk}, format="json")
    assert Need.objects.get(pk=need.pk).first_cycle == earlier
    assert api_for(world.focal_a).get(f"/api/needs/?first_cycle={later.pk}").data["count"] == 1
    # Others see it only on the needs they may see: a provider none of these (not validated), the public nothing.
    assert api_for(world.officer).get(f"/api/needs/?first_cycle={earlier.pk}").data["count"] == 0
    assert client_for(None).get(f"/needs/{need.pk}/").status_code in {302, 404}


# ------------------------------------------------------------------------------------------------ priority areas


def test_mapping_seeded_once_and_read_by_derivation(world, two_cycles):
    articles, *_ = two_cycles
    mapping = priority_area_mapping()
    areas = dict(PriorityArea.objects.values_list("pk", "number"))
    assert {areas[mapping[article.pk]] for article in articles.values()} == {2, 3, 5}
    count = ArticlePriorityArea.objects.count()
    rules_install_default()
    assert ArticlePriorityArea.objects.count() == count == 3
    assert object_history(obj=ArticlePriorityArea.objects.first()).count() == 1


def test_secretariat_edits_mapping_and_derive_again_updates_needs(world, client_for, two_cycles):
    articles, _earlier, later, _first, second = two_cycles
    row = ArticlePriorityArea.objects.get(article=articles["tip_a5"])
    area3 = PriorityArea.objects.get(number=3)
    client = client_for(world.secretariat)
    assert client.get("/needs/priority-areas/").status_code == 200
    response = client.post(f"/needs/priority-areas/{row.pk}/edit/", {"priority_area": area3.pk})
    assert response.status_code == 302, response.context["form"].errors
    row.refresh_from_db()
    assert row.priority_area == area3 and object_history(obj=row).count() == 2
    # A need a person edited keeps its area; the derived one is brought up to date by "Derive again".
    need = Need.objects.get(article=articles["tip_a5"])
    assert need.priority_area.number == 5
    response = client.post("/needs/derive/", {"cycle": later.pk})
    assert response.status_code == 302 and response["Location"] == later.get_absolute_url()
    need.refresh_from_db()
    assert need.priority_area == area3 and need.first_cycle == later
    assert ObjectChange.objects.filter(changed_object_id=str(need.pk), user=world.secretariat).exists()


def test_mapping_denied_to_others_and_bad_input(world, client_for, api_for, two_cycles):
    articles, *_ = two_cycles
    row = ArticlePriorityArea.objects.get(article=articles["tip_a5"])
    for user in (world.focal_a, world.officer, world.agency_a):
        client = client_for(user)
        assert client.get(f"/needs/priority-areas/{row.pk}/").status_code == 200  # readable when signed in
        assert client.post(f"/needs/priority-areas/{row.pk}/edit/", {"priority_area": ""}).status_code in {403, 404}
        assert api_for(user).patch(f"/api/needs/priority-areas/{row.pk}/", {"priority_area": None},
                                   format="json").status_code in {403, 404}
    assert client_for(None).get(f"/needs/priority-areas/{row.pk}/").status_code in {302, 404}
    assert ArticlePriorityArea.objects.get(pk=row.pk).priority_area.number == 5
    api = api_for(world.secretariat)
    bad = api.patch(f"/api/needs/priority-areas/{row.pk}/", {"priority_area": 99}, format="json")
    assert bad.status_code == 400
    # One row per article: a second row for the same article is refused on the field.
    page = client_for(world.secretariat).post("/needs/priority-areas/add/", {"article": articles["tip_a5"].pk})
    assert page.status_code == 200 and "article" in page.context["form"].errors
    good = api.patch(f"/api/needs/priority-areas/{row.pk}/", {"priority_area": None}, format="json")
    assert good.status_code == 200 and ArticlePriorityArea.objects.get(pk=row.pk).priority_area is None


def test_archived_mapping_gives_no_area(world, two_cycles):
    articles, _earlier, later, *_ = two_cycles
    ArticlePriorityArea.objects.filter(article=articles["tip_a5"]).update(archived_at=datetime.datetime.now(
        datetime.UTC))
    needs_derive_cycle(cycle=later)
    assert Need.objects.get(article=articles["tip_a5"]).priority_area is None


# ------------------------------------------------------------------------------------------------ derive again


def test_derive_again_only_for_the_secretariat(world, client_for, two_cycles):
    _articles, _earlier, later, _first, second = two_cycles
    for user in (world.focal_a, world.agency_a, world.officer):
        client = client_for(user)
        assert client.get("/needs/derive/").status_code == 403
        assert client.post("/needs/derive/", {"cycle": later.pk}).status_code == 403
        assert client.post("/needs/derive/", {"response": second.pk}).status_code == 403
    assert client_for(None).post("/needs/derive/", {"cycle": later.pk}).status_code == 302  # to sign in
    client = client_for(world.secretariat)
    page = client.get("/needs/derive/")
    assert page.status_code == 200 and "Derive needs again" in page.content.decode()
    assert client.post("/needs/derive/", {"cycle": "x"}).status_code == 404
    assert client.post("/needs/derive/", {"response": "999999"}).status_code == 404
    response = client.post("/needs/derive/", {"response": second.pk, "next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == second.get_absolute_url()


def test_derive_again_leaves_superseded_states_alone(world, client_for, two_cycles):
    articles, earlier, _later, first, second = two_cycles
    QuestionnaireResponse.objects.filter(pk=second.pk).update(submitted_at=datetime.datetime.now(datetime.UTC))
    client_for(world.secretariat).post("/needs/derive/", {"cycle": earlier.pk})
    need = Need.objects.get(article=articles["untoc_a5"])
    assert need.source_response == second and need.priority == "low"
    assert Need.objects.get(article=articles["tip_a5"]).status == NeedStatus.IDENTIFIED


# ------------------------------------------------------------------------------------------------ analysis counts


def test_counts_in_one_statement_match_one_query_each(world, two_cycles, django_assert_max_num_queries):
    needs = current_needs(user=world.secretariat)
    with django_assert_max_num_queries(1):
        together = _counts(needs, DIMENSIONS)
    assert together == [_counts(needs, [dimension])[0] for dimension in DIMENSIONS]
    by_priority = {row.key: row.count for row in needs_count_by(needs=needs, dimension=DIMENSIONS[-1])}
    assert by_priority == {"high": 1, "medium": 0, "low": 1}
    assert _counts(current_needs(user=None), DIMENSIONS) == [{} for _dimension in DIMENSIONS]


def test_analysis_folds_long_tables(world, client_for, two_cycles, monkeypatch):
    from tacoord.needs import views

    monkeypatch.setattr(views, "FOLD", 1)
    page = client_for(world.secretariat).get("/needs/analysis/").content.decode()
    assert "Show all 2 rows" in page and 'hx-get="?table=article"' in page
    assert client_for(world.secretariat).get("/needs/analysis/?table=article").status_code == 200


def test_bulk_creation_logs_what_a_save_would(world, two_cycles):
    """Needs created in bulk get the change-log entry the signals would write: the same fields, the same name."""
    from tacoord.core.serialization import serialize_object

    for need in Need.objects.all():
        entry = object_history(obj=need).get(action="create")
        assert entry.object_repr == str(need)
        expected = serialize_object(need)
        assert set(entry.postchange_data) == set(expected)
        assert entry.postchange_data["derivation_key"] == need.derivation_key
        assert entry.postchange_data["first_cycle_id"] == need.first_cycle_id


def test_derive_again_buttons_on_the_cycle_and_response_pages(world, client_for, two_cycles):
    _articles, _earlier, later, _first, second = two_cycles
    QuestionnaireResponse.objects.filter(pk=second.pk).update(submitted_at=datetime.datetime.now(datetime.UTC),
                                                              status="submitted")
    secretariat = client_for(world.secretariat)
    for url in (later.get_absolute_url(), second.get_absolute_url()):
        assert 'action="/needs/derive/"' in secretariat.get(url).content.decode()
        page = client_for(world.focal_a).get(url)
        assert page.status_code in {200, 404} and 'action="/needs/derive/"' not in page.content.decode()


def test_remembered_conditions_give_what_evaluating_gives():
    from tacoord.needs.services import _memoized_is_true
    from tacoord.questionnaires.expressions import is_true

    holds = _memoized_is_true()
    condition = "${status} = 'no' and selected(${ta_types}, 'training')"
    cases = [{"status": "no", "ta_types": ["training"]}, {"status": "no", "ta_types": ["legal-advice"]},
             {"status": "yes", "ta_types": ["training"]}, {"status": "no", "ta_types": "training"},
             {"status": "no", "ta_types": None}, {"status": "no", "ta_types": {"odd": "value"}}]
    for values in cases * 2:
        assert holds(condition, values) == is_true(condition, values), values


def test_compact_filter_selects(world, client_for, two_cycles, django_assert_max_num_queries):
    """The analysis filters write their options directly, keep the chosen one, and read each list in one query."""
    articles, earlier, *_ = two_cycles
    client = client_for(world.secretariat)
    html = client.get(f"/needs/analysis/?country=KE&first_cycle={earlier.pk}").content.decode()
    assert '<select id="id_country" name="country"><option value="">---------</option>' in html
    assert '<option value="KE" selected>Kenya</option>' in html
    assert f'<option value="{earlier.pk}" selected>Cycle 2024</option>' in html
    assert f'<option value="{articles["tip_a5"].pk}">TIP 5: Criminalization</option>' in html
    with django_assert_max_num_queries(25):
        client.get("/needs/analysis/")


def test_install_command_fills_the_mapping_once(world, capsys):
    from django.core.management import call_command

    helpers.reference()
    call_command("install_derivation_rules")
    assert "3 articles given their default priority area" in capsys.readouterr().out
    call_command("install_derivation_rules")
    assert "0 articles given their default priority area" in capsys.readouterr().out

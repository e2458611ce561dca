import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tacoord.activities.models import Activity, RecipientCountry
from tacoord.activities.services import activity_save
from tacoord.activities.templatetags.activity_tags import parts_differences
from tacoord.activities.tests.helpers import make_activity
from tacoord.core.i18n import LANGUAGE_SUFFIXES
from tacoord.core.models import ObjectChange
from tacoord.needs.models import Need
from tacoord.reference.models import Article, Cluster, CodelistItem, Instrument, Sector, TechnicalAssistanceType


@pytest.fixture
def activities(world):
    kenya = make_activity(reporter=world.provider, identifier="DE-1-0001-KE", title="Kenya prosecutors",
                          countries=[world.state_a], children={"sectors": [{"code": "15130"}],
                                                               "transactions": [{"type": "2", "date": "2025-02-01",
                                                                                 "value": "1000"}]})
    both = make_activity(reporter=world.other_provider, identifier="UNDO-2", title="Regional border training",
                         countries=[world.state_a, world.state_b], coordination_setting="regional",
                         planned_start="2022-01-01", planned_end="2023-06-30")
    return kenya, both


def _listed(response):
    return response.content.decode()


def test_list_is_public_and_filters(world, client_for, activities):
    kenya, both = activities
    client = client_for(None)
    url = reverse("activities:activity_list")
    page = _listed(client.get(url))
    assert "Kenya prosecutors" in page and "Regional border training" in page
    assert "Kenya prosecutors" not in _listed(client.get(url, {"country": "PE"}))
    assert "Kenya prosecutors" not in _listed(client.get(url, {"year": "2022"}))
    assert "Regional border training" in _listed(client.get(url, {"year": "2022"}))
    assert "Regional border training" not in _listed(client.get(url, {"sector": "151"}))
    assert "Kenya prosecutors" not in _listed(client.get(url, {"q": "border"}))
    assert "Kenya prosecutors" not in _listed(client.get(url, {"coordination_setting": "regional"}))
    assert "Regional border training" not in _listed(client.get(url, {"provider": world.provider.pk}))
    # A nonsense filter value is shown on the form, never a server error.
    assert client.get(url, {"year": "abc", "country": "ZZ"}).status_code == 200


def test_humanitarian_filter_takes_the_activity_flag_or_a_transaction_flag(world, client_for):
    flagged = make_activity(reporter=world.provider, identifier="DE-1-0001-H1", title="Flagged relief",
                            humanitarian=True)
    by_transaction = make_activity(
        reporter=world.provider, identifier="DE-1-0001-H2", title="Relief by transaction", children={"transactions": [
            {"type": "3", "date": "2025-02-01", "value": "100", "currency": "USD", "humanitarian": True}]})
    make_activity(reporter=world.provider, identifier="DE-1-0001-H3", title="Plain development")
    url = reverse("activities:activity_list")
    yes = _listed(client_for(None).get(url, {"humanitarian": "true"}))
    no = _listed(client_for(None).get(url, {"humanitarian": "false"}))
    assert str(flagged) in yes and str(by_transaction) in yes and "Plain development" not in yes
    assert "Plain development" in no and str(flagged) not in no and str(by_transaction) not in no
    api = client_for(None).get("/api/activities/", {"humanitarian": "true"}).json()
    assert sorted(item["iati_identifier"] for item in api["results"]) == ["DE-1-0001-H1", "DE-1-0001-H2"]
    page = client_for(None).get(reverse("activities:wdww:overview"), {"humanitarian": "true"}).content.decode()
    assert "2 activities" in page


def test_exports_and_split_export(world, client_for, activities):
    client = client_for(None)
    url = reverse("activities:activity_list")
    response = client.get(url, {"export": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 3
    response = client.get(url, {"export": "csv", "split": "1", "country": "PE"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    # The regional activity is split over its two countries, 50 % each.
    assert sorted(row["Country code"] for row in rows) == ["KE", "PE"]
    assert {row["Share of the activity"] for row in rows} == {"0.5000"}
    response = client.get(url, {"export": "xlsx", "split": "1", "q": "Kenya"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    values = dict(zip(header, [cell.value for cell in sheet[2]], strict=True))
    assert values["Commitments (share)"] == "1000.00" and values["Sector code"] == "15130"


def test_detail_shows_parts_in_the_users_language(world, client_for, activities):
    kenya, _both = activities
    kenya.title = {"en": "Kenya prosecutors", "fr": "Procureurs du Kenya"}
    kenya.save()
    response = client_for(None).get(kenya.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fr")
    page = response.content.decode()
    assert "Procureurs du Kenya" in page and "15130" in page and "DE-1-0001-KE" in page


def test_archived_activity_hidden_from_the_public(world, client_for, activities):
    kenya, _both = activities
    kenya.mark_archived()
    kenya.save()
    assert client_for(None).get(kenya.get_absolute_url()).status_code == 404
    assert client_for(world.officer).get(kenya.get_absolute_url()).status_code == 200


def test_programme_lists_its_activities(world, client_for):
    programme = make_activity(reporter=world.provider, identifier="DE-1-0001-PROG", title="Global programme")
    make_activity(reporter=world.provider, identifier="DE-1-0001-C1", title="Country component", parent=programme)
    page = client_for(None).get(programme.get_absolute_url()).content.decode()
    assert "Activities of this programme" in page and "Country component" in page


def _form_data(**changes):
    data = {"iati_identifier": "", "reporting_organisation": "", "status": "2", "hierarchy": "1",
            "default_language": "en", "default_currency": "EUR", "title_en": "Cybercrime investigators",
            "planned_start": "2026-01-01", "planned_end": "2026-12-31"}
    for name in ("participating_organisations", "recipient_countries", "recipient_regions", "sectors", "budgets",
                 "transactions", "related_activities", "document_links", "policy_markers", "tags"):
        data[f"{name}-TOTAL_FORMS"] = "0"
        data[f"{name}-INITIAL_FORMS"] = "0"
    data.update(changes)
    return data


def _countries(world, *shares):
    data = {"recipient_countries-TOTAL_FORMS": str(len(shares))}
    for index, (country, share) in enumerate(shares):
        data[f"recipient_countries-{index}-country"] = country.pk
        data[f"recipient_countries-{index}-percentage"] = share
    return data


def test_provider_officer_adds_an_activity_fixing_a_validation_error(world, client_for):
    client = client_for(world.officer)
    url = reverse("activities:activity_add")
    assert client.get(url).status_code == 200
    data = _form_data(reporting_organisation=world.provider.pk, **_countries(world, (world.state_a, "60"),
                                                                             (world.state_b, "30")))
    response = client.post(url, data)
    assert response.status_code == 200
    assert "add up to 90," in response.content.decode()
    assert not Activity.objects.exists()
    data.update(_countries(world, (world.state_a, "60"), (world.state_b, "40")))
    response = client.post(url, data)
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert activity.title == {"en": "Cybercrime investigators"}
    assert RecipientCountry.objects.filter(activity=activity).count() == 2


def test_row_error_shown_on_its_row(world, client_for):
    data = _form_data(reporting_organisation=world.provider.pk, **{
        "budgets-TOTAL_FORMS": "1", "budgets-0-type": "1", "budgets-0-status": "1",
        "budgets-0-period_start": "2026-01-01", "budgets-0-period_end": "2025-01-01", "budgets-0-value": "10"})
    response = client_for(world.officer).post(reverse("activities:activity_add"), data)
    assert response.status_code == 200
    assert 'id="id_budgets-0-period_end-error"' in response.content.decode()


def test_provider_officer_cannot_report_for_another_organisation(world, client_for):
    response = client_for(world.officer).post(reverse("activities:activity_add"), _form_data(
        reporting_organisation=world.other_provider.pk))
    assert response.status_code == 200
    assert not Activity.objects.exists()


@pytest.mark.parametrize("person, status", [("other_officer", 403), ("focal_a", 403), ("expert", 403)])
def test_others_cannot_edit(world, client_for, activities, person, status):
    kenya, _both = activities
    url = reverse("activities:activity_edit", kwargs={"pk": kenya.pk})
    client = client_for(world.person(person))
    assert client.get(url).status_code == status
    assert client.post(url, _form_data(reporting_organisation=world.provider.pk)).status_code == status
    assert Activity.objects.get(pk=kenya.pk).title == {"en": "Kenya prosecutors"}


def test_anonymous_is_sent_to_sign_in(world, client_for, activities):
    kenya, _both = activities
    client = client_for(None)
    for url in (reverse("activities:activity_add"), reverse("activities:activity_edit", kwargs={"pk": kenya.pk}),
                reverse("activities:bulk_import")):
        assert client.post(url, {}).status_code == 302
    assert client.post(reverse("activities:activity_archive", kwargs={"pk": kenya.pk})).status_code == 302
    assert Activity.objects.get(pk=kenya.pk).archived_at is None


def test_edit_keeps_other_languages_and_restore_brings_back_parts(world, client_for, activities):
    kenya, _both = activities
    kenya.title = {"en": "Kenya prosecutors", "sw": "Waendesha mashtaka"}
    kenya.save()
    client = client_for(world.officer)
    url = reverse("activities:activity_edit", kwargs={"pk": kenya.pk})
    assert "Kenya prosecutors" in client.get(url).content.decode()
    data = _form_data(reporting_organisation=world.provider.pk, title_en="Kenya prosecutors (phase 2)",
                      iati_identifier="DE-1-0001-KE", **_countries(world, (world.state_b, "")))
    assert client.post(url, data).status_code == 302
    kenya.refresh_from_db()
    assert kenya.title == {"en": "Kenya prosecutors (phase 2)", "sw": "Waendesha mashtaka"}
    assert [row.country for row in kenya.recipient_countries.all()] == [world.state_b]
    history = reverse("activities:activity_history", kwargs={"pk": kenya.pk})
    assert client_for(None).get(history).status_code == 200
    first = ObjectChange.objects.filter(changed_object_id=str(kenya.pk), action="create",
                                        changed_object_type__model="activity").get()
    assert client.post(history, {"change": first.pk}).status_code == 302
    kenya.refresh_from_db()
    assert kenya.title["en"] == "Kenya prosecutors"
    assert [row.country for row in kenya.recipient_countries.all()] == [world.state_a]
    assert kenya.transactions.count() == 1


def test_archive(world, client_for, activities):
    kenya, both = activities
    assert client_for(world.officer).post(reverse("activities:activity_archive", kwargs={"pk": both.pk})) \
        .status_code == 403
    assert Activity.objects.get(pk=both.pk).archived_at is None
    client_for(world.officer).post(reverse("activities:activity_archive", kwargs={"pk": kenya.pk}))
    assert Activity.objects.get(pk=kenya.pk).archived_at is not None


def test_country_panel_and_search(world, client_for, activities):
    page = client_for(None).get(reverse("reference:country", kwargs={"iso2": "PE"})).content.decode()
    assert "Technical assistance activities" in page and "Regional border training" in page
    assert "Kenya prosecutors" not in page
    response = client_for(None).get(reverse("search"), {"q": "border"})
    assert "Regional border training" in response.content.decode()


def test_title_fields_for_every_un_language(world, client_for):
    page = client_for(world.secretariat).get(reverse("activities:activity_add")).content.decode()
    for suffix in LANGUAGE_SUFFIXES:
        assert f'name="title_{suffix}"' in page


def test_history_shows_parts_row_by_row(world, client_for, activities):
    kenya, _both = activities
    client = client_for(world.officer)
    data = _form_data(reporting_organisation=world.provider.pk, title_en="Kenya prosecutors",
                      iati_identifier="DE-1-0001-KE", **_countries(world, (world.state_b, "")))
    assert client.post(reverse("activities:activity_edit", kwargs={"pk": kenya.pk}), data).status_code == 302
    page = client_for(None).get(reverse("activities:activity_history", kwargs={"pk": kenya.pk})).content.decode()
    assert "Recipient countries" in page
    # Countries by name, not by key.
    assert f"country {world.state_a}" in page and f"country {world.state_b}" in page
    assert f"country {world.state_a.pk}," not in page


def test_history_names_related_records_the_viewer_may_see(world, client_for, activities):
    kenya, _both = activities
    untoc = Instrument.objects.create(code="UNTOC", name_en="Convention", short_name_en="UNTOC", position=1)
    article = Article.objects.create(instrument=untoc, number=6, name_en="Laundering of proceeds of crime",
                                     cluster=Cluster.objects.create(code="CRIM", name_en="Criminalization", position=1))
    client = client_for(world.officer)
    data = _form_data(reporting_organisation=world.provider.pk, title_en="Kenya prosecutors",
                      iati_identifier="DE-1-0001-KE", articles=[article.pk], **_countries(world, (world.state_b, "")))
    assert client.post(reverse("activities:activity_edit", kwargs={"pk": kenya.pk}), data).status_code == 302
    page = client_for(None).get(reverse("activities:activity_history", kwargs={"pk": kenya.pk})).content.decode()
    assert str(article) in page and f"[{article.pk}]" not in page


def test_needs_shown_only_to_those_who_may_see_them(world, client_for):
    ta_type = TechnicalAssistanceType.objects.create(code="training", name_en="Training")
    need = Need.objects.create(country=world.state_a, ta_type=ta_type, description="Secret gap",
                               priority_area=None, cluster=None, article=None, status="identified")
    activity = make_activity(reporter=world.provider, identifier="DE-1-0001-N", relations={"needs": [need.pk]})
    assert str(need) not in client_for(None).get(activity.get_absolute_url()).content.decode()
    assert str(need) in client_for(world.focal_a).get(activity.get_absolute_url()).content.decode()


def test_filter_choices_are_what_the_viewer_may_see(world, client_for):
    programme = make_activity(reporter=world.provider, identifier="DE-1-0001-PG", title="Hidden programme")
    make_activity(reporter=world.provider, identifier="DE-1-0001-PC", parent=programme)
    programme.mark_archived()
    programme.save()
    url = reverse("activities:activity_list")
    assert "Hidden programme" not in client_for(None).get(url).content.decode()
    assert "Defunct Training Institute" not in client_for(None).get(url).content.decode()
    assert "Hidden programme" in client_for(world.officer).get(url).content.decode()


def _rendered_post_data(activity, user):
    """What a browser posts back for the edit page of `activity`, untouched."""
    from tacoord.activities.forms import ActivityForm, part_formsets
    from tacoord.testing.forms import form_data

    form = ActivityForm(instance=activity, user=user)
    data = form_data(form)
    for name in ("planned_start", "planned_end", "actual_start", "actual_end"):
        data[name] = data[name].isoformat() if data.get(name) else ""
    for key in ("articles", "priority_areas", "ta_types", "delivery_languages", "partners", "needs"):
        data[key] = [item.pk if hasattr(item, "pk") else item for item in data.get(key) or []]
    for prefix, formset in part_formsets(activity).items():
        data[f"{prefix}-TOTAL_FORMS"] = str(len(formset.forms))
        data[f"{prefix}-INITIAL_FORMS"] = str(len(formset.forms))
        for index, row_form in enumerate(formset.forms):
            for name, field in row_form.fields.items():
                value = row_form.initial.get(name, field.initial)
                if value is None or name == "DELETE":
                    continue
                data[f"{prefix}-{index}-{name}"] = value.pk if hasattr(value, "pk") else value
    return data


def test_an_untouched_edit_changes_nothing(world, client_for):
    activity = make_activity(
        reporter=world.provider, identifier="DE-1-0001-RT", countries=[world.state_a, world.state_b], children={
            "sectors": [{"code": "15130", "percentage": 70}, {"code": "15210", "percentage": 30}],
            "participating_organisations": [{"role": "1", "organisation": world.provider},
                                            {"role": "4", "name": {"en": "Kenya judiciary", "sw": "Mahakama"}}],
            "budgets": [{"period_start": "2025-01-01", "period_end": "2025-12-31", "value": "5000.50"}],
            "transactions": [{"type": "3", "date": "2025-03-01", "value": "10", "description": {"en": "First"}}],
            "document_links": [{"url": "https://example.org/a.pdf", "title": {"en": "Plan"}}],
            "tags": [{"vocabulary": "99", "code": "x", "narrative": {"en": "Tag"}}],
            "related_activities": [{"ref": "DE-1-0001-KE", "type": "3"}],
            "policy_markers": [{"code": "1", "significance": "1"}],
            "recipient_regions": []})
    before = ObjectChange.objects.count()
    response = client_for(world.officer).post(reverse("activities:activity_edit", kwargs={"pk": activity.pk}),
                                              _rendered_post_data(activity, world.officer))
    assert response.status_code == 302, __import__("re").findall(r'class="error"[^>]*>([^<]*)<',
                                                                 response.content.decode())
    assert ObjectChange.objects.count() == before
    organisation = activity.participating_organisations.get(role="4")
    assert organisation.name == {"en": "Kenya judiciary", "sw": "Mahakama"}


def test_rows_added_and_left_empty_are_ignored(world, client_for):
    data = _form_data(reporting_organisation=world.provider.pk, **{
        "budgets-TOTAL_FORMS": "1", "budgets-0-type": "1", "budgets-0-status": "1",
        "transactions-TOTAL_FORMS": "1", "transactions-0-type": "1",
        "participating_organisations-TOTAL_FORMS": "1", "participating_organisations-0-role": "1",
        "sectors-TOTAL_FORMS": "1", "sectors-0-vocabulary": "1"})
    response = client_for(world.officer).post(reverse("activities:activity_add"), data)
    assert response.status_code == 302
    assert not Activity.objects.get().budgets.exists()


def test_focal_point_reports_for_its_states_agencies_only(world, client_for):
    client = client_for(world.focal_a)
    choices = client.get(reverse("activities:activity_add")).context["form"].fields["reporting_organisation"].queryset
    assert set(choices) == {world.fp_org_a, world.agency_org_a}
    assert client.post(reverse("activities:activity_add"), _form_data(
        reporting_organisation=world.agency_org_a.pk)).status_code == 302
    assert client.post(reverse("activities:activity_add"), _form_data(
        reporting_organisation=world.agency_org_b.pk)).status_code == 200
    assert list(Activity.objects.values_list("reporting_organisation", flat=True)) == [world.agency_org_a.pk]


def test_the_form_suggests_codes_from_the_codelists(world, client_for):
    CodelistItem.objects.create(codelist="Currency", code="KES", name_en="Kenyan Shilling")
    Sector.objects.create(code="15130", name_en="Legal and judicial development")
    page = client_for(world.officer).get(reverse("activities:activity_add")).content.decode()
    assert '<datalist id="codelist-Currency"><option value="KES">Kenyan Shilling</option>' in page
    assert 'value="15130">Legal and judicial development' in page
    assert 'list="codelist-Currency"' in page


def test_history_leaves_out_parts_that_were_empty_before_and_after(db):
    rows = parts_differences({}, None, {"sectors": [{"code": "15130", "percentage": 100}], "tags": []})
    assert [label for label, _before, _after in rows] == ["Sectors"]


def test_history_names_coded_values_with_their_codes(db):
    CodelistItem.objects.create(codelist="OrganisationType", code="40", name_en="Multilateral")
    Sector.objects.create(code="15130", name_en="Legal and judicial development")
    before = {"participating_organisations": [{"role": "1", "ref": "XM-DAC-41114", "name": {}, "type": "40"}],
              "transactions": [{"type": "3", "date": "2025-02-01", "value": "100.00", "currency": "USD"}],
              "related_activities": [{"ref": "XM-1", "type": "1"}], "results": [{"type": "9", "title": {}}]}
    after = {"participating_organisations": [{"role": "4", "ref": "XM-DAC-41114", "name": {}}],
             "transactions": [{"type": "99", "date": "2025-02-01", "value": "100.00", "currency": "USD"}],
             "related_activities": [{"ref": "XM-1", "type": "2"}], "results": [],
             "sectors": [{"code": "15130", "vocabulary": "1", "percentage": "100"},
                         {"code": "15130", "vocabulary": "99", "percentage": "100"}]}
    rows = {label: (rows_before, rows_after) for label, rows_before, rows_after in parts_differences({}, before,
                                                                                                   after)}
    assert rows["Participating organisations"] == (["role Funding (1), organisation type Multilateral (40), "
                                                    "organisation identifier XM-DAC-41114"],
                                                   ["role Implementing (4), organisation identifier XM-DAC-41114"])
    # A code the codelist does not know is shown as it is.
    assert rows["Transactions"][0][0].startswith("type Disbursement (3), date 2025-02-01, value 100.00")
    assert rows["Transactions"][1][0].startswith("type 99, date 2025-02-01")
    assert rows["Related activities"] == (["relation Parent (1), IATI identifier XM-1"],
                                          ["relation Child (2), IATI identifier XM-1"])
    assert rows["Results"] == (["type Other (9)"], [])
    # A DAC purpose code by its name; the same digits in another vocabulary are not a DAC code.
    assert rows["Sectors"] == ([], ["code Legal and judicial development (15130), vocabulary 1, percentage 100",
                                    "code 15130, vocabulary 99, percentage 100"])


def test_policy_markers_are_named_on_the_page_and_in_the_history(world, client_for):
    CodelistItem.objects.create(codelist="PolicyMarker", code="3", name_en="Participatory Development/Good Governance")
    CodelistItem.objects.create(codelist="PolicySignificance", code="2", name_en="principal objective")
    activity = make_activity(reporter=world.provider, identifier="DE-1-0001-PM", children={"policy_markers": [
        {"vocabulary": "1", "code": "3", "significance": "2"},
        {"vocabulary": "99", "code": "3", "significance": ""}]})
    page = client_for(None).get(activity.get_absolute_url()).content.decode()
    assert "Participatory Development/Good Governance (1/3) — principal objective (2)" in page
    assert "Policy marker 99/3</li>" in page  # a publisher's own marker: its code only
    history = client_for(world.officer).get(reverse("activities:activity_history", args=[activity.pk]))
    text = history.content.decode()
    assert "code Participatory Development/Good Governance (3), vocabulary 1" in text
    assert "code 3, vocabulary 99" in text


def test_an_activity_links_its_funders_implementers_and_related_activities(world, client_for):
    funder = make_activity(reporter=world.provider, identifier="DE-1-0001-F", title="Funding line", children={
        "transactions": [{"type": "3", "date": "2025-02-01", "value": "100", "currency": "USD",
                          "receiver_activity_id": "DE-1-0001-I"}],
        "related_activities": [{"ref": "XX-NOT-HERE-1", "type": "3"}]})
    implementer = make_activity(reporter=world.provider, identifier="DE-1-0001-I", title="Implementing project",
                                children={"transactions": [{"type": "1", "date": "2025-02-02", "value": "100",
                                                            "currency": "USD", "provider_activity_id": "DE-1-0001-F"}]})
    child = make_activity(reporter=world.provider, identifier="DE-1-0001-C", title="A component",
                          children={"related_activities": [{"ref": "DE-1-0001-I", "type": "1"}]})
    hidden = make_activity(reporter=world.provider, identifier="DE-1-0001-X", title="Archived funder", children={
        "transactions": [{"type": "2", "date": "2025-02-01", "value": "5", "currency": "USD",
                          "receiver_activity_id": "DE-1-0001-I"}]})
    hidden.mark_archived()
    hidden.save()
    page = client_for(None).get(implementer.get_absolute_url()).content.decode()
    section = page.split('id="linked-activities"')[1].split("</section>")[0]
    assert f'href="{funder.get_absolute_url()}"' in section and "Funds this one" in section
    assert f'href="{child.get_absolute_url()}"' in section and "Names this one as related" in section
    assert "Archived funder" not in section and "DE-1-0001-X" not in section
    page = client_for(None).get(funder.get_absolute_url()).content.decode()
    section = page.split('id="linked-activities"')[1].split("</section>")[0]
    assert f'href="{implementer.get_absolute_url()}"' in section and "Funded by this one" in section
    assert "XX-NOT-HERE-1" in section and "not in tacoord" in section
    # Named both ways (the child names its programme, the programme its child): listed once, as the page's own data.
    activity_save(user=None, activity=implementer, children={"related_activities": [
        {"ref": "DE-1-0001-C", "type": "2"}]})
    page = client_for(None).get(implementer.get_absolute_url()).content.decode()
    section = page.split('id="linked-activities"')[1].split("</section>")[0]
    assert section.count(f'href="{child.get_absolute_url()}"') == 1 and "Names this one as related" not in section


def test_the_detailed_export_names_codes_organisations_by_role_and_money(world, client_for,
                                                                        django_assert_max_num_queries):
    for number in range(3):
        make_activity(reporter=world.provider, identifier=f"DE-1-0001-D{number}", title=f"Detailed {number}",
                      countries=[world.state_a], status="2", children={
                          "participating_organisations": [
                              {"role": "1", "ref": "DE-1", "name": {"en": "German funder"}},
                              {"role": "4", "ref": "", "name": {"en": "Kenya Police"}}],
                          "budgets": [{"type": "1", "status": "1", "period_start": "2025-01-01",
                                       "period_end": "2025-12-31", "value": "1000", "currency": "USD"}],
                          "transactions": [{"type": "3", "date": "2025-02-01", "value": "250", "currency": "USD"}]})
    url = reverse("activities:activity_list")
    with django_assert_max_num_queries(25):  # a few queries a chunk, not a few an activity
        response = client_for(None).get(url, {"export": "csv", "detail": "1", "q": "Detailed"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 3
    row = rows[0]
    assert row["Funding organisations"] == "German funder (DE-1)"
    assert row["Implementing organisations"] == "Kenya Police"
    assert row["Status"] == "Implementation" and row["Recipient countries"].endswith(f"({world.state_a.iso2})")
    assert (row["Budget"], row["Disbursements and expenditure"], row["Currency"]) == ("1000.00", "250.00", "USD")
    xlsx = client_for(None).get(url, {"export": "xlsx", "detail": "1", "q": "Detailed"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.max_row == 4

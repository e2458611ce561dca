import pytest
from django.urls import reverse

from tacoord.assistance.models import Request
from tacoord.assistance.services import offer_accept
from tacoord.assistance.tests.helpers import make_need, make_offer, make_request, to_stage

pytestmark = pytest.mark.django_db
TITLE = "Training of prosecutors on mutual legal assistance"


@pytest.fixture
def circulated(world):
    request = to_stage(world, make_request(world), "accepted")
    from tacoord.assistance.services import request_step

    return request_step(user=world.secretariat, request=request, action="circulate", providers=[world.provider])


@pytest.mark.parametrize(("who", "sees"), [
    ("secretariat", True), ("focal_a", True), ("agency_a", True), ("officer", True), ("colleague", True),
    ("focal_b", False), ("agency_b", False), ("other_officer", False), ("expert", False), ("anonymous", False)])
def test_who_sees_a_circulated_request(world, client_for, circulated, who, sees):
    client = client_for(world.person(who))
    listing = client.get(reverse("assistance:request_list"))
    assert listing.status_code == 200 and (TITLE in listing.content.decode()) == sees
    page = client.get(circulated.get_absolute_url())
    assert page.status_code == (200 if sees else 404)


def test_a_provider_does_not_see_drafts_or_requests_not_circulated_to_it(world, client_for):
    draft = make_request(world, title="Draft only")
    submitted = to_stage(world, make_request(world, title="Submitted only"), "submitted")
    client = client_for(world.officer)
    for request in (draft, submitted):
        assert client.get(request.get_absolute_url()).status_code == 404
    assert client_for(world.focal_a).get(draft.get_absolute_url()).status_code == 200


def test_draft_from_a_need_and_submit_through_the_pages(world, client_for):
    need = make_need(world)
    page = client_for(world.agency_a).get(need.get_absolute_url())
    assert 'id="request-from-need"' in page.content.decode()
    assert 'id="request-from-need"' not in client_for(world.officer).get(need.get_absolute_url()).content.decode()
    form = client_for(world.agency_a).get(reverse("assistance:request_add") + f"?need={need.pk}")
    assert form.status_code == 200 and f'value="{need.pk}" selected' in form.content.decode()
    response = client_for(world.agency_a).post(reverse("assistance:request_add"), {
        "country": world.state_a.pk, "title": "From the need", "needs": [need.pk], "urgency": "high",
        "ta_types": [need.ta_type_id]})
    assert response.status_code == 302, response.content.decode()[:2000]
    request = Request.objects.get(title="From the need")
    assert list(request.needs.all()) == [need] and request.created_by == world.agency_a
    step = reverse("assistance:request_step", args=[request.pk])
    client_for(world.agency_a).post(step, {"action": "submit"})
    request.refresh_from_db()
    assert request.stage == "draft"
    client_for(world.focal_a).post(step, {"action": "submit"})
    request.refresh_from_db()
    assert request.stage == "submitted"


def test_bad_input_is_a_message_not_an_error(world, client_for, circulated):
    client = client_for(world.secretariat)
    step = reverse("assistance:request_step", args=[circulated.pk])
    for data in [{"action": "nonsense"}, {"action": "decline", "note": ""}, {"action": "circulate"},
                 {"action": "merge", "merge_into": "abc"}]:
        response = client.post(step, data, follow=True)
        assert response.status_code == 200
    assert Request.objects.get(pk=circulated.pk).stage == "circulated"
    response = client_for(world.agency_b).post(reverse("assistance:request_add"), {
        "country": world.state_a.pk, "title": "Not mine", "urgency": "low"})
    assert response.status_code == 200 and not Request.objects.filter(title="Not mine").exists()


def test_offer_comparison_and_acceptance_on_the_page(world, client_for, circulated):
    offer = make_offer(world, circulated)
    page = client_for(world.focal_a).get(circulated.get_absolute_url()).content.decode()
    assert "Three workshops" in page and 'value="accept"' in page
    assert 'value="accept"' not in client_for(world.officer).get(circulated.get_absolute_url()).content.decode()
    response = client_for(world.focal_a).post(reverse("assistance:offer_decide", args=[offer.pk]),
                                              {"decision": "accept"})
    assert response.status_code == 302
    circulated.refresh_from_db()
    assert circulated.stage == "agreed"
    country_page = client_for(world.focal_a).get(world.state_a.get_absolute_url()).content.decode()
    assert 'id="country-requests"' in country_page


def test_offer_page_of_another_provider_is_hidden(world, client_for, circulated):
    offer = make_offer(world, circulated)
    assert client_for(world.colleague).get(offer.get_absolute_url()).status_code == 200
    assert client_for(world.other_officer).get(offer.get_absolute_url()).status_code == 404
    assert client_for(world.focal_b).get(offer.get_absolute_url()).status_code == 404
    form = client_for(world.other_officer).post(reverse("assistance:offer_add"), {
        "request": circulated.pk, "provider": world.other_provider.pk, "scope": "x"})
    assert form.status_code in {200, 403}
    assert circulated.offers.count() == 1


def test_pipeline_and_exports(world, client_for, circulated):
    offer_accept(user=world.focal_a, offer=make_offer(world, circulated))
    page = client_for(world.secretariat).get(reverse("assistance:pipeline"))
    text = page.content.decode()
    assert page.status_code == 200 and 'data-stage="agreed"' in text and "Kenya" in text
    csv = client_for(world.secretariat).get(reverse("assistance:pipeline") + "?export=csv")
    assert csv.status_code == 200 and "Kenya" in csv.content.decode("utf-8-sig")
    xlsx = client_for(world.secretariat).get(reverse("assistance:pipeline") + "?country=KE&export=xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert "Kenya" not in client_for(world.focal_b).get(reverse("assistance:pipeline")).content.decode()
    listing = client_for(world.secretariat).get(reverse("assistance:request_list") + "?country=KE&export=csv")
    assert TITLE in listing.content.decode("utf-8-sig")
    assert client_for(None).get(reverse("assistance:pipeline")).status_code == 302


def test_public_sees_only_anonymised_counts(world, client_for, circulated):
    make_request(world, title="A draft nobody else sees")
    page = client_for(None).get(reverse("assistance:statistics"))
    text = page.content.decode()
    assert page.status_code == 200 and TITLE not in text and "Kenya" not in text
    assert '<tr data-stage="circulated"><th scope="row">Circulated to providers</th><td>1</td>' in text
    assert 'data-stage="draft"' not in text


def test_attachment_download_follows_the_request(world, client_for, circulated, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tacoord.assistance.services import attachment_add

    attachment = attachment_add(user=world.secretariat, request=circulated,
                                upload=SimpleUploadedFile("tor.txt", b"terms of reference"))
    url = reverse("assistance:attachment", args=[attachment.pk])
    assert b"".join(client_for(world.officer).get(url).streaming_content) == b"terms of reference"
    assert client_for(world.other_officer).get(url).status_code == 404
    assert client_for(None).get(url).status_code == 404


def test_candidates_for_the_secretariat_only(world, client_for, circulated):
    url = reverse("assistance:request_candidates", args=[circulated.pk])
    assert client_for(world.secretariat).get(url).status_code == 200
    assert client_for(world.focal_a).get(url).status_code == 403


def test_history_pages_follow_the_request(world, client_for, circulated):
    url = reverse("assistance:request_history", args=[circulated.pk])
    assert client_for(world.focal_a).get(url).status_code == 200
    assert client_for(world.officer).get(url).status_code == 200
    assert client_for(world.focal_b).get(url).status_code == 404
    assert client_for(None).get(url).status_code == 404


def test_candidates_use_the_requests_criteria_and_circulate_in_one_click(world, client_for):
    from tacoord.providers.models import ProviderProfile

    need = make_need(world)
    profile = ProviderProfile.objects.create(organisation=world.other_provider, summary="Training of prosecutors")
    profile.ta_types.add(need.ta_type)
    profile.priority_areas.add(need.priority_area)
    request = to_stage(world, make_request(world, needs=[need]), "accepted")
    request.ta_types.add(need.ta_type)
    response = client_for(world.secretariat).get(reverse("assistance:request_candidates", args=[request.pk]))
    text = response.content.decode()
    assert response.status_code == 200 and "United Nations Development Office" in text and "Circulate to" in text
    client_for(world.secretariat).post(reverse("assistance:request_step", args=[request.pk]),
                                       {"action": "circulate", "providers": [world.other_provider.pk]})
    request.refresh_from_db()
    assert request.stage == "circulated" and list(request.circulated_to.all()) == [world.other_provider]


def test_global_search_finds_requests_as_far_as_one_may_see(world, circulated):
    from tacoord.core.search import search_everything

    def found(user):
        return any("Training of prosecutors" in str(hit) for group in search_everything(user=user, term="prosecutors")
                   for hit in group["results"])

    assert found(world.secretariat) and found(world.officer)
    assert not found(world.focal_b) and not found(world.other_officer)

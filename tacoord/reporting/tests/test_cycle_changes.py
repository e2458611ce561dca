"""Changing a cycle after it is made: its dates and name, the States it asks (added ones told by e-mail; a State
taken out only while untouched), every return to a State kept with its comment, and "as of" by date and time."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from tacoord.core.errors import ApplicationError, PermissionDeniedError
from tacoord.core.models import ObjectChange
from tacoord.reporting.choices import CycleStatus, ResponseStatus
from tacoord.reporting.models import AnswerVersion, QuestionnaireResponse, ResponseReturn
from tacoord.reporting.selectors import parse_as_of, response_answers, response_returns
from tacoord.reporting.services import (
    cycle_add_states,
    cycle_close,
    cycle_create,
    cycle_remove_states,
    cycle_update,
    response_publish,
    response_return,
    response_submit,
)
from tacoord.reporting.tests.conftest import COMPLETE, make_template, save
from tacoord.testing.factories import CountryFactory, FocalPointOrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db
OTHERS = ["focal_a", "agency_a", "focal_b", "officer", "expert"]


@pytest.fixture
def ghana(world):
    country = CountryFactory(iso2="GH", iso3="GHA", name_en="Ghana", name_fr="Ghana")
    office = FocalPointOrganisationFactory(country=country, name="Ghana Ministry of Justice")
    person = UserFactory(username="focal_gh", role="focal_point", organisation=office, last_name="Mensah",
                         language="fr")
    return country, person


class TestCycleUpdate:
    def test_secretariat_moves_the_deadline_and_it_is_logged(self, world, reporting):
        cycle_update(user=world.secretariat, cycle=reporting.cycle, deadline=datetime.date(2027, 9, 30))
        reporting.cycle.refresh_from_db()
        assert reporting.cycle.deadline == datetime.date(2027, 9, 30)
        assert ObjectChange.objects.filter(changed_object_id=str(reporting.cycle.pk), action="update").exists()

    @pytest.mark.parametrize("who", OTHERS)
    def test_only_the_secretariat(self, world, reporting, who):
        with pytest.raises(PermissionDeniedError):
            cycle_update(user=world.person(who), cycle=reporting.cycle, deadline=datetime.date(2027, 9, 30))
        reporting.cycle.refresh_from_db()
        assert reporting.cycle.deadline == datetime.date(2027, 6, 30)

    def test_refusals(self, world, reporting):
        secretariat, cycle = world.secretariat, reporting.cycle
        with pytest.raises(ApplicationError) as early:
            cycle_update(user=secretariat, cycle=cycle, deadline=datetime.date(2026, 12, 31))
        assert "deadline" in early.value.message_dict
        with pytest.raises(ApplicationError) as unknown:
            cycle_update(user=secretariat, cycle=cycle, template=make_template(code="other"))
        assert "template" in unknown.value.message_dict
        with pytest.raises(ApplicationError):
            cycle_update(user=secretariat, cycle=cycle, previous_cycle=cycle)
        cycle_close(user=secretariat, cycle=cycle)
        with pytest.raises(ApplicationError):
            cycle_update(user=secretariat, cycle=cycle, deadline=datetime.date(2027, 12, 31))
        cycle_update(user=secretariat, cycle=cycle, name="Closed, renamed")  # the name still changes
        cycle.refresh_from_db()
        assert (cycle.name, cycle.deadline) == ("Closed, renamed", datetime.date(2027, 6, 30))

    def test_edit_page_goes_through_the_service(self, world, reporting, client_for):
        cycle_close(user=world.secretariat, cycle=reporting.cycle)
        page = client_for(world.secretariat).post(f"/reporting/{reporting.cycle.pk}/edit/", {
            "name": "X", "opens_on": "2027-01-01", "deadline": "2027-12-31"})
        assert page.status_code == 200 and "its dates no longer change" in page.content.decode()
        reporting.cycle.refresh_from_db()
        assert reporting.cycle.deadline == datetime.date(2027, 6, 30)


class TestAddStates:
    def test_added_to_an_open_cycle_with_an_e_mail_in_the_focal_points_language(self, world, reporting, ghana,
                                                                               django_capture_on_commit_callbacks):
        country, person = ghana
        with django_capture_on_commit_callbacks(execute=True):
            [added] = cycle_add_states(user=world.secretariat, cycle=reporting.cycle, countries=[country, country])
        assert (added.country, added.status) == (country, ResponseStatus.NOT_STARTED)
        [message] = mail.outbox
        assert message.to == [person.email]
        assert "2027 self-assessment" in message.subject and "Ghana" in message.body

    def test_added_to_a_prepared_cycle_without_e_mail(self, world, ghana, django_capture_on_commit_callbacks):
        cycle = cycle_create(user=world.secretariat, name="Draft", template=make_template(),
                             deadline=datetime.date(2099, 1, 1), countries=[world.state_a])
        with django_capture_on_commit_callbacks(execute=True):
            cycle_add_states(user=world.secretariat, cycle=cycle, countries=[ghana[0]])
        assert cycle.responses.count() == 2 and not mail.outbox

    @pytest.mark.parametrize("who", OTHERS)
    def test_only_the_secretariat(self, world, reporting, ghana, who):
        with pytest.raises(PermissionDeniedError):
            cycle_add_states(user=world.person(who), cycle=reporting.cycle, countries=[ghana[0]])
        assert reporting.cycle.responses.count() == 2 and not mail.outbox

    def test_refusals(self, world, reporting, ghana):
        with pytest.raises(ApplicationError, match="Already in this cycle: Kenya"):
            cycle_add_states(user=world.secretariat, cycle=reporting.cycle, countries=[ghana[0], world.state_a])
        with pytest.raises(ApplicationError):
            cycle_add_states(user=world.secretariat, cycle=reporting.cycle, countries=[])
        cycle_close(user=world.secretariat, cycle=reporting.cycle)
        with pytest.raises(ApplicationError, match="closed"):
            cycle_add_states(user=world.secretariat, cycle=reporting.cycle, countries=[ghana[0]])
        assert reporting.cycle.responses.count() == 2

    def test_through_the_cycle_page(self, world, reporting, ghana, client_for):
        client = client_for(world.secretariat)
        page = client.get(f"/reporting/{reporting.cycle.pk}/")
        assert list(page.context["add_states_form"].fields["countries"].queryset) == [world.donor_state, ghana[0]]
        client.post(f"/reporting/{reporting.cycle.pk}/add-states/", {"countries": [ghana[0].pk]})
        assert reporting.cycle.responses.filter(country=ghana[0]).exists()
        forged = client.post(f"/reporting/{reporting.cycle.pk}/add-states/", {"countries": [999999]}, follow=True)
        assert "Select a valid choice" in forged.content.decode()
        assert reporting.cycle.responses.count() == 3

    @pytest.mark.parametrize("who", ["focal_a", "agency_a", "officer"])
    def test_page_refuses_others(self, world, reporting, ghana, client_for, who):
        client = client_for(world.person(who))
        assert client.get(f"/reporting/{reporting.cycle.pk}/").context["add_states_form"] is None
        assert client.post(f"/reporting/{reporting.cycle.pk}/add-states/",
                           {"countries": [ghana[0].pk]}).status_code == 403
        assert client.post(f"/reporting/{reporting.cycle.pk}/remove-states/", {"countries": ["PE"]}).status_code == 403
        assert reporting.cycle.responses.count() == 2

    def test_anonymous_is_sent_to_sign_in(self, world, reporting, client_for):
        answer = client_for(None).post(f"/reporting/{reporting.cycle.pk}/remove-states/", {"countries": ["PE"]})
        assert answer.status_code == 302 and "login" in answer["Location"]
        assert reporting.cycle.responses.count() == 2


class TestRemoveStates:
    def test_untouched_state_goes_and_the_deletion_is_logged(self, world, reporting):
        assert cycle_remove_states(user=world.secretariat, cycle=reporting.cycle, countries=[world.state_b]) == 1
        assert list(reporting.cycle.responses.all()) == [reporting.response_a]
        assert ObjectChange.objects.filter(changed_object_id=str(reporting.response_b.pk), action="delete").exists()

    @pytest.mark.parametrize("touch", ["answered", "answers_kept_status_reset", "submitted"])
    def test_a_touched_state_stays(self, world, reporting, touch):
        save(world.agency_b, reporting.response_b, **COMPLETE)
        if touch == "answers_kept_status_reset":  # the answers, not the status, say it was touched
            QuestionnaireResponse.objects.filter(pk=reporting.response_b.pk).update(status=ResponseStatus.NOT_STARTED)
        if touch == "submitted":
            response_submit(user=world.focal_b, response=reporting.response_b)
        with pytest.raises(ApplicationError, match="Already answering, so they stay: Peru"):
            cycle_remove_states(user=world.secretariat, cycle=reporting.cycle, countries=[world.state_b])
        assert reporting.cycle.responses.count() == 2

    @pytest.mark.parametrize("who", OTHERS)
    def test_only_the_secretariat(self, world, reporting, who):
        with pytest.raises(PermissionDeniedError):
            cycle_remove_states(user=world.person(who), cycle=reporting.cycle, countries=[world.state_b])
        assert reporting.cycle.responses.count() == 2

    def test_refusals(self, world, reporting, ghana):
        with pytest.raises(ApplicationError, match="Not in this cycle: Ghana"):
            cycle_remove_states(user=world.secretariat, cycle=reporting.cycle, countries=[ghana[0], world.state_b])
        with pytest.raises(ApplicationError, match="at least one State"):
            cycle_remove_states(user=world.secretariat, cycle=reporting.cycle,
                                countries=[world.state_a, world.state_b])
        cycle_close(user=world.secretariat, cycle=reporting.cycle)
        with pytest.raises(ApplicationError, match="closed"):
            cycle_remove_states(user=world.secretariat, cycle=reporting.cycle, countries=[world.state_b])
        assert reporting.cycle.responses.count() == 2

    def test_through_the_cycle_page(self, world, reporting, client_for):
        save(world.agency_a, reporting.response_a, staff=1)
        client = client_for(world.secretariat)
        page = client.get(f"/reporting/{reporting.cycle.pk}/")
        assert [(r.country.iso2, removable) for r, removable in page.context["responses"]] == [("KE", False),
                                                                                                ("PE", True)]
        refused = client.post(f"/reporting/{reporting.cycle.pk}/remove-states/", {"countries": ["KE"]}, follow=True)
        assert "Already answering, so they stay: Kenya" in refused.content.decode()
        client.post(f"/reporting/{reporting.cycle.pk}/remove-states/", {"countries": ["PE"]})
        assert list(reporting.cycle.responses.values_list("country__iso2", flat=True)) == ["KE"]


class TestReturnHistory:
    def returned_twice(self, world, reporting):
        response = reporting.response_a
        save(world.agency_a, response, **COMPLETE)
        response_submit(user=world.focal_a, response=response)
        response_return(user=world.secretariat, response=response, comment="Give the budget.")
        save(world.agency_a, response, budget=(10, 0))
        response_submit(user=world.focal_a, response=response)
        response_return(user=world.secretariat, response=response, comment="Which year?")
        return response

    def test_every_return_kept_with_who_when_and_which_submission(self, world, reporting):
        response = self.returned_twice(world, reporting)
        entries = list(response_returns(user=world.secretariat, response=response))
        assert [(e.comment, e.submission.number, e.returned_by) for e in entries] == [
            ("Give the budget.", 1, world.secretariat), ("Which year?", 2, world.secretariat)]
        assert entries[0].returned_at <= entries[1].returned_at
        assert response.return_comment == "Which year?"

    @pytest.mark.parametrize(("who", "sees"), [("secretariat", True), ("focal_a", True), ("agency_a", True),
                                               ("focal_b", False), ("agency_b", False), ("officer", False),
                                               ("expert", False), ("anonymous", False)])
    def test_shown_to_the_secretariat_and_the_states_users_only(self, world, reporting, client_for, who, sees):
        response = self.returned_twice(world, reporting)
        response_publish(user=world.focal_a, response=response, published=True)  # answers public, comments not
        assert bool(list(response_returns(user=world.person(who), response=response))) == sees
        page = client_for(world.person(who)).get(f"/reporting/responses/{response.pk}/")
        assert page.status_code == 200
        text = page.content.decode()
        assert ("Give the budget." in text and "Which year?" in text) == sees
        assert ("Returns by the secretariat" in text) == sees

    def test_a_failed_return_keeps_no_entry(self, world, reporting):
        with pytest.raises(ApplicationError):
            response_return(user=world.secretariat, response=reporting.response_a, comment="Not submitted")
        with pytest.raises(PermissionDeniedError):
            response_return(user=world.focal_a, response=reporting.response_a, comment="x")
        assert not ResponseReturn.objects.exists()


def at(hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(2027, 3, 1, hour, minute))


class TestAsOfMoment:
    @pytest.fixture
    def two_versions_one_day(self, world, reporting):
        """staff = 5 saved at 10:00 and staff = 7 at 15:00 on 1 March 2027."""
        response = reporting.response_a
        save(world.agency_a, response, staff=5)
        save(world.agency_a, response, staff=(7, 1))
        for version, moment in [(1, at(10)), (2, at(15))]:
            AnswerVersion.objects.filter(answer__response=response, version=version).update(saved_at=moment)
        return response

    def test_between_two_versions_on_the_same_day(self, two_versions_one_day):
        response = two_versions_one_day
        assert response_answers(response=response, as_of=at(9, 59)) == {}
        assert response_answers(response=response, as_of=at(10)) == {"staff": 5}  # saved at that very instant
        assert response_answers(response=response, as_of=at(12, 30)) == {"staff": 5}
        assert response_answers(response=response, as_of=at(15)) == {"staff": 7}
        assert response_answers(response=response, as_of=datetime.date(2027, 3, 1)) == {"staff": 7}  # as it ended
        assert response_answers(response=response, as_of=datetime.date(2027, 2, 28)) == {}
        assert response_answers(response=response, as_of=datetime.datetime(2027, 3, 1, 12)) == {"staff": 5}

    def test_page_takes_a_day_or_a_day_and_a_time(self, world, two_versions_one_day, client_for):
        url = f"/reporting/responses/{two_versions_one_day.pk}/"
        client = client_for(world.focal_a)
        shown = lambda **query: [(key, value) for _l, key, value in client.get(url, query).context["answers"]]  # noqa: E731
        assert shown(as_of="2027-03-01", as_of_time="12:30") == [("staff", 5)]
        assert shown(as_of="2027-03-01T12:30") == [("staff", 5)]
        assert shown(as_of="2027-03-01") == [("staff", 7)]
        page = client.get(url, {"as_of": "2027-03-01", "as_of_time": "12:30"}).content.decode()
        assert "Answers as of 2027-03-01 12:30:00" in page

    @pytest.mark.parametrize("query", [{"as_of": "yesterday"}, {"as_of": "2027-03-01", "as_of_time": "25:00"},
                                       {"as_of_time": "12:00"}, {"as_of": "2027-02-30"}])
    def test_page_says_what_is_wrong_and_shows_the_latest(self, world, two_versions_one_day, client_for, query):
        page = client_for(world.focal_a).get(f"/reporting/responses/{two_versions_one_day.pk}/", query)
        assert page.status_code == 200
        assert "Enter a day as YYYY-MM-DD" in page.content.decode()
        assert page.context["as_of"] is None and [a[1:] for a in page.context["answers"]] == [("staff", 7)]

    def test_api_takes_a_day_or_a_moment(self, world, two_versions_one_day, api_for):
        url = f"/api/reporting/responses/{two_versions_one_day.pk}/answers/"
        client = api_for(world.agency_a)
        assert client.get(url, {"as_of": "2027-03-01T12:30"}).json() == {"staff": 5}
        assert client.get(url, {"as_of": "2027-03-01 16:00:00"}).json() == {"staff": 7}
        assert client.get(url, {"as_of": "2027-03-01T12:30:00+01:00"}).json() == {"staff": 5}  # 11:30 UTC
        assert client.get(url, {"as_of": "2027-03-01T09:30:00-01:00"}).json() == {"staff": 5}  # 10:30 UTC
        assert client.get(url, {"as_of": "2027-03-01"}).json() == {"staff": 7}
        bad = client.get(url, {"as_of": "2027-03-01T99:00"})
        assert bad.status_code == 400 and "as_of" in bad.json()["errors"]

    @pytest.mark.parametrize("who", ["focal_b", "officer", "anonymous"])
    def test_others_see_no_answers_at_any_moment(self, world, two_versions_one_day, api_for, client_for, who):
        url = f"/reporting/responses/{two_versions_one_day.pk}/"
        assert client_for(world.person(who)).get(url, {"as_of": "2027-03-01T12:30"}).status_code == 404
        assert api_for(world.person(who)).get(f"/api{url}answers/", {"as_of": "2027-03-01T12:30"}).status_code == 404

    def test_parse(self):
        assert parse_as_of("") is None and parse_as_of(None) is None
        assert parse_as_of("2027-03-01") == datetime.date(2027, 3, 1)
        assert parse_as_of("2027-03-01", "12:30") == datetime.datetime(2027, 3, 1, 12, 30)
        for text, time_text in [("2027-03-01T12:30", "10:00"), ("", "10:00"), ("1 March", "")]:
            with pytest.raises(ValueError):
                parse_as_of(text, time_text)


def test_closed_cycle_status_is_kept_by_update(world, reporting):
    cycle_close(user=world.secretariat, cycle=reporting.cycle)
    cycle = cycle_update(user=world.secretariat, cycle=reporting.cycle, instructions="Thanks")
    assert cycle.status == CycleStatus.CLOSED

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tacoord.activities.choices import ActivityStatus
from tacoord.assistance.models import Offer, Request, RequestStep
from tacoord.assistance.services import (
    attachment_add,
    comment_add,
    milestone_record,
    offer_accept,
    offer_decline,
    offer_save,
    offer_withdraw,
    request_step,
)
from tacoord.assistance.tests.helpers import make_need, make_offer, make_request, to_stage
from tacoord.notifications.models import Notification
from tacoord.notifications.services import overdue_reminders_send

pytestmark = pytest.mark.django_db


def kinds_for(user):
    return set(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_whole_lifecycle_with_notifications(world):
    need = make_need(world)
    request = make_request(world, needs=[need])
    assert request.stage == "draft" and request.created_by == world.agency_a
    request = request_step(user=world.agency_a, request=request, action="propose")
    assert "assistance.approval" in kinds_for(world.focal_a)
    request = request_step(user=world.focal_a, request=request, action="submit")
    assert request.stage == "submitted" and request.submitted_at
    assert "assistance.request_submitted" in kinds_for(world.secretariat)
    request = request_step(user=world.secretariat, request=request, action="ask_clarification",
                           note="Which courts?")
    request = request_step(user=world.focal_a, request=request, action="answer_clarification", note="Nairobi")
    request = request_step(user=world.secretariat, request=request, action="accept")
    request = request_step(user=world.secretariat, request=request, action="circulate",
                           providers=[world.provider, world.other_provider])
    assert request.stage == "circulated"
    assert "assistance.request_circulated" in kinds_for(world.officer)
    first = make_offer(world, request)
    second = make_offer(world, request, by=world.other_officer, co_providers=[world.provider])
    request.refresh_from_db()
    assert request.stage == "offers_received"
    assert "assistance.offer" in kinds_for(world.focal_a)
    offer_accept(user=world.focal_a, offer=second, note="Joint offer covers both courts")
    request.refresh_from_db()
    first.refresh_from_db()
    assert request.stage == "agreed" and first.status == "declined" and first.decision_note
    activity = request.activity
    assert activity.status == ActivityStatus.PIPELINE and activity.reporting_organisation == world.other_provider
    assert list(activity.needs.all()) == [need]
    assert activity.recipient_countries.get().country == world.state_a
    assert activity.participating_organisations.count() == 2 and activity.coordination_setting == "joint"
    assert "assistance.offer" in kinds_for(world.officer)
    # A co-provider of the accepted joint offer reports delivery.
    request = request_step(user=world.officer, request=request, action="start_delivery")
    milestone_record(user=world.officer, request=request, description="First workshop held",
                     reached_on=datetime.date(2026, 11, 1))
    request = request_step(user=world.other_officer, request=request, action="complete")
    assert request.stage == "completed"
    prompt = Notification.objects.filter(recipient=world.focal_a, kind="assistance.delivery").latest("pk")
    assert "record" in prompt.subject.lower() and prompt.link == activity.get_absolute_url()
    actions = list(request.steps.values_list("action", flat=True))
    assert actions[0] == "draft" and "decline_offer" in actions and actions[-1] == "complete"
    assert all(step.days_in_stage is not None for step in request.steps.filter(action__in=["submit", "accept"]))


def test_submitting_without_the_focal_point_is_refused(world):
    request = make_request(world)
    with pytest.raises(PermissionDenied, match="focal point"):
        request_step(user=world.agency_a, request=request, action="submit")
    with pytest.raises(PermissionDenied):
        request_step(user=world.focal_b, request=request, action="submit")
    request.refresh_from_db()
    assert request.stage == "draft" and request.steps.count() == 1


@pytest.mark.parametrize("who", ["officer", "expert", "agency_a"])
def test_others_cannot_triage(world, who):
    request = to_stage(world, make_request(world), "submitted")
    with pytest.raises(PermissionDenied):
        request_step(user=world.person(who), request=request, action="accept")
    assert Request.objects.get(pk=request.pk).stage == "submitted"


def test_declining_needs_reasons_and_an_offer_on_a_declined_request_is_refused(world):
    request = to_stage(world, make_request(world), "submitted")
    with pytest.raises(ValidationError) as error:
        request_step(user=world.secretariat, request=request, action="decline", note=" ")
    assert "note" in error.value.message_dict
    request = request_step(user=world.secretariat, request=request, action="decline", note="Out of mandate")
    with pytest.raises(ValidationError, match="circulated"):
        make_offer(world, request, by=world.secretariat, provider=world.provider)
    with pytest.raises(ValidationError, match="not possible"):
        request_step(user=world.secretariat, request=request, action="circulate", providers=[world.provider])
    assert Offer.objects.count() == 0 and Request.objects.get(pk=request.pk).stage == "declined"
    request = request_step(user=world.focal_a, request=request, action="reopen", note="New evidence")
    assert request.stage == "under_triage"


def test_accepting_an_offer_on_a_request_no_longer_open_is_refused(world):
    request = to_stage(world, make_request(world), "circulated")
    offer = make_offer(world, request)
    request_step(user=world.focal_a, request=request, action="withdraw", note="Funded nationally")
    with pytest.raises(ValidationError, match="not possible"):
        offer_accept(user=world.focal_a, offer=offer)
    offer.refresh_from_db()
    assert offer.status == "submitted" and Request.objects.get(pk=request.pk).activity is None


def test_offering_on_a_request_not_circulated_to_you_is_refused(world):
    request = make_request(world)
    request = to_stage(world, request, "accepted")
    request_step(user=world.secretariat, request=request, action="circulate", providers=[world.other_provider])
    with pytest.raises(PermissionDenied):
        make_offer(world, request, by=world.officer)
    with pytest.raises(PermissionDenied):
        make_offer(world, request, by=world.other_officer, provider=world.provider)
    assert not Offer.objects.exists()


def test_only_the_state_or_secretariat_decides_and_only_the_provider_withdraws(world):
    request = to_stage(world, make_request(world), "circulated")
    offer = make_offer(world, request)
    for who in ["officer", "agency_a", "focal_b", "other_officer"]:
        with pytest.raises(PermissionDenied):
            offer_accept(user=world.person(who), offer=offer)
    with pytest.raises(PermissionDenied):
        offer_withdraw(user=world.focal_a, offer=offer, note="no")
    offer_decline(user=world.secretariat, offer=offer, note="Too late for the timeframe")
    with pytest.raises(ValidationError):
        offer_withdraw(user=world.officer, offer=offer, note="no")


def test_amendment_withdrawal_and_reopening_are_recorded(world):
    request = to_stage(world, make_request(world), "circulated")
    offer = make_offer(world, request)
    offer.scope = "Four workshops"
    offer = offer_save(user=world.officer, offer=offer, relations={})
    assert offer.amendments == 1
    offer_withdraw(user=world.officer, offer=offer, note="Budget cut")
    other = make_offer(world, request, by=world.other_officer)
    offer_accept(user=world.focal_a, offer=other)
    request.refresh_from_db()
    activity = request.activity
    request = request_step(user=world.focal_a, request=request, action="reopen", note="The provider cannot start")
    other.refresh_from_db()
    activity.refresh_from_db()
    assert request.stage == "offers_received" and request.activity is None and other.status == "submitted"
    assert activity.status == ActivityStatus.CANCELLED
    actions = list(request.steps.values_list("action", flat=True))
    assert {"amend_offer", "withdraw_offer", "agree", "reopen"} <= set(actions)


def test_a_joint_offer_needs_distinct_providers_and_a_known_currency(world):
    request = to_stage(world, make_request(world), "circulated")
    with pytest.raises(ValidationError) as error:
        make_offer(world, request, co_providers=[world.provider])
    assert "co_providers" in error.value.message_dict
    offer = Offer(request=request, provider=world.provider, scope="x", budget=10, currency="ZZZ1")
    with pytest.raises(ValidationError):
        offer_save(user=world.officer, offer=offer)
    assert not Offer.objects.exists()


def test_needs_of_another_state_are_refused(world):
    with pytest.raises(ValidationError) as error:
        make_request(world, needs=[make_need(world, country=world.state_b)])
    assert "needs" in error.value.message_dict
    assert not Request.objects.exists()


def test_attachments_are_checked(world, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    request = make_request(world)
    attachment = attachment_add(user=world.agency_a, request=request,
                                upload=SimpleUploadedFile("terms.pdf", b"%PDF-1.4 terms", "application/pdf"))
    assert attachment.size == 14 and attachment.file.read() == b"%PDF-1.4 terms"
    with pytest.raises(ValidationError) as error:
        attachment_add(user=world.agency_a, request=request, upload=SimpleUploadedFile("run.exe", b"MZ"))
    assert "file" in error.value.message_dict
    big = SimpleUploadedFile("big.pdf", b"x" * (10 * 1024 * 1024 + 1))
    with pytest.raises(ValidationError):
        attachment_add(user=world.agency_a, request=request, upload=big)
    with pytest.raises(PermissionDenied):
        attachment_add(user=world.officer, request=request,
                       upload=SimpleUploadedFile("a.pdf", b"x"))
    assert request.attachments.count() == 1


def test_comments_reach_the_parties_only(world):
    request = to_stage(world, make_request(world), "circulated")
    make_offer(world, request)
    comment_add(user=world.focal_a, request=request, text="Can the workshops be in Mombasa?")
    assert "assistance.comment" in kinds_for(world.officer) and "assistance.comment" in kinds_for(world.secretariat)
    assert "assistance.comment" not in kinds_for(world.focal_b)
    for who in ["focal_b", "expert"]:
        with pytest.raises(PermissionDenied):
            comment_add(user=world.person(who), request=request, text="hello")


def test_milestones_only_in_delivery_by_the_provider(world):
    request = to_stage(world, make_request(world), "circulated")
    offer = make_offer(world, request)
    offer_accept(user=world.focal_a, offer=offer)
    with pytest.raises(ValidationError):
        milestone_record(user=world.officer, request=request, description="x", reached_on=datetime.date.today())
    request = request_step(user=world.officer, request=request, action="start_delivery")
    with pytest.raises(PermissionDenied):
        milestone_record(user=world.other_officer, request=request, description="x",
                         reached_on=datetime.date.today())
    with pytest.raises(PermissionDenied):
        request_step(user=world.other_officer, request=request, action="complete")


def test_merge_into_another_request_of_the_state(world):
    first = to_stage(world, make_request(world), "submitted")
    second = to_stage(world, make_request(world, title="Another"), "submitted")
    with pytest.raises(ValidationError):
        request_step(user=world.secretariat, request=first, action="merge", merge_into=None)
    first = request_step(user=world.secretariat, request=first, action="merge", merge_into=second)
    assert first.stage == "merged" and first.merged_into == second


def test_overdue_reminders(world, settings):
    settings.TACOORD_OVERDUE_DAYS = 3
    request = to_stage(world, make_request(world), "submitted")
    Request.objects.filter(pk=request.pk).update(stage_since=request.stage_since - datetime.timedelta(days=5))
    sent = overdue_reminders_send(only=["assistance.requests"])
    assert sent["assistance.requests"] >= 1
    assert Notification.objects.filter(recipient=world.secretariat, kind="notifications.overdue").exists()
    assert overdue_reminders_send(only=["assistance.requests"])["assistance.requests"] == 0


def test_steps_record_days_in_the_previous_stage(world):
    request = to_stage(world, make_request(world), "submitted")
    Request.objects.filter(pk=request.pk).update(stage_since=request.stage_since - datetime.timedelta(days=4))
    request_step(user=world.secretariat, request=request, action="triage")
    step = RequestStep.objects.get(request=request, action="triage")
    assert step.from_stage == "submitted" and 3.9 < step.days_in_stage < 4.1


def test_restoring_a_version_keeps_the_stage(world):
    from tacoord.assistance.services import request_restore_version, request_save
    from tacoord.core.selectors import object_history

    request = make_request(world, by=world.focal_a)
    first = object_history(obj=request).last()
    request.title = "Renamed"
    request = request_save(user=world.focal_a, request=request)
    request = request_step(user=world.focal_a, request=request, action="propose")
    request = request_restore_version(user=world.focal_a, request=request, change=first)
    request.refresh_from_db()
    assert request.title != "Renamed" and request.stage == "awaiting_approval"
    request = request_step(user=world.focal_a, request=request, action="submit")
    with pytest.raises(PermissionDenied):
        request_restore_version(user=world.focal_a, request=request, change=first)

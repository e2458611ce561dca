"""Requests that wait too long in a stage where someone must act, for `tacoord send_overdue_reminders`."""

from django.utils.translation import gettext_lazy as _

from tacoord.assistance import lifecycle as lc
from tacoord.assistance import notices
from tacoord.assistance.choices import Stage
from tacoord.assistance.selectors import overdue_requests
from tacoord.notifications.reminders import OverdueItem, overdue_days, register_overdue_source


def _waiting_on(request) -> list:
    if request.stage in {lc.AWAITING_APPROVAL, lc.CLARIFICATION_ASKED, lc.OFFERS_RECEIVED}:
        return notices.focal_points(request)
    if request.stage == lc.CIRCULATED:
        return notices.provider_people(request.circulated_to.values_list("pk", flat=True))
    if request.stage == lc.AGREED:
        from tacoord.assistance.models import Offer

        offer = Offer.objects.filter(request=request, status="accepted").first()
        return notices.offer_people(offer) if offer else []
    return notices.secretariat()


def overdue_request_items(now):
    for request in overdue_requests(now=now, days=overdue_days()):
        yield OverdueItem(
            recipients=_waiting_on(request), key=f"assistance.request:{request.pk}:{request.stage}",
            subject=_("Request “%(title)s” waits since %(since)s"),
            body=_("%(state)s: the request is “%(stage)s” since %(since)s and waits for you."),
            link=request.get_absolute_url(),
            context={"title": request.title, "since": request.stage_since.date().isoformat(),
                     "state": request.country.name, "stage": Stage(request.stage).label})


register_overdue_source("assistance.requests", overdue_request_items)

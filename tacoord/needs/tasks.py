"""Background work of the needs app: thin wrappers over its services."""

from dataclasses import asdict

from django.contrib.auth import get_user_model
from django_tasks import task

from tacoord.core.context import change_context
from tacoord.needs.models import DerivationRule
from tacoord.needs.services import needs_derive, needs_derive_cycle, rules_install_default
from tacoord.reporting.models import QuestionnaireResponse, ReportingCycle


def _user(user_id):
    return get_user_model().objects.filter(pk=user_id).first() if user_id else None


@task()
def derive_needs(response_id: int, user_id: int | None = None) -> dict:
    """Derive the needs of one submitted response (run by `tacoord db_worker`); `user_id`, the person who asked for
    it (the change log names them), else the system."""
    response = QuestionnaireResponse.objects.select_related("cycle__template").get(pk=response_id)
    newer = QuestionnaireResponse.objects.filter(
        country_id=response.country_id, cycle__template__code=response.cycle.template.code,
        cycle__opens_on__gt=response.cycle.opens_on, submitted_at__isnull=False)
    if newer.exists():
        # Derived needs carry no cycle in their key: a late task for an older cycle must not overwrite what the
        # State's newer answers say.
        return {"skipped": "a newer cycle's answers of this State have been submitted"}
    with change_context(user=_user(user_id), source="derivation"):
        if not DerivationRule.objects.exists():
            # A fresh installation: start from the default rule, which the secretariat may then change.
            rules_install_default()
        report = needs_derive(response=response)
    return asdict(report)


@task()
def derive_cycle_needs(cycle_id: int, user_id: int | None = None) -> dict:
    """Derive again the needs of every response of a cycle (the secretariat's "Derive again"), leaving out the
    States whose answers in a later cycle have superseded these."""
    cycle = ReportingCycle.objects.select_related("template").get(pk=cycle_id)
    with change_context(user=_user(user_id), source="derivation"):
        if not DerivationRule.objects.exists():
            rules_install_default()
        report = needs_derive_cycle(cycle=cycle, skip_superseded=True)
    return asdict(report)

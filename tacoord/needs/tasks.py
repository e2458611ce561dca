"""Background work of the needs app: thin wrappers over its services."""

from dataclasses import asdict

from django_tasks import task

from tacoord.core.context import change_context
from tacoord.needs.models import DerivationRule
from tacoord.needs.services import needs_derive, rules_install_default
from tacoord.reporting.models import QuestionnaireResponse


@task()
def derive_needs(response_id: int) -> dict:
    """Derive the needs of one submitted response (run by `tacoord db_worker`)."""
    response = QuestionnaireResponse.objects.select_related("cycle__template").get(pk=response_id)
    newer = QuestionnaireResponse.objects.filter(
        country_id=response.country_id, cycle__template__code=response.cycle.template.code,
        cycle__opens_on__gt=response.cycle.opens_on, submitted_at__isnull=False)
    if newer.exists():
        # Derived needs carry no cycle in their key: a late task for an older cycle must not overwrite what the
        # State's newer answers say.
        return {"skipped": "a newer cycle's answers of this State have been submitted"}
    with change_context(user=None, source="derivation"):
        if not DerivationRule.objects.exists():
            # A fresh installation: start from the default rule, which the secretariat may then change.
            rules_install_default()
        report = needs_derive(response=response)
    return asdict(report)

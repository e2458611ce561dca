"""An edit of a need, an offer, an activity or an expert's entry queues one incremental matching run when its
transaction commits (several edits in one transaction queue one run)."""

from django.db import transaction
from django.db.models.signals import post_save

from tacoord.activities.models import Activity
from tacoord.core.context import current_change_context
from tacoord.experts.models import Availability, Expert
from tacoord.matching.services import schedule_matching
from tacoord.needs.models import Need
from tacoord.providers.models import ProviderProfile

WATCHED = (Need, ProviderProfile, Activity, Expert, Availability)


# The demo builders save thousands of records one by one; the demo computes the matches once at its end
# (demo.demo_matching_build).
UNQUEUED_SOURCES = {"demo"}


def queue_matching(sender, raw=False, using=None, **kwargs):
    if raw or current_change_context().source in UNQUEUED_SOURCES:
        return
    connection = transaction.get_connection(using)
    if any(entry[1] is schedule_matching for entry in connection.run_on_commit):
        return  # this transaction has queued its run already
    transaction.on_commit(schedule_matching, using=using)


for model in WATCHED:
    post_save.connect(queue_matching, sender=model, dispatch_uid=f"matching-{model.__name__}")

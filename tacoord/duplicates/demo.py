"""Duplicate detection over the demo's activities (the synthetic ones and the real d-portal excerpt, which has real
double reports by funders and implementers)."""

from collections import Counter

from tacoord.core.context import change_context
from tacoord.duplicates.models import DuplicateAlert
from tacoord.duplicates.services import duplicates_detect


def demo_duplicates_build(*, world) -> list[str]:
    """Run a full detection as the demo secretariat; returns summary lines. Run it after the activities and the IATI
    import of the demo."""
    with change_context(user=world.people.get("secretariat"), source="demo"):
        report = duplicates_detect(full=True)
    kinds = Counter(DuplicateAlert.objects.filter(archived_at__isnull=True).values_list("kind", flat=True))
    return [f"Duplicate detection over {report['activities']} activities: {report['created']} alerts "
            f"({kinds.get('same', 0)} same activity, {kinds.get('overlap', 0)} overlaps, "
            f"{kinds.get('synergy', 0)} synergies) in {report['seconds']} s"]

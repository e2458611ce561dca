"""Matches for the demo world: every open need scored against the demo providers, activities and experts, and a
subscription for the demo provider officer's organisation so that new validated needs matching its offer are told."""

from tacoord.core.context import change_context
from tacoord.matching.models import Match, MatchSubscription
from tacoord.matching.services import match_subscription_save, matches_compute
from tacoord.providers.models import ProviderProfile
from tacoord.users.models import User


def demo_matching_build() -> list[str]:
    """Compute the matches of the demo data (a full run). Returns summary lines for the demo command to print."""
    officer = User.objects.filter(username="provider-fcdo").select_related("organisation").first()
    lines = []
    if officer is not None and officer.organisation_id:
        profile = ProviderProfile.objects.filter(organisation=officer.organisation_id).first()
        if profile is not None and not MatchSubscription.objects.filter(provider=profile).exists():
            with change_context(user=officer, source="demo"):
                match_subscription_save(user=officer, subscription=MatchSubscription(
                    provider=profile, min_score=8.0, email=officer.email or "provider-fcdo@example.org"))
            lines.append(f"matching: {profile} subscribed to new validated needs scoring at least 8")
    with change_context(user=None, source="demo"):
        run = matches_compute(full=True)
    lines.append(f"matching: {run.needs_scored} open needs scored against {run.candidates_changed} candidates, "
                 f"{Match.objects.count()} matches stored ({run.seconds:.1f} s)")
    return lines

from django import forms

from tacoord.core.permissions import Action
from tacoord.matching.choices import Part
from tacoord.matching.models import MatchingWeights, MatchSubscription
from tacoord.providers.models import ProviderProfile


class MatchingWeightsForm(forms.ModelForm):
    class Meta:
        model = MatchingWeights
        fields = list(Part.values)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)


class MatchSubscriptionForm(forms.ModelForm):
    """A subscription for an offer the user manages."""

    class Meta:
        model = MatchSubscription
        fields = ["provider", "min_score", "email", "is_active"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = ProviderProfile.objects.restrict(user, Action.CHANGE).select_related(
            "organisation")
        if not self.instance.pk and not self.initial.get("email"):
            self.initial["email"] = user.email

from django import forms
from django.utils.translation import gettext_lazy as _

from tacoord.assistance import lifecycle as lc
from tacoord.assistance.models import Offer, Request
from tacoord.assistance.permissions import provider_organisations, state_of
from tacoord.assistance.services import organisations_for_circulation
from tacoord.core.permissions import Action
from tacoord.core.roles import Role, role_of
from tacoord.experts.models import Expert
from tacoord.needs.models import Need
from tacoord.organisations.models import Organisation
from tacoord.reference.models import Country

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RequestForm(forms.ModelForm):
    class Meta:
        model = Request
        fields = ["country", "title", "needs", "ta_types", "articles", "beneficiary_institutions", "languages",
                  "desired_start", "desired_end", "urgency", "context"]
        widgets = {"desired_start": DATE, "desired_end": DATE, "context": forms.Textarea(attrs={"rows": 5}),
                   "beneficiary_institutions": forms.Textarea(attrs={"rows": 2}),
                   "needs": forms.SelectMultiple(attrs={"size": 8}),
                   "articles": forms.SelectMultiple(attrs={"size": 8})}

    def __init__(self, *args, user, need=None, **kwargs):
        super().__init__(*args, **kwargs)
        state = state_of(user)
        needs = Need.objects.restrict(user, Action.VIEW).active().select_related("country", "ta_type", "article")
        if state:
            self.fields["country"].queryset = Country.objects.filter(pk=state)
            if not self.initial.get("country"):
                self.initial["country"] = state
            needs = needs.filter(country_id=state)
        self.fields["needs"].queryset = needs
        if need is not None and self.instance.pk is None:
            # "Request from this need": the form starts from what the need says.
            self.initial.update({
                "country": need.country_id, "needs": [need.pk], "ta_types": [need.ta_type_id],
                "articles": [need.article_id] if need.article_id else [],
                "languages": list(need.languages.values_list("pk", flat=True)),
                "title": str(need)[:300], "context": need.description,
                "urgency": need.priority if need.priority in {"low", "medium", "high"} else "medium"})


class RequestStepForm(forms.Form):
    action = forms.ChoiceField(choices=[(action, action) for action in lc.STEPS])
    note = forms.CharField(label=_("Note or reasons"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    providers = forms.ModelMultipleChoiceField(label=_("Providers"), required=False,
                                               queryset=Organisation.objects.none())
    merge_into = forms.ModelChoiceField(label=_("Merge into"), required=False, queryset=Request.objects.none())

    def __init__(self, *args, request_obj, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["providers"].queryset = organisations_for_circulation()
        self.fields["merge_into"].queryset = Request.objects.restrict(user, Action.VIEW).filter(
            country_id=request_obj.country_id).exclude(pk=request_obj.pk)


class OfferForm(forms.ModelForm):
    class Meta:
        model = Offer
        fields = ["request", "provider", "co_providers", "scope", "modality", "start", "end", "languages", "budget",
                  "currency", "funding_source", "experts", "partners"]
        widgets = {"start": DATE, "end": DATE, "scope": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, user, request_obj=None, **kwargs):
        super().__init__(*args, **kwargs)
        organisations = Organisation.objects.restrict(user, Action.VIEW).active()
        self.fields["request"].queryset = Request.objects.restrict(user, Action.VIEW).filter(
            stage__in=lc.OPEN_FOR_OFFERS)
        if role_of(user) == Role.SECRETARIAT:
            self.fields["provider"].queryset = organisations_for_circulation()
        else:
            self.fields["provider"].queryset = organisations.filter(pk__in=provider_organisations(user))
            if not self.initial.get("provider"):
                self.initial["provider"] = user.organisation_id
        self.fields["co_providers"].queryset = organisations_for_circulation()
        self.fields["partners"].queryset = organisations
        self.fields["experts"].queryset = Expert.objects.restrict(user, Action.VIEW).active()
        if request_obj is not None and self.instance.pk is None:
            self.instance.request = request_obj
            self.initial["request"] = request_obj.pk
        if self.instance.pk is not None:
            self.fields["request"].disabled = True
            self.fields["provider"].disabled = True


class OfferDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", _("Accept")), ("decline", _("Decline")),
                                          ("withdraw", _("Withdraw"))])
    note = forms.CharField(label=_("Reasons"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    others_note = forms.CharField(label=_("Reasons given to the other providers"), required=False)


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}))


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("Document"))


class MilestoneForm(forms.Form):
    description = forms.CharField(label=_("Milestone"), max_length=300)
    reached_on = forms.DateField(label=_("Reached on"), widget=DATE)

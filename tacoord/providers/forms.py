from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tacoord.core.permissions import Action
from tacoord.core.roles import Role, role_of
from tacoord.organisations.models import Organisation
from tacoord.providers.choices import MODALITY_FIELDS, Modality
from tacoord.providers.models import ProviderProfile
from tacoord.providers.selectors import substantive_clusters
from tacoord.reference.models import Article, Country, Region

CHECKBOXES = forms.CheckboxSelectMultiple


class ProviderProfileForm(forms.ModelForm):
    """A profile's fields; the organisation is one the user manages that has no profile yet."""

    modalities = forms.MultipleChoiceField(label=_("Modalities"), choices=Modality.choices, required=False,
                                           widget=CHECKBOXES)

    field_order = ["organisation", "summary", "articles", "clusters", "priority_areas", "ta_types", "languages",
                   "modalities", "regions", "countries"]

    class Meta:
        model = ProviderProfile
        fields = ["organisation", "summary", "articles", "clusters", "priority_areas", "ta_types", "languages",
                  "regions", "countries", "contact_name", "contact_email", "contact_phone", "unodc_partnership",
                  "unodc_partner_since"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4}), "clusters": CHECKBOXES,
                   "priority_areas": CHECKBOXES, "ta_types": CHECKBOXES, "languages": CHECKBOXES,
                   "articles": forms.SelectMultiple(attrs={"size": 10}),
                   "countries": forms.SelectMultiple(attrs={"size": 10})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # The organisations whose profile this user writes (provider officers: their own and its offices).
        organisations = Organisation.objects.restrict(user, Action.CHANGE).active()
        if role_of(user) not in {Role.SECRETARIAT, Role.PROVIDER_OFFICER}:
            organisations = organisations.none()
        self.fields["organisation"].queryset = organisations.filter(
            Q(provider_profile__isnull=True) | Q(pk=self.instance.organisation_id))
        self.fields["articles"].queryset = Article.objects.select_related("instrument").filter(
            is_final_clause=False)
        self.fields["clusters"].queryset = substantive_clusters()
        self.fields["regions"].queryset = Region.objects.filter(level__in=["region", "sub_region"])
        self.fields["countries"].queryset = Country.objects.all()
        self.fields["modalities"].initial = [modality for modality, field in MODALITY_FIELDS.items()
                                             if getattr(self.instance, field)]
        if self.instance.pk is not None and role_of(user) != Role.SECRETARIAT:
            self.fields["organisation"].disabled = True

    def save(self, commit=True):
        profile = super().save(commit=False)
        chosen = set(self.cleaned_data.get("modalities") or [])
        for modality, field in MODALITY_FIELDS.items():
            setattr(profile, field, modality in chosen)
        if commit:
            profile.save()
            self.save_m2m()
        return profile

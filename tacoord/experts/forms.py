from django import forms
from django.utils.translation import gettext_lazy as _

from tacoord.core.permissions import Action
from tacoord.core.roles import Role, role_of
from tacoord.experts.choices import LEGAL_SYSTEM_FIELDS, LegalSystem
from tacoord.experts.models import Assignment, Availability, Expert
from tacoord.organisations.models import Organisation
from tacoord.providers.selectors import substantive_clusters
from tacoord.reference.models import Article, Country, Region
from tacoord.users.models import User

CHECKBOXES = forms.CheckboxSelectMultiple
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ExpertForm(forms.ModelForm):
    """An entry of the roster. Only the secretariat links it to an account."""

    legal_systems = forms.MultipleChoiceField(label=_("Legal systems"), choices=LegalSystem.choices, required=False,
                                              widget=CHECKBOXES)

    class Meta:
        model = Expert
        fields = ["user", "first_name", "last_name", "title", "nationality", "email", "phone", "expertise",
                  "articles", "clusters", "priority_areas", "languages", "regions"]
        widgets = {"expertise": forms.Textarea(attrs={"rows": 4}), "clusters": CHECKBOXES,
                   "priority_areas": CHECKBOXES, "languages": CHECKBOXES, "regions": CHECKBOXES,
                   "articles": forms.SelectMultiple(attrs={"size": 10})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = User.objects.filter(role=Role.EXPERT, archived_at__isnull=True)
        self.fields["user"].empty_label = _("(no account)")
        self.fields["nationality"].queryset = Country.objects.all()
        self.fields["nationality"].empty_label = _("(none)")
        self.fields["articles"].queryset = Article.objects.select_related("instrument").filter(
            is_final_clause=False)
        self.fields["clusters"].queryset = substantive_clusters()
        self.fields["regions"].queryset = Region.objects.filter(level="region")
        self.fields["legal_systems"].initial = [system for system, field in LEGAL_SYSTEM_FIELDS.items()
                                                if getattr(self.instance, field)]
        if role_of(user) != Role.SECRETARIAT:
            del self.fields["user"]
            if self.instance.pk is None and not self.is_bound:
                self.initial.update(first_name=user.first_name, last_name=user.last_name, email=user.email,
                                    phone=user.phone)

    def save(self, commit=True):
        expert = super().save(commit=False)
        chosen = set(self.cleaned_data.get("legal_systems") or [])
        for system, field in LEGAL_SYSTEM_FIELDS.items():
            setattr(expert, field, system in chosen)
        if commit:
            expert.save()
            self.save_m2m()
        return expert


class ExpertRecordForm(forms.ModelForm):
    """A period or an assignment of an expert the user may change; an expert's own entry is chosen for them."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        experts = Expert.objects.restrict(user, Action.CHANGE).active()
        self.fields["expert"].queryset = experts
        if role_of(user) != Role.SECRETARIAT:
            self.fields["expert"].disabled = True
            if self.instance.expert_id is None:
                self.initial["expert"] = experts.values_list("pk", flat=True).first()


class AvailabilityForm(ExpertRecordForm):
    class Meta:
        model = Availability
        fields = ["expert", "starts_on", "ends_on", "note"]
        widgets = {"starts_on": DATE, "ends_on": DATE}


class AssignmentForm(ExpertRecordForm):
    class Meta:
        model = Assignment
        fields = ["expert", "title", "country", "organisation", "starts_on", "ends_on"]
        widgets = {"starts_on": DATE, "ends_on": DATE}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["country"].queryset = Country.objects.all()
        self.fields["organisation"].queryset = Organisation.objects.restrict(user, Action.VIEW).active()

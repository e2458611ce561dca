"""The activity form and the forms of its parts. The parts are formsets whose rows become the `children` that
`activity_save` validates as a whole (percentages, codes) and writes."""

import json

from django import forms
from django.db.models import Q
from django.forms import formset_factory
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from tacoord.activities.choices import (
    DAC_5_DIGIT_VOCABULARY,
    DAC_REGION_VOCABULARY,
    BudgetStatus,
    BudgetType,
    OrganisationRole,
    RelatedActivityType,
    TransactionType,
)
from tacoord.activities.models import Activity
from tacoord.activities.permissions import managed_reporters
from tacoord.core.i18n import LANGUAGE_LABELS, LANGUAGE_SUFFIXES
from tacoord.core.permissions import Action
from tacoord.core.roles import Role, role_of
from tacoord.needs.models import Need
from tacoord.organisations.models import Organisation
from tacoord.reference.models import Article, Country

NARRATIVE_FIELDS = ("title", "description")


class ActivityForm(forms.ModelForm):
    """The activity itself; its title and description are asked in each of the six UN languages."""

    class Meta:
        model = Activity
        fields = ["iati_identifier", "reporting_organisation", "parent", "hierarchy", "default_language", "status",
                  "planned_start", "planned_end", "actual_start", "actual_end", "default_currency", "humanitarian",
                  "collaboration_type", "default_flow_type", "default_finance_type", "default_aid_type", "articles",
                  "priority_areas", "ta_types", "delivery_languages", "beneficiary_institutions", "modality",
                  "coordination_setting", "partners", "needs"]
        widgets = {
            **{name: forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
               for name in ("planned_start", "planned_end", "actual_start", "actual_end")},
            "beneficiary_institutions": forms.Textarea(attrs={"rows": 3}),
            "priority_areas": forms.CheckboxSelectMultiple, "ta_types": forms.CheckboxSelectMultiple,
            "delivery_languages": forms.CheckboxSelectMultiple,
            "default_currency": forms.TextInput(attrs={"list": "codelist-Currency"}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        for field in NARRATIVE_FIELDS:
            values = getattr(self.instance, field) or {}
            for suffix in LANGUAGE_SUFFIXES:
                widget = forms.TextInput() if field == "title" else forms.Textarea(attrs={"rows": 3})
                self.fields[f"{field}_{suffix}"] = forms.CharField(
                    label=f"{capfirst(Activity._meta.get_field(field).verbose_name)} ({LANGUAGE_LABELS[suffix]})",
                    required=False, widget=widget, initial=values.get(suffix, ""),
                    max_length=500 if field == "title" else 20000)
        # What the activity is comes first; the IATI codes and the coordination details follow.
        self.order_fields(["reporting_organisation", "iati_identifier", *self.narrative_field_names("title"),
                           *self.narrative_field_names("description"), "status", "planned_start", "planned_end",
                           "actual_start", "actual_end", "parent", "hierarchy"])
        self.fields["iati_identifier"].required = False
        self.fields["iati_identifier"].help_text = _("Left empty, one is made from the reporting organisation's.")
        role = role_of(user)
        if role != Role.SECRETARIAT:
            reporters = managed_reporters(user, role) or Q(pk__in=[])
            self.fields["reporting_organisation"].queryset = Organisation.objects.filter(reporters).active()
        else:
            self.fields["reporting_organisation"].queryset = Organisation.objects.active()
        self.fields["parent"].queryset = Activity.objects.restrict(user, Action.VIEW).exclude(pk=self.instance.pk)
        self.fields["partners"].queryset = Organisation.objects.active()
        self.fields["articles"].queryset = Article.objects.select_related("instrument").filter(is_final_clause=False)
        self.fields["needs"].queryset = Need.objects.restrict(user, Action.VIEW).select_related(
            "country", "ta_type", "article__instrument")

    def narrative_field_names(self, field: str) -> list[str]:
        return [f"{field}_{suffix}" for suffix in LANGUAGE_SUFFIXES]

    def clean(self):
        cleaned = super().clean()
        title = {suffix: cleaned.get(f"title_{suffix}", "").strip() for suffix in LANGUAGE_SUFFIXES}
        if not any(title.values()):
            self.add_error("title_en", _("Give the title in at least one language."))
        return cleaned

    def save(self, commit=True):
        activity = super().save(commit=False)
        for field in NARRATIVE_FIELDS:
            # Languages other than the six UN ones (from an IATI import) are kept as they were.
            values = {code: text for code, text in (getattr(activity, field) or {}).items()
                      if code not in LANGUAGE_SUFFIXES}
            values.update({suffix: self.cleaned_data[f"{field}_{suffix}"].strip() for suffix in LANGUAGE_SUFFIXES
                           if self.cleaned_data.get(f"{field}_{suffix}", "").strip()})
            setattr(activity, field, values)
        return activity


class NarrativeMixin:
    """A part's multi-language text shown as one field in the activity's language; other languages kept hidden."""

    narrative_fields: tuple[str, ...] = ()

    def add_narratives(self, language: str):
        self.language = language or "en"
        for name in self.narrative_fields:
            self.fields[f"{name}_all"] = forms.CharField(required=False, widget=forms.HiddenInput)
            initial = self.initial.get(name)
            if isinstance(initial, dict):
                self.initial[f"{name}_all"] = json.dumps(initial)
                self.initial[name] = initial.get(self.language) or next(iter(initial.values()), "")

    def narratives(self, name: str) -> dict:
        try:
            values = json.loads(self.cleaned_data.get(f"{name}_all") or "{}")
        except ValueError:
            values = {}
        if not isinstance(values, dict):
            values = {}
        text = (self.cleaned_data.get(name) or "").strip()
        if text:
            previous = values.get(self.language)
            if previous != text:
                values[self.language] = text
        else:
            values.pop(self.language, None)
        return values


class PartForm(NarrativeMixin, forms.Form):
    def __init__(self, *args, language: str = "en", **kwargs):
        super().__init__(*args, **kwargs)
        self.add_narratives(language)
        # A select always posts a value: with its first choice as initial value, a row added and left empty is
        # seen as unchanged and left out, instead of refused for its missing fields.
        for field in self.fields.values():
            if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField) \
                    and field.initial is None and field.choices:
                field.initial = field.choices[0][0]

    def row(self) -> dict:
        data = {name: value for name, value in self.cleaned_data.items()
                if name != "DELETE" and not name.endswith("_all") and name not in self.narrative_fields}
        for name in self.narrative_fields:
            data[name] = self.narratives(name)
        return {name: ("" if value is None and name in self.blank_strings else value) for name, value in data.items()}

    blank_strings: tuple[str, ...] = ()


def _percent():
    return forms.DecimalField(label=_("Percentage"), required=False, min_value=0, max_value=100, decimal_places=3)


class ParticipatingOrganisationForm(PartForm):
    narrative_fields = ("name",)
    blank_strings = ("ref", "type", "activity_ref")
    role = forms.ChoiceField(label=_("Role"), choices=OrganisationRole.choices)
    organisation = forms.ModelChoiceField(label=_("Organisation"), required=False,
                                          queryset=Organisation.objects.active())
    name = forms.CharField(label=_("Name, if not in the directory"), required=False, max_length=500)
    ref = forms.CharField(label=_("Organisation identifier"), required=False, max_length=255)
    type = forms.CharField(label=_("Organisation type"), required=False, max_length=5,
                           widget=forms.TextInput(attrs={"list": "codelist-OrganisationType"}))
    activity_ref = forms.CharField(label=_("Its own activity identifier"), required=False, max_length=255)

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("organisation") or cleaned.get("name") or cleaned.get("ref")) and not cleaned.get(
                "DELETE"):
            self.add_error("organisation", _("Choose an organisation or give its name."))
        return cleaned


class RecipientCountryForm(PartForm):
    country = forms.ModelChoiceField(label=_("Country"), queryset=Country.objects.all())
    percentage = _percent()


class RecipientRegionForm(PartForm):
    code = forms.CharField(label=_("Region code"), max_length=20)
    vocabulary = forms.CharField(label=_("Vocabulary"), max_length=5, initial=DAC_REGION_VOCABULARY)
    percentage = _percent()


class SectorForm(PartForm):
    vocabulary = forms.CharField(label=_("Vocabulary"), max_length=5, initial=DAC_5_DIGIT_VOCABULARY,
                                 help_text=_("1: OECD DAC purpose code."),
                                 widget=forms.TextInput(attrs={"list": "codelist-SectorVocabulary"}))
    code = forms.CharField(label=_("Code"), max_length=100, widget=forms.TextInput(attrs={"list": "codelist-Sector"}))
    percentage = _percent()


class BudgetForm(PartForm):
    blank_strings = ("currency",)
    type = forms.ChoiceField(label=_("Type"), choices=BudgetType.choices)
    status = forms.ChoiceField(label=_("Status"), choices=BudgetStatus.choices)
    period_start = forms.DateField(label=_("Period start"), widget=forms.DateInput(attrs={"type": "date"}))
    period_end = forms.DateField(label=_("Period end"), widget=forms.DateInput(attrs={"type": "date"}))
    value = forms.DecimalField(label=_("Value"), max_digits=20, decimal_places=2)
    currency = forms.CharField(label=_("Currency"), required=False, max_length=3,
                               widget=forms.TextInput(attrs={"list": "codelist-Currency"}))


class TransactionForm(PartForm):
    narrative_fields = ("description",)
    blank_strings = ("ref", "currency", "provider_org_name", "provider_org_ref", "receiver_org_name",
                     "receiver_org_ref")
    type = forms.ChoiceField(label=_("Type"), choices=TransactionType.choices)
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    value = forms.DecimalField(label=_("Value"), max_digits=20, decimal_places=2)
    currency = forms.CharField(label=_("Currency"), required=False, max_length=3,
                               widget=forms.TextInput(attrs={"list": "codelist-Currency"}))
    provider_org_name = forms.CharField(label=_("Provider organisation"), required=False, max_length=500)
    provider_org_ref = forms.CharField(label=_("Provider identifier"), required=False, max_length=255)
    receiver_org_name = forms.CharField(label=_("Receiver organisation"), required=False, max_length=500)
    receiver_org_ref = forms.CharField(label=_("Receiver identifier"), required=False, max_length=255)
    ref = forms.CharField(label=_("Reference"), required=False, max_length=255)
    description = forms.CharField(label=_("Description"), required=False, max_length=2000)


class RelatedActivityForm(PartForm):
    ref = forms.CharField(label=_("IATI identifier"), max_length=255)
    type = forms.ChoiceField(label=_("Relation"), choices=RelatedActivityType.choices)


class DocumentLinkForm(PartForm):
    narrative_fields = ("title",)
    blank_strings = ("format",)
    url = forms.URLField(label=_("Address"), max_length=1000, assume_scheme="https")
    title = forms.CharField(label=_("Title"), required=False, max_length=500)
    format = forms.CharField(label=_("Format"), required=False, max_length=100, help_text=_("e.g. application/pdf"))
    date = forms.DateField(label=_("Date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class PolicyMarkerForm(PartForm):
    blank_strings = ("significance",)
    vocabulary = forms.CharField(label=_("Vocabulary"), max_length=5, initial="1")
    code = forms.CharField(label=_("Code"), max_length=20)
    significance = forms.CharField(label=_("Significance"), required=False, max_length=5)


class TagForm(PartForm):
    narrative_fields = ("narrative",)
    vocabulary = forms.CharField(label=_("Vocabulary"), max_length=5)
    code = forms.CharField(label=_("Code"), max_length=100)
    narrative = forms.CharField(label=_("Text"), required=False, max_length=500)


# The parts the form edits, in the order of the page. Results (with indicators) come from IATI and are shown only.
PART_FORMS = {
    "participating_organisations": (_("Participating organisations"), ParticipatingOrganisationForm),
    "recipient_countries": (_("Recipient countries"), RecipientCountryForm),
    "recipient_regions": (_("Recipient regions"), RecipientRegionForm),
    "sectors": (_("Sectors"), SectorForm),
    "budgets": (_("Budgets"), BudgetForm),
    "transactions": (_("Transactions"), TransactionForm),
    "related_activities": (_("Related activities"), RelatedActivityForm),
    "document_links": (_("Documents"), DocumentLinkForm),
    "policy_markers": (_("Policy markers"), PolicyMarkerForm),
    "tags": (_("Tags"), TagForm),
}
FORMSETS = {name: formset_factory(form, extra=0, can_delete=True) for name, (_label, form) in PART_FORMS.items()}


def part_initial(activity: Activity, name: str) -> list[dict]:
    form = PART_FORMS[name][1]
    if activity.pk is None:
        return []
    rows = []
    for row in getattr(activity, name).all():
        rows.append({field: getattr(row, field) for field in form.base_fields})
    return rows


def part_formsets(activity: Activity, data=None) -> dict[str, forms.BaseFormSet]:
    language = activity.default_language or "en"
    return {name: FORMSETS[name](data=data, prefix=name, initial=part_initial(activity, name),
                                 form_kwargs={"language": language}) for name in PART_FORMS}


def formset_children(formsets: dict) -> tuple[dict[str, list[dict]], dict[str, list]]:
    """The parts as `children` for `activity_save`, and for each part the forms that gave its rows, in order, so an
    error on row i can be shown on its form."""
    children, sources = {}, {}
    for name, formset in formsets.items():
        children[name], sources[name] = [], []
        for form in formset.forms:
            if not form.has_changed() and not form.initial:
                continue
            if form.cleaned_data.get("DELETE"):
                continue
            children[name].append(form.row())
            sources[name].append(form)
    return children, sources


class BulkImportForm(forms.Form):
    file = forms.FileField(label=_("CSV or XLSX file"),
                           help_text=_("One activity per row, in the columns of the template; at most 5 MB."))

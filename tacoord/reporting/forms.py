import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from tacoord.core.permissions import Action
from tacoord.questionnaires.choices import TemplateStatus
from tacoord.questionnaires.models import QuestionnaireTemplate
from tacoord.reference.choices import UnStatus
from tacoord.reference.models import Country
from tacoord.reporting.models import ReportingCycle
from tacoord.reporting.selectors import parse_as_of


class ReportingCycleForm(forms.ModelForm):
    """A new cycle names its questionnaire and States; once made, only its name, dates and instructions change."""

    countries = forms.ModelMultipleChoiceField(label=_("States concerned"), queryset=Country.objects.none(),
                                               widget=forms.SelectMultiple(attrs={"size": 12}))

    class Meta:
        model = ReportingCycle
        fields = ["name", "template", "opens_on", "deadline", "instructions", "previous_cycle"]
        widgets = {"opens_on": forms.DateInput(attrs={"type": "date"}),
                   "deadline": forms.DateInput(attrs={"type": "date"}),
                   "instructions": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["previous_cycle"].queryset = ReportingCycle.objects.restrict(user, Action.VIEW).exclude(
            pk=self.instance.pk)
        if self.instance.pk is None:
            self.fields["template"].queryset = QuestionnaireTemplate.objects.restrict(user, Action.VIEW).filter(
                status=TemplateStatus.PUBLISHED, archived_at__isnull=True)
            self.fields["countries"].queryset = states_to_ask()
        else:
            del self.fields["countries"]
            self.fields["template"].disabled = True


class ReturnForm(forms.Form):
    comment = forms.CharField(label=_("What the State should change"), widget=forms.Textarea(attrs={"rows": 3}))


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Filled-in questionnaire (XLSX)"))


def states_to_ask():
    return Country.objects.filter(un_status__in=[UnStatus.MEMBER, UnStatus.OBSERVER])


class AddStatesForm(forms.Form):
    """States to add to a cycle: those not in it yet."""

    countries = forms.ModelMultipleChoiceField(label=_("States to add"), queryset=Country.objects.none(),
                                               widget=forms.SelectMultiple(attrs={"size": 8}))

    def __init__(self, *args, cycle, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["countries"].queryset = states_to_ask().exclude(questionnaire_responses__cycle=cycle)


class RemoveStatesForm(forms.Form):
    """States to take out of a cycle, by ISO code; the service says which may go."""

    countries = forms.ModelMultipleChoiceField(label=_("States to take out"), queryset=Country.objects.none(),
                                               to_field_name="iso2")

    def __init__(self, *args, cycle, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["countries"].queryset = Country.objects.filter(questionnaire_responses__cycle=cycle)


class AsOfForm(forms.Form):
    """The moment of an "as of" view: a day (as it ended), or a day and a time."""

    as_of = forms.CharField(label=_("As of"), required=False,
                            widget=forms.DateInput(attrs={"type": "date"}),
                            help_text=_("A day (the answers as it ended) or a day and a time."))
    as_of_time = forms.CharField(label=_("Time"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))

    def clean(self):
        data = super().clean()
        try:
            data["moment"] = parse_as_of(data.get("as_of"), data.get("as_of_time"))
        except ValueError:
            self.add_error("as_of", _("Enter a day as YYYY-MM-DD and, if you like, a time as HH:MM."))
        return data

    def moment(self) -> datetime.date | datetime.datetime | None:
        return self.cleaned_data.get("moment") if self.is_valid() else None

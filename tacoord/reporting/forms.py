from django import forms
from django.utils.translation import gettext_lazy as _

from tacoord.core.permissions import Action
from tacoord.questionnaires.choices import TemplateStatus
from tacoord.questionnaires.models import QuestionnaireTemplate
from tacoord.reference.choices import UnStatus
from tacoord.reference.models import Country
from tacoord.reporting.models import ReportingCycle


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
            self.fields["countries"].queryset = Country.objects.filter(
                un_status__in=[UnStatus.MEMBER, UnStatus.OBSERVER])
        else:
            del self.fields["countries"]
            self.fields["template"].disabled = True


class ReturnForm(forms.Form):
    comment = forms.CharField(label=_("What the State should change"), widget=forms.Textarea(attrs={"rows": 3}))


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Filled-in questionnaire (XLSX)"))

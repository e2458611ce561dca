from django import forms
from django.utils.translation import gettext_lazy as _

from tacoord.duplicates.choices import AlertStatus


class ResolveForm(forms.Form):
    status = forms.ChoiceField(label=_("Decision"), choices=AlertStatus.choices, widget=forms.RadioSelect)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                           max_length=5000)

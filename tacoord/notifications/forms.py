from django import forms
from django.utils.translation import gettext_lazy as _

from tacoord.notifications.models import EmailFrequency
from tacoord.notifications.selectors import email_frequency_of, preferences_of


class PreferencesForm(forms.Form):
    """How often e-mails come, and one check box per kind of notification: receive it by e-mail too."""

    email_frequency = forms.ChoiceField(label=_("E-mails"), choices=EmailFrequency.choices,
                                        widget=forms.RadioSelect)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email_frequency"].initial = email_frequency_of(user=user)
        for preference in preferences_of(user=user):
            self.fields[preference["kind"]] = forms.BooleanField(label=preference["label"], required=False,
                                                                 initial=preference["email"])

    def email_by_kind(self) -> dict[str, bool]:
        return {name: value for name, value in self.cleaned_data.items() if name != "email_frequency"}

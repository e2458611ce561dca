from django import forms

from tacoord.notifications.selectors import preferences_of


class PreferencesForm(forms.Form):
    """One check box per kind of notification: receive it by e-mail too."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        for preference in preferences_of(user=user):
            self.fields[preference["kind"]] = forms.BooleanField(label=preference["label"], required=False,
                                                                 initial=preference["email"])

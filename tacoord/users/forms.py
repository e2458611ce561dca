from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from tacoord.core.permissions import Action
from tacoord.organisations.models import Organisation
from tacoord.users.models import User
from tacoord.users.permissions import manages_people


class UserForm(forms.ModelForm):
    """An account. Role and organisation are shown only to someone who manages this person."""

    password = forms.CharField(label=_("New password"), required=False, strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                               help_text=_("Leave empty to keep the current password."))

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email", "job_title", "phone", "language", "role",
                  "organisation"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        if manages_people(user, self.instance):
            self.fields["organisation"].queryset = Organisation.objects.restrict(user, Action.VIEW).active()
        else:
            del self.fields["role"]
            del self.fields["organisation"]

    def clean_password(self):
        password = self.cleaned_data.get("password")
        if password:
            password_validation.validate_password(password, self.instance)
        return password

from django import forms
from django.utils.translation import gettext_lazy as _

from tacoord.core.permissions import Action
from tacoord.organisations.models import Organisation
from tacoord.reference.models import Country


class OrganisationForm(forms.ModelForm):
    """Fields a person fills in; the choice of parent is limited to organisations the user may see."""

    class Meta:
        model = Organisation
        fields = ["name", "acronym", "kind", "country", "parent", "is_focal_point", "iati_identifier", "iati_type",
                  "description", "website", "email", "phone", "address"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4}), "address": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = Country.objects.all()
        self.fields["parent"].queryset = Organisation.objects.restrict(user, Action.VIEW).active().exclude(
            pk=self.instance.pk)
        self.fields["country"].empty_label = _("(none)")
        self.fields["parent"].empty_label = _("(none)")

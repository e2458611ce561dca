from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from tacoord.core.permissions import Action
from tacoord.core.roles import Role, role_of
from tacoord.organisations.choices import OrganisationKind
from tacoord.organisations.models import Organisation
from tacoord.reference.models import CodelistItem, Country


class OrganisationForm(forms.ModelForm):
    """Fields a person fills in; the choice of parent is limited to organisations the user may see."""

    # A web address typed without a scheme ("www.unodc.org") is taken as https.
    website = forms.URLField(label=capfirst(Organisation._meta.get_field("website").verbose_name), required=False,
                             assume_scheme="https", max_length=200)
    iati_type = forms.ChoiceField(label=capfirst(Organisation._meta.get_field("iati_type").verbose_name),
                                  required=False, help_text=_("Left empty, it follows from the kind."))

    class Meta:
        model = Organisation
        fields = ["name", "acronym", "kind", "country", "parent", "is_focal_point", "iati_identifier", "iati_type",
                  "description", "website", "email", "phone", "address"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4}), "address": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = Country.objects.all()
        iati_types = [(item.code, f"{item.code} {item.name}")
                      for item in CodelistItem.objects.filter(codelist="OrganisationType", is_active=True)]
        if self.instance.iati_type and self.instance.iati_type not in dict(iati_types):
            # A code IATI has since withdrawn stays valid on the records that have it.
            iati_types.append((self.instance.iati_type, self.instance.iati_type))
        self.fields["iati_type"].choices = [("", _("(none)")), *iati_types]
        self.fields["parent"].queryset = Organisation.objects.restrict(user, Action.VIEW).active().exclude(
            pk=self.instance.pk)
        self.fields["country"].empty_label = _("(none)")
        self.fields["parent"].empty_label = _("(none)")
        if self.instance.pk is None and not self.is_bound:
            self._suggest_placement(user)
        # The same rules as organisation_save, shown as fixed fields rather than refused on saving.
        if role_of(user) != Role.SECRETARIAT:
            self.fields["is_focal_point"].disabled = True
            if self.instance.pk is not None and self.instance.pk == user.organisation_id:
                for name in ("kind", "country", "parent"):
                    self.fields[name].disabled = True

    def _suggest_placement(self, user):
        """A new record most often goes where the user works: a focal point adds agencies of its own State."""
        if user.role == Role.FOCAL_POINT and user.organisation_id:
            self.initial.update(kind=OrganisationKind.GOVERNMENT, country=user.organisation.country_id,
                                parent=user.organisation_id)
        elif user.role == Role.PROVIDER_OFFICER and user.organisation_id:
            self.initial.update(kind=user.organisation.kind, country=user.organisation.country_id,
                                parent=user.organisation_id)

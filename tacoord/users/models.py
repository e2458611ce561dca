from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tacoord.core.models import PrimaryModel
from tacoord.core.permissions import RestrictedQuerySet
from tacoord.core.roles import Role
from tacoord.organisations.choices import OrganisationKind


class UserQuerySet(RestrictedQuerySet):
    def active(self):
        return self.filter(archived_at__isnull=True)

    def archived(self):
        return self.filter(archived_at__isnull=False)


class TacoordUserManager(UserManager.from_queryset(UserQuerySet)):
    pass


ACCOUNT_ROLES = [(value, label) for value, label in Role.choices if value != Role.PUBLIC]


class User(AbstractUser, PrimaryModel):
    """A person with an account, holding one role scoped to a State, an agency or an organisation.

    A focal point belongs to its State's national focal point organisation; an agency user to a government agency;
    a provider officer to the organisation it works for; an expert to itself (an organisation is optional).
    """

    role = models.CharField(_("role"), max_length=20, choices=ACCOUNT_ROLES, default=Role.EXPERT)
    organisation = models.ForeignKey("organisations.Organisation", verbose_name=_("organisation"), null=True,
                                     blank=True, on_delete=models.PROTECT, related_name="people")
    # Blank means "follow the browser" (Accept-Language) until the person picks one of the six.
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, blank=True, default="",
                                help_text=_("The language of the interface and of the e-mails you receive. "
                                            "Leave empty to follow your browser."))
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    phone = models.CharField(_("telephone"), max_length=50, blank=True)

    objects = TacoordUserManager()

    changelog_exclude = ("password", "last_login", "created", "last_updated")

    class Meta:
        ordering = ["username"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        full_name = self.get_full_name()
        return f"{full_name} ({self.username})" if full_name else self.username

    def get_absolute_url(self):
        return reverse("users:user", kwargs={"pk": self.pk})

    @property
    def state_id(self) -> int | None:
        """The State a focal point or agency user works for."""
        if self.role == Role.FOCAL_POINT and self.organisation_id:
            # A focal point's powers last only while its organisation is the State's focal point.
            organisation = self.organisation
            return organisation.country_id if organisation.is_focal_point and not organisation.is_archived else None
        if self.role == Role.AGENCY_USER and self.organisation_id:
            return self.organisation.country_id
        return None

    def mark_archived(self) -> None:
        super().mark_archived()
        self.is_active = False

    def mark_unarchived(self) -> None:
        super().mark_unarchived()
        self.is_active = True

    def clean(self):
        super().clean()
        organisation = self.organisation
        errors = {}
        if self.role == Role.FOCAL_POINT and (organisation is None or not organisation.is_focal_point):
            errors["organisation"] = _("A national focal point belongs to its State's focal point organisation.")
        elif self.role == Role.AGENCY_USER and (
                organisation is None or organisation.kind != OrganisationKind.GOVERNMENT):
            errors["organisation"] = _("An agency user belongs to a government agency of a State.")
        elif self.role == Role.PROVIDER_OFFICER and organisation is None:
            errors["organisation"] = _("A provider officer belongs to an organisation.")
        if errors:
            raise ValidationError(errors)

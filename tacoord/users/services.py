from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from tacoord.core.services import object_save
from tacoord.users.models import User
from tacoord.users.permissions import manages_people


@transaction.atomic
def user_save(*, user, person: User, password: str | None = None) -> User:
    """Create or change an account. Only someone who manages people may set a role or an organisation."""
    if person.pk is not None:
        stored = User.objects.get(pk=person.pk)
        if (stored.role, stored.organisation_id) != (person.role, person.organisation_id) and not manages_people(
                user, stored):
            raise PermissionDenied(_("You may not change this person's role or organisation."))
    if password:
        person.set_password(password)
    elif person.pk is None:
        person.set_unusable_password()
    return object_save(user=user, obj=person)


def user_set_language(*, user: User, language: str) -> User:
    user.language = language
    user.full_clean(validate_unique=False)
    user.save(update_fields=["language", "last_updated"])
    return user

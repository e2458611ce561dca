from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from tacoord.core.models import ObjectChange
from tacoord.core.services import object_restore_version, object_save
from tacoord.users.models import User
from tacoord.users.permissions import manages_people


def _standing(person: User) -> tuple:
    """What only someone who manages people may change: the role, the organisation and the administrator flags."""
    return person.role, person.organisation_id, person.is_superuser, person.is_staff


@transaction.atomic
def user_save(*, user, person: User, password: str | None = None) -> User:
    """Create or change an account. Only someone who manages people may set a role or an organisation."""
    if person.pk is not None:
        stored = User.objects.get(pk=person.pk)
        if _standing(stored) != _standing(person) and not manages_people(user, stored):
            raise PermissionDenied(_("You may not change this person's role or organisation."))
    if password:
        person.set_password(password)
    elif person.pk is None:
        person.set_unusable_password()
    return object_save(user=user, obj=person)


@transaction.atomic
def user_restore_version(*, user, person: User, change: ObjectChange) -> User:
    """Restore an earlier version of an account; as in `user_save`, a role or organisation comes back only if the
    user manages this person (an expert must not restore the version in which it was secretariat)."""
    stored = User.objects.get(pk=person.pk)
    person = object_restore_version(user=user, obj=person, change=change)
    if _standing(stored) != _standing(person) and not manages_people(user, stored):
        raise PermissionDenied(_("You may not change this person's role or organisation."))
    return person


def user_set_language(*, user: User, language: str) -> User:
    # Only the language is checked: choosing one must not fail on other data of the account that no longer validates
    # (a focal point whose organisation stopped being the focal point).
    user.language = User._meta.get_field("language").clean(language, user)
    user.save(update_fields=["language", "last_updated"])
    return user

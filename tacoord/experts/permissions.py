"""Who may see and manage the expert roster.

The roster is UNODC's: the secretariat sees and manages all of it and is the only one who reads the contacts of
every expert. An expert sees and edits their own entry (linked to their account), its availability periods and
assignments, and reads their own contacts; they cannot archive their entry.

Provider officers see the active entries — names, expertise, legal systems, languages, regions, availability and
past assignments — without e-mail or telephone: a provider designing a programme can look for a fitting profile
and ask the secretariat to call on the expert (decision 4/3 (o)). Focal points, agency users and the public do not
see the roster: it is a list of private persons.

Contacts are kept out of every page, export, API answer and history that anyone else can read: `may_see_contacts`
is asked by the detail page, the list's columns, the serializer; the history of an entry is shown only to those who
may change it.
"""

from django.db.models import Q

from tacoord.core.permissions import Action, Policy, register_policy
from tacoord.core.roles import Role, role_of
from tacoord.experts.models import Assignment, Availability, Expert


def may_see_contacts(user, expert: Expert) -> bool:
    role = role_of(user)
    return role == Role.SECRETARIAT or (role == Role.EXPERT and expert.user_id is not None
                                        and expert.user_id == user.pk)


def contacts_in_lists(user) -> bool:
    """Whether a list of experts shows contacts: the secretariat's, and an expert's, whose list holds only their own
    entry."""
    return role_of(user) in {Role.SECRETARIAT, Role.EXPERT}


def _expert_scope(user, role, action, prefix=""):
    own = Q(**{f"{prefix}user_id": user.pk}) if role == Role.EXPERT else None
    if action == Action.VIEW and role == Role.PROVIDER_OFFICER:
        return Q(**{f"{prefix}archived_at__isnull": True})
    if action == Action.VIEW or action == Action.CHANGE:
        return own
    return None


@register_policy(Expert)
class ExpertPolicy(Policy):
    def scope(self, user, role, action):
        return _expert_scope(user, role, action)

    def may_add(self, user, obj):
        if super().may_add(user, obj):
            return True
        if role_of(user) != Role.EXPERT or Expert.objects.filter(user=user).exists():
            return False
        # An expert with no entry yet enters themselves on the roster.
        return obj.user_id is None or obj.user_id == user.pk


class ExpertRecordPolicy(Policy):
    """Availability periods and assignments follow their expert; the expert keeps them, archiving included."""

    def scope(self, user, role, action):
        if action == Action.VIEW:
            scope = _expert_scope(user, role, action, prefix="expert__")
            if scope is not None and role == Role.PROVIDER_OFFICER:
                scope &= Q(archived_at__isnull=True)
            return scope
        return Q(expert__user_id=user.pk) if role == Role.EXPERT else None

    def may_add(self, user, obj):
        if super().may_add(user, obj):
            return True
        if role_of(user) != Role.EXPERT:
            return False
        if obj.expert_id is None:
            return Expert.objects.filter(user=user).exists()  # asked before a form is filled in
        return obj.expert.user_id == user.pk


register_policy(Availability)(ExpertRecordPolicy)
register_policy(Assignment)(ExpertRecordPolicy)

"""Who may see and answer questionnaires.

- The secretariat runs the cycles and sees every answer.
- A State's focal point and agency users see and answer their own State's response; only the focal point submits
  (checked in services).
- Answers are confidential to the State and the secretariat, unless the State publishes its response.
- Anyone signed in sees which cycles are open; the public sees published responses only.
- The secretariat's comments on a returned submission stay between the secretariat and that State, published or not.
"""

from django.db.models import Q

from tacoord.core.permissions import Action, Policy, register_policy
from tacoord.core.roles import Role
from tacoord.reporting.choices import CycleStatus
from tacoord.reporting.models import (
    Answer,
    AnswerVersion,
    QuestionnaireResponse,
    ReportingCycle,
    ResponseReturn,
    Submission,
)

STATE_ROLES = {Role.FOCAL_POINT, Role.AGENCY_USER}


def response_scope(user, role, action, prefix: str = ""):
    """The responses (or, with a prefix, the rows hanging from them) `user` may `action`."""
    own_state = Q(**{f"{prefix}country_id": user.state_id}) if role in STATE_ROLES and user.state_id else None
    if action == Action.VIEW:
        published = Q(**{f"{prefix}is_published": True})
        return published | own_state if own_state is not None else published
    if action == Action.CHANGE:
        return own_state
    return None


@register_policy(ReportingCycle)
class ReportingCyclePolicy(Policy):
    def scope(self, user, role, action):
        if action == Action.VIEW and role != Role.PUBLIC:
            return ~Q(status=CycleStatus.DRAFT) & Q(archived_at__isnull=True)
        return None


@register_policy(QuestionnaireResponse)
class QuestionnaireResponsePolicy(Policy):
    def scope(self, user, role, action):
        return response_scope(user, role, action)


@register_policy(Answer)
@register_policy(Submission)
class ResponsePartPolicy(Policy):
    def scope(self, user, role, action):
        return response_scope(user, role, action, prefix="response__")


@register_policy(AnswerVersion)
class AnswerVersionPolicy(Policy):
    def scope(self, user, role, action):
        return response_scope(user, role, action, prefix="answer__response__") if action == Action.VIEW else None


@register_policy(ResponseReturn)
class ResponseReturnPolicy(Policy):
    def scope(self, user, role, action):
        if action == Action.VIEW and role in STATE_ROLES and user.state_id:
            return Q(response__country_id=user.state_id)
        return None

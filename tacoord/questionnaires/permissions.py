"""Questionnaires are written by the secretariat; once published, anyone may read them (States prepare offline)."""

from django.db.models import Q

from tacoord.core.permissions import Action, Policy, register_policy
from tacoord.questionnaires.choices import TemplateStatus
from tacoord.questionnaires.models import Choice, Question, QuestionnaireTemplate


@register_policy(QuestionnaireTemplate)
class QuestionnaireTemplatePolicy(Policy):
    def scope(self, user, role, action):
        if action == Action.VIEW:
            return Q(status__in=[TemplateStatus.PUBLISHED, TemplateStatus.RETIRED], archived_at__isnull=True)
        return None


@register_policy(Question)
@register_policy(Choice)
class TemplatePartPolicy(Policy):
    def scope(self, user, role, action):
        if action == Action.VIEW:
            return Q(template__status__in=[TemplateStatus.PUBLISHED, TemplateStatus.RETIRED],
                     template__archived_at__isnull=True)
        return None

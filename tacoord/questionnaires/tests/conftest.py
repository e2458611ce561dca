"""Fixtures of the questionnaire tests.

The reference data and the self-assessment built from it take seconds to load, so a test module that asks for them
loads them once, in a transaction rolled back when the module ends; each test runs in a savepoint inside it.
"""

import pytest
from django.core.management import call_command
from django.db import transaction

from tacoord.core.roles import Role
from tacoord.questionnaires.models import QuestionnaireTemplate
from tacoord.questionnaires.services import template_build_self_assessment
from tacoord.testing.factories import UserFactory


@pytest.fixture(scope="module")
def _reference_module(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_reference", verbosity=0)
        builder = UserFactory(username="builder", role=Role.SECRETARIAT)
        yield template_build_self_assessment(user=builder).pk
        transaction.set_rollback(True)


@pytest.fixture
def reference(_reference_module, db):
    """The reference data, loaded (and the self-assessment built from it)."""


@pytest.fixture
def self_assessment(_reference_module, db) -> QuestionnaireTemplate:
    return QuestionnaireTemplate.objects.get(pk=_reference_module)

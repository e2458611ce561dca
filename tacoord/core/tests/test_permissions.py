"""The one permission check: roles, `restrict`, `user_may` and the policy registry."""

import pytest
from django.contrib.auth.models import AnonymousUser

from tacoord.core.models import ObjectChange
from tacoord.core.permissions import Action, Policy, policy_for, user_may
from tacoord.core.roles import Role, role_of
from tacoord.organisations.models import Organisation
from tacoord.reference.models import Country
from tacoord.testing.factories import UserFactory
from tacoord.users.models import User

pytestmark = pytest.mark.django_db


class TestRoleOf:
    def test_nobody_and_anonymous_are_public(self):
        assert role_of(None) == Role.PUBLIC
        assert role_of(AnonymousUser()) == Role.PUBLIC

    def test_stored_role(self, world):
        assert role_of(world.focal_a) == Role.FOCAL_POINT
        assert role_of(world.agency_a) == Role.AGENCY_USER
        assert role_of(world.officer) == Role.PROVIDER_OFFICER
        assert role_of(world.expert) == Role.EXPERT
        assert role_of(world.secretariat) == Role.SECRETARIAT

    def test_superuser_is_secretariat_whatever_its_role(self):
        assert role_of(UserFactory(role=Role.EXPERT, is_superuser=True)) == Role.SECRETARIAT

    def test_inactive_account_is_public(self, world):
        world.secretariat.is_active = False
        assert role_of(world.secretariat) == Role.PUBLIC


class TestPolicy:
    def test_base_policy_gives_secretariat_everything_and_others_nothing(self, world):
        queryset = Organisation.objects.all()
        assert Policy().restrict(queryset, world.secretariat, Action.VIEW).count() == queryset.count()
        for user in (world.focal_a, world.officer, world.expert, AnonymousUser()):
            assert not Policy().restrict(queryset, user, Action.VIEW).exists()

    def test_base_policy_lets_only_secretariat_add(self, world):
        assert Policy().may_add(world.secretariat, Organisation())
        assert not Policy().may_add(world.focal_a, Organisation())
        assert not Policy().may_add(AnonymousUser(), Organisation())

    def test_scope_true_means_all_rows(self, world):
        class Everyone(Policy):
            def scope(self, user, role, action):
                return True

        assert Everyone().restrict(Organisation.objects.all(), world.expert, Action.CHANGE).count() == (
            Organisation.objects.count())

    def test_model_without_policy_is_refused(self):
        with pytest.raises(LookupError):
            policy_for(ObjectChange)

    def test_every_restricted_model_has_a_policy(self):
        for model in (Organisation, User, Country):
            assert isinstance(policy_for(model), Policy)


class TestUserMay:
    def test_new_object_is_asked_of_may_add(self, world):
        assert user_may(world.secretariat, Action.ADD, Organisation(name="x"))
        assert not user_may(world.expert, Action.ADD, Organisation(name="x"))
        # A row without pk is a new one, whatever the action asked.
        assert not user_may(world.expert, Action.CHANGE, Organisation(name="x"))

    def test_stored_object_is_asked_of_restrict(self, world):
        assert user_may(world.officer, Action.CHANGE, world.provider)
        assert not user_may(world.officer, Action.CHANGE, world.other_provider)
        assert user_may(world.officer, Action.VIEW, world.other_provider)

    def test_stored_row_decides_not_the_unsaved_change(self, world):
        """A change in memory does not grant permission: the row as stored is what restrict looks at."""
        world.other_provider.parent = world.provider
        assert not user_may(world.officer, Action.CHANGE, world.other_provider)

    def test_archived_account_may_do_nothing(self, world):
        world.focal_a.mark_archived()
        world.focal_a.save()
        assert not user_may(world.focal_a, Action.CHANGE, world.agency_org_a)
        assert not User.objects.restrict(world.focal_a, Action.VIEW).exists()

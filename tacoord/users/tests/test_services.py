"""Writing accounts: role escalation refused, passwords, restore, language."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tacoord.core.models import ChangeAction, ObjectChange
from tacoord.core.selectors import object_history
from tacoord.core.services import object_archive, object_save
from tacoord.users.models import User
from tacoord.users.services import user_restore_version, user_save, user_set_language

pytestmark = pytest.mark.django_db


def fresh(person) -> User:
    return User.objects.get(pk=person.pk)


class TestUserSave:
    def test_new_account_with_password(self, world):
        person = user_save(user=world.focal_a, person=User(username="new", email="n@example.org",
                                                           role="agency_user", organisation=world.agency_org_a),
                           password="a-Long-enough-secret")
        assert fresh(person).check_password("a-Long-enough-secret")

    def test_new_account_without_password_cannot_sign_in(self, world):
        person = user_save(user=world.secretariat, person=User(username="new", email="n@example.org"))
        assert not fresh(person).has_usable_password()

    def test_change_keeps_password_unless_given(self, world):
        person = fresh(world.expert)
        person.job_title = "Judge"
        user_save(user=world.expert, person=person)
        assert fresh(world.expert).check_password("correct-horse-battery-staple")

    def test_own_details(self, world):
        person = fresh(world.expert)
        person.first_name = "Claire"
        user_save(user=world.expert, person=person)
        assert fresh(world.expert).first_name == "Claire"

    @pytest.mark.parametrize(("who", "field", "value"), [
        ("expert", "role", "secretariat"),
        ("officer", "role", "secretariat"),
        ("officer", "organisation", "other_provider"),
        ("agency_a", "organisation", "agency_org_b"),
        ("agency_a", "role", "focal_point"),
        ("focal_a", "role", "secretariat"),
        ("expert", "is_superuser", True),
        ("expert", "is_staff", True),
    ])
    def test_no_one_changes_their_own_standing(self, world, who, field, value):
        person = fresh(world.person(who))
        before = (person.role, person.organisation_id, person.is_superuser)
        setattr(person, field, getattr(world, value) if field == "organisation" else value)
        with pytest.raises(PermissionDenied):
            user_save(user=world.person(who), person=person)
        stored = fresh(person)
        assert (stored.role, stored.organisation_id, stored.is_superuser) == before

    def test_focal_point_cannot_make_someone_secretariat(self, world):
        count = ObjectChange.objects.count()
        person = fresh(world.agency_a)
        person.role = "secretariat"
        with pytest.raises(PermissionDenied):
            user_save(user=world.focal_a, person=person)
        assert fresh(world.agency_a).role == "agency_user"
        assert ObjectChange.objects.count() == count

    def test_focal_point_cannot_add_a_secretariat_officer(self, world):
        with pytest.raises(PermissionDenied):
            user_save(user=world.focal_a, person=User(username="boss", email="b@example.org", role="secretariat"))
        assert not User.objects.filter(username="boss").exists()

    def test_focal_point_cannot_add_someone_it_could_not_see_afterwards(self, world):
        with pytest.raises(PermissionDenied):
            user_save(user=world.focal_a, person=User(username="lost", email="l@example.org", role="expert"))
        assert not User.objects.filter(username="lost").exists()

    def test_focal_point_cannot_send_a_person_to_another_state(self, world):
        person = fresh(world.agency_a)
        person.organisation = world.agency_org_b
        with pytest.raises(PermissionDenied):
            user_save(user=world.focal_a, person=person)
        assert fresh(world.agency_a).organisation == world.agency_org_a

    def test_focal_point_promotes_within_its_state(self, world):
        person = fresh(world.agency_a)
        person.role, person.organisation = "focal_point", world.fp_org_a
        user_save(user=world.focal_a, person=person)
        assert fresh(world.agency_a).role == "focal_point"

    def test_secretariat_sets_any_role(self, world):
        person = fresh(world.expert)
        person.role, person.organisation = "provider_officer", world.other_provider
        user_save(user=world.secretariat, person=person)
        assert fresh(world.expert).organisation == world.other_provider

    def test_rules_of_the_model_apply(self, world):
        person = fresh(world.agency_a)
        person.role = "focal_point"  # but its organisation is not the focal point organisation
        with pytest.raises(ValidationError) as error:
            user_save(user=world.secretariat, person=person)
        assert "organisation" in error.value.message_dict

    def test_duplicate_user_name(self, world):
        with pytest.raises(ValidationError) as error:
            user_save(user=world.secretariat, person=User(username="expert", email="e@example.org"))
        assert "username" in error.value.message_dict


class TestRestore:
    def history_with_role(self, world, person, role, organisation=None):
        """Give `person` another standing for a while (as the secretariat would), then take it back."""
        person = fresh(person)
        original = (person.role, person.organisation)
        person.role, person.organisation = role, organisation
        object_save(user=world.secretariat, obj=person)
        then = object_history(obj=person).first()
        person.role, person.organisation = original
        object_save(user=world.secretariat, obj=person)
        return then

    def test_an_expert_cannot_restore_itself_to_secretariat(self, world):
        then = self.history_with_role(world, world.expert, "secretariat")
        count = ObjectChange.objects.count()
        with pytest.raises(PermissionDenied):
            user_restore_version(user=world.expert, person=fresh(world.expert), change=then)
        assert fresh(world.expert).role == "expert"
        assert ObjectChange.objects.count() == count

    def test_a_focal_point_cannot_restore_someone_to_secretariat(self, world):
        then = self.history_with_role(world, world.agency_a, "secretariat")
        with pytest.raises(PermissionDenied):
            user_restore_version(user=world.focal_a, person=fresh(world.agency_a), change=then)
        assert fresh(world.agency_a).role == "agency_user"

    def test_a_focal_point_cannot_restore_someone_into_another_state(self, world):
        then = self.history_with_role(world, world.agency_a, "agency_user", world.agency_org_b)
        with pytest.raises(PermissionDenied):
            user_restore_version(user=world.focal_a, person=fresh(world.agency_a), change=then)
        assert fresh(world.agency_a).organisation == world.agency_org_a

    def test_the_secretariat_may_restore_a_role(self, world):
        then = self.history_with_role(world, world.expert, "provider_officer", world.provider)
        user_restore_version(user=world.secretariat, person=fresh(world.expert), change=then)
        assert fresh(world.expert).role == "provider_officer"
        assert object_history(obj=world.expert).first().action == ChangeAction.RESTORE

    def test_own_details_may_be_restored(self, world):
        person = fresh(world.expert)
        person.job_title = "Judge"
        user_save(user=world.expert, person=person)
        then = object_history(obj=person).first()
        person.job_title = "Retired"
        user_save(user=world.expert, person=person)
        user_restore_version(user=world.expert, person=fresh(person), change=then)
        assert fresh(person).job_title == "Judge"

    def test_who_may_archive_may_restore_a_version_from_before_the_archive(self, world):
        person = fresh(world.agency_a)
        person.job_title = "Inspector"
        object_save(user=world.focal_a, obj=person)
        then = object_history(obj=person).first()
        object_archive(user=world.focal_a, obj=fresh(person))
        assert not fresh(person).is_active
        user_restore_version(user=world.focal_a, person=fresh(person), change=then)
        assert fresh(person).is_active and not fresh(person).is_archived


class TestLanguage:
    def test_saves_and_logs(self, world):
        user_set_language(user=fresh(world.expert), language="zh-hans")
        assert fresh(world.expert).language == "zh-hans"
        assert object_history(obj=world.expert).first().differences() == [("language", "", "zh-hans")]

    def test_refuses_unknown_languages(self, world):
        with pytest.raises(ValidationError):
            user_set_language(user=fresh(world.expert), language="xx")
        assert fresh(world.expert).language == ""

    def test_works_for_an_account_whose_other_data_no_longer_validates(self, world):
        """The focal point organisation stopped being one: the account is stale, but may still pick a language."""
        world.fp_org_a.is_focal_point = False
        world.fp_org_a.save()
        user_set_language(user=fresh(world.focal_a), language="fr")
        assert fresh(world.focal_a).language == "fr"

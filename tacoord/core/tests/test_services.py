"""The shared writes: save, archive, take out of the archive, restore an earlier version."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tacoord.core.errors import ApplicationError
from tacoord.core.models import ChangeAction, ObjectChange
from tacoord.core.selectors import object_history
from tacoord.core.services import (
    object_archive,
    object_restore_version,
    object_save,
    object_unarchive,
    require_permission,
)
from tacoord.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


class TestObjectSave:
    def test_validates_before_anything_else(self, world):
        with pytest.raises(ValidationError) as error:
            object_save(user=world.secretariat, obj=Organisation(name="", kind="nonsense"))
        assert {"name", "kind"} <= set(error.value.message_dict)
        assert not Organisation.objects.filter(kind="nonsense").exists()

    def test_adds_within_scope(self, world):
        office = object_save(user=world.officer, obj=Organisation(name="Office", kind="donor_agency",
                                                                  parent=world.provider))
        assert office.pk and office.iati_type == "10"

    def test_refuses_to_add_out_of_scope(self, world):
        count = Organisation.objects.count()
        with pytest.raises(PermissionDenied):
            object_save(user=world.officer, obj=Organisation(name="Office", kind="donor_agency",
                                                             parent=world.other_provider))
        assert Organisation.objects.count() == count

    def test_refuses_to_change_out_of_scope(self, world):
        org = fresh(world.other_provider)
        org.name = "Taken over"
        with pytest.raises(PermissionDenied):
            object_save(user=world.officer, obj=org)
        assert fresh(world.other_provider).name == "United Nations Development Office"

    def test_a_change_cannot_move_a_record_out_of_reach(self, world):
        """A focal point may change its State's agency but not hand it to another State."""
        agency = fresh(world.agency_org_a)
        agency.country, agency.parent = world.state_b, world.fp_org_b
        with pytest.raises(PermissionDenied):
            object_save(user=world.focal_a, obj=agency)
        assert fresh(world.agency_org_a).country == world.state_a
        assert not object_history(obj=agency).filter(action=ChangeAction.UPDATE).exists()


class TestArchive:
    def test_archive_and_unarchive(self, world):
        office = object_archive(user=world.officer, obj=fresh(world.provider_office))
        assert fresh(office).is_archived
        assert Organisation.objects.filter(pk=office.pk).exists()
        object_unarchive(user=world.officer, obj=fresh(office))
        assert not fresh(office).is_archived
        assert [c.action for c in object_history(obj=office)[:2]] == ["unarchive", "archive"]

    def test_archiving_twice_logs_once(self, world):
        object_archive(user=world.officer, obj=fresh(world.provider_office))
        count = ObjectChange.objects.count()
        object_archive(user=world.officer, obj=fresh(world.provider_office))
        object_unarchive(user=world.secretariat, obj=fresh(world.provider))  # never archived
        assert ObjectChange.objects.count() == count

    @pytest.mark.parametrize("service", [object_archive, object_unarchive])
    def test_refused_without_archive_permission(self, world, service):
        archived = fresh(world.provider)
        if service is object_unarchive:
            object_archive(user=world.secretariat, obj=archived)
        state = fresh(world.provider).archived_at
        with pytest.raises(PermissionDenied):
            service(user=world.officer, obj=fresh(world.provider))  # its own organisation: change, not archive
        assert fresh(world.provider).archived_at == state


class TestRestore:
    def edits(self, world):
        org = fresh(world.provider)
        for phone in ("111", "222"):
            org.phone = phone
            object_save(user=world.officer, obj=org)
        return object_history(obj=org).filter(action=ChangeAction.UPDATE).order_by("pk")

    def test_restores_the_version_after_a_change(self, world):
        first, _second = self.edits(world)
        restored = object_restore_version(user=world.officer, obj=fresh(world.provider), change=first)
        assert fresh(restored).phone == "111"
        assert object_history(obj=restored).first().action == ChangeAction.RESTORE

    def test_refuses_a_change_of_another_record(self, world):
        first, _second = self.edits(world)
        with pytest.raises(ApplicationError):
            object_restore_version(user=world.secretariat, obj=fresh(world.other_provider), change=first)

    def test_refuses_a_deletion_which_has_no_after(self, world):
        first, _second = self.edits(world)
        first.postchange_data = None
        with pytest.raises(ApplicationError):
            object_restore_version(user=world.secretariat, obj=fresh(world.provider), change=first)

    def test_refuses_who_may_not_change(self, world):
        first, _second = self.edits(world)
        with pytest.raises(PermissionDenied):
            object_restore_version(user=world.other_officer, obj=fresh(world.provider), change=first)
        assert fresh(world.provider).phone == "222"

    def test_cannot_take_out_of_the_archive_without_archive_permission(self, world):
        """The secretariat archived the focal point organisation; its focal point may change it, not unarchive."""
        created = object_history(obj=world.fp_org_a).get(action=ChangeAction.CREATE)
        object_archive(user=world.secretariat, obj=fresh(world.fp_org_a))
        count = ObjectChange.objects.count()
        with pytest.raises(PermissionDenied):
            object_restore_version(user=world.focal_a, obj=fresh(world.fp_org_a), change=created)
        assert fresh(world.fp_org_a).is_archived
        assert ObjectChange.objects.count() == count

    def test_cannot_restore_a_version_out_of_reach(self, world):
        """An agency that once belonged to State B cannot be brought back to B by State A's focal point."""
        agency = fresh(world.agency_org_a)
        agency.country, agency.parent = world.state_b, world.fp_org_b
        object_save(user=world.secretariat, obj=agency)
        in_b = object_history(obj=agency).first()
        agency.country, agency.parent = world.state_a, world.fp_org_a
        object_save(user=world.secretariat, obj=agency)
        with pytest.raises(PermissionDenied):
            object_restore_version(user=world.focal_a, obj=fresh(agency), change=in_b)
        assert fresh(agency).country == world.state_a

    def test_restored_data_is_validated(self, world):
        first, _second = self.edits(world)
        first.postchange_data = {**first.postchange_data, "kind": "nonsense"}
        with pytest.raises(ValidationError):
            object_restore_version(user=world.secretariat, obj=fresh(world.provider), change=first)


def test_require_permission_names_the_object(world):
    with pytest.raises(PermissionDenied, match="Deutsche Gesellschaft Hilfe"):
        require_permission(user=world.expert, action="change", obj=world.provider)

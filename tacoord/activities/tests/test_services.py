import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError

from tacoord.activities.models import Activity, ActivitySector, RecipientCountry
from tacoord.activities.services import activity_save
from tacoord.activities.tests.helpers import make_activity
from tacoord.core.models import ObjectChange
from tacoord.reference.models import CodelistItem


def _changes(activity):
    return ObjectChange.objects.filter(changed_object_type=ContentType.objects.get_for_model(Activity),
                                       changed_object_id=str(activity.pk))


def _new(world, reporter=None, **fields):
    return Activity(reporting_organisation=reporter or world.provider, title={"en": "Border control training"},
                    default_currency="EUR", **fields)


@pytest.mark.django_db
class TestActivitySave:
    def test_saves_activity_parts_and_one_change_entry(self, world):
        activity = activity_save(user=world.officer, activity=_new(world), children={
            "recipient_countries": [{"country_code": "ke", "percentage": "60"}, {"country": world.state_b,
                                                                                 "percentage": 40}],
            "sectors": [{"code": "15130", "percentage": 100}],
            "transactions": [{"type": "2", "date": datetime.date(2025, 3, 1), "value": Decimal("1000.50")}],
        })
        assert activity.iati_identifier.startswith("DE-1-0001-")
        assert [row.country.iso2 for row in activity.recipient_countries.all()] == ["KE", "PE"]
        changes = _changes(activity)
        assert changes.count() == 1
        assert changes[0].postchange_data["children"]["transactions"][0]["value"] == "1000.50"

    def test_replacing_parts_is_one_change_with_before_and_after(self, world):
        activity = make_activity(reporter=world.provider, countries=[world.state_a])
        activity_save(user=world.officer, activity=activity, children={"recipient_countries": [
            {"country": world.state_b}]})
        change = _changes(activity).first()
        assert change.action == "update"
        before = change.prechange_data["children"]["recipient_countries"]
        after = change.postchange_data["children"]["recipient_countries"]
        assert [row["country_id"] for row in before] == [world.state_a.pk]
        assert [row["country_id"] for row in after] == [world.state_b.pk]
        assert RecipientCountry.objects.filter(activity=activity).count() == 1

    def test_unchanged_save_writes_nothing(self, world):
        activity = make_activity(reporter=world.provider, countries=[world.state_a])
        count = ObjectChange.objects.count()
        activity_save(user=world.officer, activity=activity, children={"recipient_countries": [
            {"country": world.state_a}]})
        assert ObjectChange.objects.count() == count

    def test_saving_the_same_parts_again_writes_nothing(self, world):
        parts = {"recipient_countries": [{"country_code": "KE", "percentage": 50}, {"country_code": "PE",
                                                                                    "percentage": "50.0"}],
                 "transactions": [{"type": "3", "date": "2025-01-01", "value": 7}]}
        activity = activity_save(user=world.officer, activity=_new(world), children=parts)
        count = ObjectChange.objects.count()
        activity_save(user=world.officer, activity=Activity.objects.get(pk=activity.pk), children=parts)
        assert ObjectChange.objects.count() == count

    @pytest.mark.parametrize("children, key", [
        ({"sectors": [{"code": "15130", "percentage": 60}, {"code": "15210", "percentage": 30}]}, "sectors"),
        ({"sectors": [{"code": "15130", "percentage": 60}, {"code": "15210"}]}, "sectors"),
        ({"recipient_countries": [{"country_code": "KE", "percentage": 50}, {"country_code": "PE",
                                                                             "percentage": 20}]},
         "recipient_countries"),
        ({"recipient_countries": [{"country_code": "ZZ"}]}, "recipient_countries.0.country"),
        ({"sectors": [{"code": "1", "percentage": 150}]}, "sectors.0.percentage"),
        ({"transactions": [{"type": "3", "date": datetime.date(2025, 1, 1), "value": 5, "currency": "XYZW"}]},
         "transactions.0.currency"),
        ({"budgets": [{"period_start": datetime.date(2025, 1, 1), "period_end": datetime.date(2024, 1, 1),
                       "value": 5}]}, "budgets.0.period_end"),
    ])
    def test_invalid_parts_are_refused_with_field_errors_and_nothing_written(self, world, children, key):
        with pytest.raises(ValidationError) as error:
            activity_save(user=world.officer, activity=_new(world), children=children)
        assert key in error.value.message_dict
        assert not Activity.objects.exists()

    def test_sector_percentages_count_per_vocabulary(self, world):
        activity = activity_save(user=world.officer, activity=_new(world), children={"sectors": [
            {"code": "15130", "percentage": 50}, {"code": "15210", "percentage": 50},
            {"vocabulary": "99", "code": "ta", "percentage": 100}]})
        assert ActivitySector.objects.filter(activity=activity).count() == 3

    def test_end_before_start_and_unknown_currency(self, world):
        activity = _new(world, planned_start=datetime.date(2025, 5, 1), planned_end=datetime.date(2025, 1, 1))
        activity.default_currency = "EURO"
        with pytest.raises(ValidationError) as error:
            activity_save(user=world.officer, activity=activity)
        assert {"planned_end", "default_currency"} <= set(error.value.message_dict)

    def test_codes_are_checked_against_loaded_codelists(self, world):
        CodelistItem.objects.create(codelist="TransactionType", code="3", name_en="Disbursement")
        CodelistItem.objects.create(codelist="Currency", code="EUR", name_en="Euro")
        with pytest.raises(ValidationError) as error:
            activity_save(user=world.officer, activity=_new(world), children={"transactions": [
                {"type": "42", "date": datetime.date(2025, 1, 1), "value": 1, "currency": "USD"}]})
        assert {"transactions.0.type", "transactions.0.currency"} <= set(error.value.message_dict)

    def test_transaction_without_any_currency(self, world):
        activity = _new(world)
        activity.default_currency = ""
        with pytest.raises(ValidationError) as error:
            activity_save(user=world.officer, activity=activity, children={"transactions": [
                {"type": "3", "date": datetime.date(2025, 1, 1), "value": 1}]})
        assert "transactions.0.currency" in error.value.message_dict

    def test_programme_cannot_contain_itself(self, world):
        programme = make_activity(reporter=world.provider, identifier="DE-1-0001-P")
        child = make_activity(reporter=world.provider, identifier="DE-1-0001-C", parent=programme)
        programme.parent = child
        with pytest.raises(ValidationError) as error:
            activity_save(user=world.officer, activity=programme)
        assert "parent" in error.value.message_dict


@pytest.mark.django_db
class TestPermissions:
    def test_provider_officer_adds_for_its_office(self, world):
        activity = activity_save(user=world.officer, activity=_new(world, reporter=world.provider_office))
        assert activity.pk

    @pytest.mark.parametrize("person", ["other_officer", "focal_a", "agency_a", "expert"])
    def test_others_may_not_add_for_a_provider(self, world, person):
        with pytest.raises(PermissionDenied):
            activity_save(user=world.person(person), activity=_new(world))
        assert not Activity.objects.exists()

    def test_anonymous_may_not_add(self, world):
        with pytest.raises(PermissionDenied):
            activity_save(user=AnonymousUser(), activity=_new(world))

    def test_provider_officer_cannot_change_another_organisations_activity(self, world):
        activity = make_activity(reporter=world.other_provider)
        activity.title = {"en": "Hijacked"}
        with pytest.raises(PermissionDenied):
            activity_save(user=world.officer, activity=activity)
        assert Activity.objects.get(pk=activity.pk).title == {"en": "Training of prosecutors"}

    def test_provider_officer_cannot_move_its_activity_to_another_reporter(self, world):
        activity = make_activity(reporter=world.provider)
        activity.reporting_organisation = world.other_provider
        with pytest.raises(PermissionDenied):
            activity_save(user=world.officer, activity=activity)
        assert Activity.objects.get(pk=activity.pk).reporting_organisation == world.provider

    def test_focal_point_reports_its_states_agencies(self, world):
        activity = activity_save(user=world.focal_a, activity=_new(world, reporter=world.agency_org_a))
        assert activity.pk
        with pytest.raises(PermissionDenied):
            activity_save(user=world.focal_b, activity=_new(world, reporter=world.agency_org_a,
                                                             iati_identifier="X-2"))

    def test_everyone_reads_active_activities_archived_only_by_managers(self, world):
        active = make_activity(reporter=world.provider, identifier="A-1")
        archived = make_activity(reporter=world.provider, identifier="A-2")
        archived.mark_archived()
        archived.save()
        assert list(Activity.objects.restrict(AnonymousUser())) == [active]
        assert set(Activity.objects.restrict(world.officer)) == {active, archived}
        assert list(Activity.objects.restrict(world.other_officer)) == [active]
        assert list(Activity.objects.restrict(world.other_officer, "change")) == []
        assert set(Activity.objects.restrict(world.secretariat, "archive")) == {active, archived}

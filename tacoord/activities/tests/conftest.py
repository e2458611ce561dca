"""Fixtures shared by the who-does-what-where tests."""

import datetime

import pytest

from tacoord.activities.tests.helpers import make_activity, txn
from tacoord.core.services import object_archive
from tacoord.needs.choices import NeedStatus
from tacoord.needs.models import Need
from tacoord.needs.tests import helpers as needs_helpers
from tacoord.reference.models import TechnicalAssistanceType


@pytest.fixture
def data(world):
    articles = needs_helpers.reference()
    training = TechnicalAssistanceType.objects.get(code="training")
    funder = make_activity(
        reporter=world.provider, identifier="DE-1-0001-A", title="Prosecutor training", countries=[world.state_a],
        coordination_setting="bilateral",
        relations={"articles": [articles["untoc_a5"]], "ta_types": [training]},
        children={"transactions": [
            txn("2", 1000, datetime.date(2025, 1, 10), receiver_activity_id="XM-UNDO-B"),
            txn("3", 1000, datetime.date(2025, 2, 1), receiver_activity_id="XM-UNDO-B")]})
    implementer = make_activity(
        reporter=world.other_provider, identifier="XM-UNDO-B", title="Police academy course",
        coordination_setting="joint",
        countries=[world.state_a], planned_start=datetime.date(2025, 6, 1), planned_end=datetime.date(2027, 6, 30),
        relations={"articles": [articles["untoc_a5"]]},
        children={"transactions": [
            txn("1", 1000, datetime.date(2025, 2, 3), provider_activity_id="DE-1-0001-A"),
            txn("4", 700, datetime.date(2025, 9, 1)), txn("4", 500, datetime.date(2026, 3, 1))]})
    peru = make_activity(
        reporter=world.provider_office, identifier="DE-1-0001-P", title="Mutual legal assistance desk",
        countries=[world.state_b, world.state_a], relations={"articles": [articles["untoc_a18"]]},
        children={"transactions": [txn("3", 200, datetime.date(2025, 5, 1), currency="EUR")]})
    hidden = make_activity(reporter=world.provider, identifier="DE-1-0001-Z", title="Archived secret course",
                           countries=[world.state_a], relations={"articles": [articles["untoc_a5"]]})
    object_archive(user=world.secretariat, obj=hidden)
    addressed = Need.objects.create(country=world.state_a, article=articles["untoc_a5"], ta_type=training,
                                    status=NeedStatus.VALIDATED)
    gap = Need.objects.create(country=world.state_a, article=articles["untoc_a18"], ta_type=training,
                              status=NeedStatus.VALIDATED)
    draft = Need.objects.create(country=world.state_a, article=articles["tip_a5"], ta_type=training,
                                status=NeedStatus.IDENTIFIED)
    return {"funder": funder, "implementer": implementer, "peru": peru, "hidden": hidden, "addressed": addressed,
            "gap": gap, "draft": draft, "articles": articles}

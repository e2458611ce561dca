"""The history of returns starts from the one comment field it replaces: an existing comment becomes its response's
first return, linked to the latest submission."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("reporting", "0001_initial")]
AFTER = [("reporting", "0002_return_history")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_return_comment_becomes_the_first_return():
    apps = migrate(BEFORE)
    try:
        Country = apps.get_model("reference", "Country")
        Template = apps.get_model("questionnaires", "QuestionnaireTemplate")
        Cycle = apps.get_model("reporting", "ReportingCycle")
        Response = apps.get_model("reporting", "QuestionnaireResponse")
        Submission = apps.get_model("reporting", "Submission")
        template = Template.objects.create(code="sa", title={"en": "SA"}, status="published")
        cycle = Cycle.objects.create(name="C", template=template, opens_on=datetime.date(2027, 1, 1),
                                     deadline=datetime.date(2027, 6, 30), status="open")
        kenya = Country.objects.create(iso2="KE", iso3="KEN", name_en="Kenya")
        peru = Country.objects.create(iso2="PE", iso3="PER", name_en="Peru")
        returned = Response.objects.create(cycle=cycle, country=kenya, status="returned",
                                           return_comment="Give the budget.")
        Response.objects.create(cycle=cycle, country=peru)
        for number in (1, 2):
            Submission.objects.create(response=returned, number=number, submitted_at=timezone.now(), snapshot={})
        apps = migrate(AFTER)
        [entry] = apps.get_model("reporting", "ResponseReturn").objects.all()
        assert (entry.response_id, entry.comment, entry.submission.number) == (returned.pk, "Give the budget.", 2)
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

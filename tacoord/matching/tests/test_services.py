import pytest
from django.core import mail
from django.core.management import call_command

from tacoord.core.context import change_context
from tacoord.matching.models import Match, MatchingRun, MatchingWeights, MatchNotice, MatchSubscription
from tacoord.matching.services import matches_compute, matching_weights_save, subscriptions_notify
from tacoord.matching.tests.helpers import constructed, need
from tacoord.needs.models import Need
from tacoord.providers.models import ProviderProfile

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(world):
    return constructed(world)


def test_constructed_case_ranks_the_french_legislative_provider_first(case):
    run = matches_compute(full=True)
    assert run.full and run.needs_scored == 1
    providers = list(Match.objects.filter(need=case["need"], kind="provider").order_by("rank"))
    assert [m.provider for m in providers] == [case["francophone"], case["anglophone"]]
    assert providers[0].score > providers[1].score
    for match in providers:
        assert match.score == pytest.approx(sum(match.parts.values()), abs=1e-3)
    assert {"article", "language", "region", "ta_type"} <= set(providers[0].parts)
    [roster] = Match.objects.filter(need=case["need"], kind="expert")
    assert roster.expert == case["expert"] and "availability" in roster.parts


def test_incremental_run_scores_only_what_changed(case, world):
    matches_compute(full=True)
    other = need(world.state_a, article=case["untoc_a18"], languages=("en",))
    run = matches_compute()
    assert not run.full and run.needs_scored == 1  # only the new need
    assert Match.objects.filter(need=other, kind="provider", provider=case["francophone"]).exists()
    with change_context(user=None, source="test"):
        anglophone = ProviderProfile.objects.get(pk=case["anglophone"].pk)
        anglophone.save()
        anglophone.articles.set([case["untoc_a18"]])
    run = matches_compute()
    assert run.candidates_changed == 1 and run.needs_scored == 2
    assert "article" in Match.objects.get(need=case["need"], provider=case["anglophone"]).parts
    assert matches_compute().needs_scored == 0  # nothing changed


def test_closed_needs_lose_their_matches_and_weights_rescore_everything(case, world):
    matches_compute(full=True)
    Need.objects.filter(pk=case["need"].pk).update(status="withdrawn")
    matches_compute()
    assert not Match.objects.filter(need=case["need"]).exists()
    Need.objects.filter(pk=case["need"].pk).update(status="validated")
    with change_context(user=world.secretariat, source="test"):
        matching_weights_save(user=world.secretariat, weights=MatchingWeights(language=0.0))
    run = matches_compute()
    assert run.full
    assert "language" not in Match.objects.filter(need=case["need"], rank=1, kind="provider").get().parts


def test_only_the_secretariat_changes_the_weights(case, world):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        matching_weights_save(user=world.focal_a, weights=MatchingWeights())
    matching_weights_save(user=world.secretariat, weights=MatchingWeights())
    with pytest.raises(PermissionDenied):
        matching_weights_save(user=world.secretariat, weights=MatchingWeights())  # one record only


def test_subscribers_are_told_once_of_new_validated_needs(case, world):
    with change_context(user=None, source="test"):
        MatchSubscription.objects.create(provider=case["francophone"], min_score=5, email="mla@dgh.example")
    assert subscriptions_notify(today=case["need"].created.date()) == 1
    assert len(mail.outbox) == 1 and "mla@dgh.example" in mail.outbox[0].to
    assert str(case["need"]) in mail.outbox[0].body
    assert subscriptions_notify(today=case["need"].created.date()) == 0
    need(world.state_b, article=case["tip_a5"], ta_type="training", languages=("es",))  # no match for the offer
    need(case["senegal"], article=case["untoc_a18"], status="identified")  # not validated yet
    assert subscriptions_notify(today=case["need"].created.date()) == 0
    assert MatchNotice.objects.count() == 1


def test_match_command(case):
    call_command("match", "--full")
    assert MatchingRun.objects.get().full and Match.objects.filter(need=case["need"]).count() == 3
    call_command("match")
    assert MatchingRun.objects.count() == 2 and not MatchingRun.objects.first().full


def test_edits_queue_one_run_when_they_commit(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        case = constructed(world)
        need(world.state_a, article=case["untoc_a18"], languages=("en",))
    assert len(callbacks) == 1
    assert MatchingRun.objects.count() == 1
    assert Match.objects.filter(need__country=world.state_a).exists()


def test_a_waiting_run_is_not_queued_twice(settings):
    from django_tasks_db.models import DBTaskResult

    from tacoord.matching.services import schedule_matching

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    schedule_matching()
    schedule_matching()
    assert DBTaskResult.objects.filter(task_path="tacoord.matching.tasks.match_incrementally").count() == 1

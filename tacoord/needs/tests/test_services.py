import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tacoord.core.models import ObjectChange
from tacoord.core.selectors import object_history
from tacoord.needs.choices import NeedSource, NeedStatus
from tacoord.needs.models import DerivationRule, Need
from tacoord.needs.services import (
    DEFAULT_RULE_CONDITION,
    need_save,
    need_transition,
    needs_derive,
    needs_derive_cycle,
    rules_install_default,
)
from tacoord.needs.tests import helpers
from tacoord.reference.models import TechnicalAssistanceType

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(world):
    articles = helpers.reference()
    template = helpers.self_assessment(articles)
    rule = rules_install_default()
    response = helpers.response(helpers.cycle(template), world.state_a)
    return articles, template, rule, response


def derived(country):
    return {(n.article.number, n.article.instrument.code, n.ta_type.code, n.status)
            for n in Need.objects.filter(country=country).select_related("article__instrument", "ta_type")}


def test_default_rule_installed_once(db):
    assert rules_install_default().pk == rules_install_default().pk
    assert DerivationRule.objects.get().condition == DEFAULT_RULE_CONDITION


def test_derivation_makes_one_need_per_ta_type(world, setting):
    articles, _template, rule, response = setting
    helpers.needing(response, "untoc_a5", ta_types=["training", "legal-advice"], languages=["fr", "es"],
                    challenges="No offence yet.", measures="Bill drafted.")
    helpers.needing(response, "untoc_a18", status="yes")  # implemented: no need
    helpers.needing(response, "tip_a5", status="yes_in_part", priority="low", ta_types=["legislative-drafting"])
    report = needs_derive(response=response)
    assert report.created == 3
    assert derived(world.state_a) == {(5, "UNTOC", "training", "identified"), (5, "UNTOC", "legal-advice",
                                                                               "identified"),
                                      (5, "TIP", "legislative-drafting", "identified")}
    need = Need.objects.get(article=articles["untoc_a5"], ta_type__code="training")
    assert need.priority == "high" and need.source == NeedSource.QUESTIONNAIRE
    assert sorted(need.languages.values_list("code", flat=True)) == ["es", "fr"]
    assert need.description == "No offence yet.\n\nBill drafted."
    assert need.source_response == response and need.source_answer.question.name == "untoc_a5_ta_types"
    assert need.derived_by == rule and need.derivation_key == f"{rule.pk}:KE:self-assessment:untoc_a5:training"
    assert need.cluster.code == "CRIM" and need.priority_area.number == 2
    assert Need.objects.get(article=articles["tip_a5"]).priority_area.number == 5
    assert object_history(obj=need).get().postchange_data["languages"] == sorted(
        need.languages.values_list("pk", flat=True))


def test_deriving_again_updates_withdraws_and_keeps_history(world, setting):
    _articles, _template, _rule, response = setting
    helpers.needing(response, "untoc_a5", ta_types=["training", "legal-advice"], priority="high")
    helpers.needing(response, "untoc_a18")
    needs_derive(response=response)
    assert needs_derive(response=response).unchanged == 3
    helpers.needing(response, "untoc_a5", ta_types=["training"], priority="low")
    helpers.needing(response, "untoc_a18", status="yes")
    report = needs_derive(response=response)
    assert (report.created, report.updated, report.withdrawn) == (0, 1, 2)
    assert Need.objects.count() == 3
    training = Need.objects.get(article__number=5, ta_type__code="training")
    assert training.priority == "low"
    assert [change.action for change in object_history(obj=training)] == ["update", "create"]
    assert set(Need.objects.filter(status=NeedStatus.WITHDRAWN).values_list("ta_type__code", "article__number")) \
        == {("legal-advice", 5), ("training", 18)}
    helpers.needing(response, "untoc_a18")  # the condition holds again
    assert needs_derive(response=response).reopened == 1
    assert Need.objects.get(article__number=18).status == NeedStatus.IDENTIFIED


def test_later_cycle_updates_rather_than_duplicates(world, setting):
    articles, _template, _rule, response = setting
    helpers.needing(response, "untoc_a5")
    needs_derive(response=response)
    later_template = helpers.self_assessment(articles, version=2)
    later = helpers.response(helpers.cycle(later_template, name="Cycle 2028"), world.state_a)
    helpers.needing(later, "untoc_a5", priority="medium")
    assert needs_derive(response=later).updated == 1
    need = Need.objects.get()
    assert need.source_response == later and need.priority == "medium"


def test_needs_a_person_edited_or_entered_are_never_touched(world, setting):
    articles, _template, _rule, response = setting
    helpers.needing(response, "untoc_a5", ta_types=["training", "legal-advice"])
    needs_derive(response=response)
    edited = Need.objects.get(ta_type__code="training")
    edited.description = "Our own words"
    need_save(user=world.focal_a, need=edited)
    withdrawn = Need.objects.get(ta_type__code="legal-advice")
    need_transition(user=world.focal_a, need=withdrawn, action="withdraw")
    manual = need_save(user=world.focal_a, need=Need(country=world.state_a, article=articles["untoc_a5"],
                                                     ta_type=TechnicalAssistanceType.objects.get(code="training")))
    helpers.needing(response, "untoc_a5", ta_types=["training", "legal-advice"], priority="low")
    report = needs_derive(response=response)
    assert report.left_to_people == 2 and report.updated == 0 and report.reopened == 0
    edited.refresh_from_db()
    assert edited.edited_by_person and edited.description == "Our own words" and edited.priority == "high"
    assert Need.objects.get(pk=withdrawn.pk).status == NeedStatus.WITHDRAWN
    helpers.needing(response, "untoc_a5", status="yes")
    needs_derive(response=response)
    assert Need.objects.get(pk=edited.pk).status == NeedStatus.IDENTIFIED
    assert Need.objects.get(pk=manual.pk).status == NeedStatus.IDENTIFIED


def test_validated_need_is_not_withdrawn_by_derivation(world, setting):
    _articles, _template, _rule, response = setting
    helpers.needing(response, "untoc_a5")
    needs_derive(response=response)
    need_transition(user=world.focal_a, need=Need.objects.get(), action="validate")
    helpers.needing(response, "untoc_a5", status="yes")
    assert needs_derive(response=response).withdrawn == 0
    assert Need.objects.get().status == NeedStatus.VALIDATED


def test_bad_rule_is_refused_when_saved_and_reported_when_applied(world, setting):
    _articles, _template, rule, response = setting
    rule.condition = "${status} = "
    with pytest.raises(ValidationError) as error:
        rule.full_clean()
    assert "condition" in error.value.message_dict
    DerivationRule.objects.filter(pk=rule.pk).update(condition="${nonexistent} = 'x'")
    helpers.needing(response, "untoc_a5")
    with pytest.raises(ValidationError):
        needs_derive(response=response)
    assert not Need.objects.exists()


def test_only_secretariat_and_own_focal_point_derive(world, setting):
    *_rest, response = setting
    for who in ("focal_b", "agency_a", "officer", "expert"):
        with pytest.raises(PermissionDenied):
            needs_derive(response=response, user=world.person(who))
    needs_derive(response=response, user=world.focal_a)
    needs_derive(response=response, user=world.secretariat)


def test_a_whole_cycle_at_once(world, setting):
    *_rest, response = setting
    other = helpers.response(response.cycle, world.state_b)
    helpers.needing(response, "untoc_a5")
    helpers.needing(other, "untoc_a5", ta_types=["training", "legal-advice"])
    with pytest.raises(PermissionDenied):
        needs_derive_cycle(cycle=response.cycle, user=world.focal_a)
    assert needs_derive_cycle(cycle=response.cycle, user=world.secretariat).created == 3
    assert needs_derive_cycle(cycle=response.cycle).unchanged == 3
    assert Need.objects.filter(country=world.state_b).count() == 2


def test_inactive_rule_derives_nothing(world, setting):
    *_rest, rule, response = setting
    DerivationRule.objects.filter(pk=rule.pk).update(is_active=False)
    helpers.needing(response, "untoc_a5")
    assert needs_derive(response=response).created == 0


class TestTransitions:
    @pytest.fixture
    def need(self, world, setting):
        articles = setting[0]
        return need_save(user=world.agency_a, need=Need(country=world.state_a, article=articles["untoc_a5"],
                                                        ta_type=TechnicalAssistanceType.objects.get(code="training")))

    def test_the_focal_point_walks_a_need_to_met(self, world, need):
        for action, status in [("validate", "validated"), ("address", "being_addressed"), ("meet", "met")]:
            need = need_transition(user=world.focal_a, need=need, action=action)
            assert Need.objects.get(pk=need.pk).status == status
        assert need.validated_by == world.focal_a and need.validated_at

    @pytest.mark.parametrize("action", ["address", "meet"])
    def test_illegal_transitions_refused_and_nothing_changed(self, world, need, action):
        changes = ObjectChange.objects.count()
        with pytest.raises(ValidationError, match="cannot be given the action"):
            need_transition(user=world.focal_a, need=need, action=action)
        assert Need.objects.get(pk=need.pk).status == NeedStatus.IDENTIFIED
        assert ObjectChange.objects.count() == changes

    def test_nothing_after_withdrawal_and_unknown_actions(self, world, need):
        need_transition(user=world.focal_a, need=need, action="withdraw")
        for action in ("validate", "withdraw", "meet", "explode"):
            with pytest.raises(ValidationError):
                need_transition(user=world.focal_a, need=need, action=action)

    @pytest.mark.parametrize("who", ["agency_a", "focal_b", "agency_b", "officer", "expert"])
    def test_only_the_focal_point_and_secretariat_act(self, world, need, who):
        with pytest.raises(PermissionDenied):
            need_transition(user=world.person(who), need=need, action="validate")
        assert Need.objects.get(pk=need.pk).status == NeedStatus.IDENTIFIED

    def test_agency_user_cannot_add_a_validated_need(self, world, setting):
        with pytest.raises(ValidationError):
            need_save(user=world.agency_a, need=Need(country=world.state_a, article=setting[0]["untoc_a5"],
                                                     status=NeedStatus.VALIDATED,
                                                     ta_type=TechnicalAssistanceType.objects.get(code="training")))

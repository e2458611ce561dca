"""Cycles, answers, conflicts, the submit / return / resubmit workflow, the offline workbook and reminders."""

import datetime
import io

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import translation
from openpyxl import load_workbook

from tacoord.core.errors import ApplicationError, PermissionDeniedError
from tacoord.questionnaires.choices import TemplateStatus
from tacoord.reporting import services
from tacoord.reporting.choices import CycleStatus, ResponseStatus
from tacoord.reporting.models import Answer, AnswerVersion, QuestionnaireResponse, ReportingCycle, Submission
from tacoord.reporting.selectors import response_answers
from tacoord.reporting.services import (
    AnswerConflictError,
    AnswerInput,
    answers_save,
    cycle_close,
    cycle_create,
    cycle_open,
    reminders_send,
    response_accept,
    response_return,
    response_submit,
    response_upload,
)
from tacoord.reporting.spreadsheets import response_workbook
from tacoord.reporting.tests.conftest import COMPLETE, make_template, save

pytestmark = pytest.mark.django_db


def nothing_saved(response):
    return not Answer.objects.filter(response=response).exists() and not AnswerVersion.objects.exists()


class TestCycles:
    def test_create_makes_one_response_per_state_and_is_a_draft(self, world):
        template = make_template()
        cycle = cycle_create(user=world.secretariat, name="C", template=template, deadline=datetime.date(2099, 1, 1),
                             countries=[world.state_a, world.state_b, world.state_a])
        assert cycle.status == CycleStatus.DRAFT
        assert set(cycle.responses.values_list("country__iso2", flat=True)) == {"KE", "PE"}
        assert all(r.status == ResponseStatus.NOT_STARTED for r in cycle.responses.all())

    @pytest.mark.parametrize("who", ["focal_a", "agency_a", "officer", "expert"])
    def test_only_the_secretariat_creates(self, world, who):
        with pytest.raises(PermissionDeniedError):
            cycle_create(user=world.person(who), name="C", template=make_template(),
                         deadline=datetime.date(2099, 1, 1), countries=[world.state_a])
        assert not ReportingCycle.objects.exists()

    def test_refuses_unpublished_template_no_states_and_deadline_before_opening(self, world):
        draft = make_template(code="draft", status=TemplateStatus.DRAFT)
        cases = [
            ({"template": draft}, "template"),
            ({"countries": []}, "countries"),
            ({"opens_on": datetime.date(2030, 1, 2), "deadline": datetime.date(2030, 1, 1)}, "deadline"),
        ]
        for changes, field in cases:
            arguments = {"user": world.secretariat, "name": "C", "template": make_template(code=f"ok-{field}"),
                         "deadline": datetime.date(2099, 1, 1), "countries": [world.state_a], **changes}
            with pytest.raises(ApplicationError) as refused:
                cycle_create(**arguments)
            assert field in refused.value.message_dict
        assert not QuestionnaireResponse.objects.exists()

    def test_status_draft_open_closed_and_no_other_step(self, world, reporting):
        cycle = reporting.cycle
        assert cycle.status == CycleStatus.OPEN
        with pytest.raises(ApplicationError, match="Only a cycle being prepared"):
            cycle_open(user=world.secretariat, cycle=cycle)
        with pytest.raises(PermissionDeniedError):
            cycle_close(user=world.focal_a, cycle=cycle)
        cycle = cycle_close(user=world.secretariat, cycle=cycle)
        assert cycle.status == CycleStatus.CLOSED
        with pytest.raises(ApplicationError, match="Only an open cycle"):
            cycle_close(user=world.secretariat, cycle=cycle)
        with pytest.raises(ApplicationError, match="not open"):
            save(world.focal_a, reporting.response_a, staff=1)


class TestAnswering:
    def test_values_are_cleaned_per_type_and_every_save_is_a_version(self, world, reporting):
        response = reporting.response_a
        save(world.agency_a, response, staff="12", budget="1.5", since="2026-03-01", status="yes_in_part",
             ta_types="training advice", **{"case_name": "Op. A", "case_name[1]": "Op. B"})
        assert response_answers(response=response) == {
            "staff": 12, "budget": 1.5, "since": "2026-03-01", "status": "yes_in_part",
            "ta_types": ["training", "advice"], "case_name": "Op. A", "case_name[1]": "Op. B"}
        response.refresh_from_db()
        assert response.status == ResponseStatus.IN_PROGRESS
        save(world.focal_a, response, staff=(13, 1))
        assert list(AnswerVersion.objects.filter(answer__question__name="staff").values_list("version", "value")) == [
            (1, 12), (2, 13)]
        assert Answer.objects.get(question__name="staff").updated_by == world.focal_a

    @pytest.mark.parametrize(("key", "value", "message"), [
        ("staff", "twelve", "whole number"),
        ("staff", 1.5, "whole number"),
        ("staff", True, "whole number"),
        ("staff", 10**16, "out of range"),
        ("staff", -1, "Cannot be negative"),
        ("budget", "1e999", "out of range"),
        ("budget", "nan", "Enter a number"),
        ("since", "31/12/2026", "YYYY-MM-DD"),
        ("budget", "1,5", "Enter a number"),
        ("status", "perhaps", "Not in the list"),
        ("ta_types", ["training", "bribes"], "bribes"),
        ("note_cases", "x", "takes no answer"),
        ("legal", "x", "takes no answer"),
        ("nonexistent", "x", "There is no question"),
        ("staff[2]", 1, "not an entry of a repeated group"),
        ("bad key!", 1, "There is no question"),
    ])
    def test_bad_input_is_refused_with_a_reason_and_nothing_changes(self, world, reporting, key, value, message):
        with pytest.raises(ApplicationError) as refused:
            save(world.focal_a, reporting.response_a, **{"since": "2026-01-01", key: value})
        assert message in " ".join(refused.value.message_dict[key])
        assert nothing_saved(reporting.response_a)

    def test_constraint_message_in_the_users_language(self, world, reporting):
        from django.utils import translation

        with translation.override("fr"), pytest.raises(ApplicationError, match="Pas de nombre négatif"):
            save(world.focal_a, reporting.response_a, staff=-3)

    @pytest.mark.parametrize("who", ["focal_a", "agency_a", "officer", "expert", "other_officer"])
    def test_nobody_writes_another_states_answers(self, world, reporting, who):
        with pytest.raises(PermissionDeniedError):
            save(world.person(who), reporting.response_b, staff=1)
        assert nothing_saved(reporting.response_b)

    def test_question_of_another_template_is_refused(self, world, reporting):
        make_template(code="other")
        with pytest.raises(ApplicationError):
            answers_save(user=world.focal_a, response=reporting.response_a,
                         inputs=[AnswerInput(key="staff_other", value=1, version=0)])

    def test_two_users_on_different_sections_at_once(self, world, reporting):
        save(world.agency_a, reporting.response_a, staff=3)
        save(world.focal_a, reporting.response_a, status="no", law="Act 1")
        assert response_answers(response=reporting.response_a) == {"staff": 3, "status": "no", "law": "Act 1"}

    def test_the_second_of_two_saves_is_told_of_the_conflict_and_nothing_is_lost(self, world, reporting):
        response = reporting.response_a
        save(world.agency_a, response, staff=5)                      # both open the page at version 1
        save(world.agency_a, response, staff=(6, 1))                 # the agency user saves first
        with pytest.raises(AnswerConflictError) as refused:
            save(world.focal_a, response, budget=9, staff=(7, 1))   # the focal point saw version 1 too
        [conflict] = refused.value.conflicts
        assert (conflict.key, conflict.yours, conflict.theirs, conflict.version) == ("staff", 7, 6, 2)
        assert conflict.saved_by == world.agency_a
        assert response_answers(response=response) == {"staff": 6}   # the whole batch is refused
        save(world.focal_a, response, staff=(7, conflict.version))    # keeping theirs or saving again is a choice
        assert [v.value for v in AnswerVersion.objects.filter(answer__question__name="staff")] == [5, 6, 7]

    def test_two_first_answers_at_once_conflict_too(self, world, reporting):
        save(world.agency_a, reporting.response_a, staff=5)
        with pytest.raises(AnswerConflictError):
            save(world.focal_a, reporting.response_a, staff=8)

    def test_saving_the_same_value_is_no_conflict_and_no_new_version(self, world, reporting):
        save(world.agency_a, reporting.response_a, staff=5)
        save(world.focal_a, reporting.response_a, staff=5)
        assert AnswerVersion.objects.count() == 1

    def test_as_of_a_date_reads_the_versions(self, world, reporting):
        from django.utils import timezone

        response = reporting.response_a
        save(world.focal_a, response, staff=5)
        AnswerVersion.objects.update(saved_at=timezone.make_aware(datetime.datetime(2020, 2, 1, 12)))
        save(world.focal_a, response, staff=(6, 1), budget=2)
        assert response_answers(response=response, as_of=datetime.date(2020, 2, 1)) == {"staff": 5}
        assert response_answers(response=response, as_of=datetime.date(2020, 1, 31)) == {}
        assert response_answers(response=response) == {"staff": 6, "budget": 2}


class TestWorkflow:
    def test_submit_return_resubmit_with_snapshots(self, world, reporting):
        response = reporting.response_a
        save(world.agency_a, response, **COMPLETE)
        first = response_submit(user=world.focal_a, response=response)
        response.refresh_from_db()
        assert (first.number, first.snapshot, response.status) == (1, COMPLETE, ResponseStatus.SUBMITTED)
        with pytest.raises(ApplicationError, match="cannot be changed|only if the secretariat"):
            save(world.focal_a, response, budget=1)
        response_return(user=world.secretariat, response=response, comment="Please give the budget.")
        save(world.agency_a, response, budget=100)
        second = response_submit(user=world.focal_a, response=response)
        assert second.number == 2 and second.snapshot == {**COMPLETE, "budget": 100}
        response_accept(user=world.secretariat, response=response)
        response.refresh_from_db()
        assert response.status == ResponseStatus.ACCEPTED
        assert response.return_comment == "Please give the budget."

    @pytest.mark.parametrize("who", ["agency_a", "focal_b", "secretariat", "officer"])
    def test_only_the_states_focal_point_submits(self, world, reporting, who):
        save(world.agency_a, reporting.response_a, **COMPLETE)
        with pytest.raises(PermissionDeniedError):
            response_submit(user=world.person(who), response=reporting.response_a)
        assert not Submission.objects.exists()

    def test_required_and_relevant_on_submit(self, world, reporting):
        response = reporting.response_a
        save(world.focal_a, response, staff=1, status="no")
        with pytest.raises(ApplicationError) as refused:
            response_submit(user=world.focal_a, response=response)
        text = " ".join(refused.value.messages)
        assert "Law: an answer is required" in text
        assert "Measures" not in text  # not required
        assert not Submission.objects.exists()
        response.refresh_from_db()
        assert response.status == ResponseStatus.IN_PROGRESS

    @pytest.mark.parametrize("who", ["focal_a", "agency_a", "officer"])
    def test_only_the_secretariat_returns_and_accepts(self, world, reporting, who):
        save(world.agency_a, reporting.response_a, **COMPLETE)
        response_submit(user=world.focal_a, response=reporting.response_a)
        with pytest.raises(PermissionDeniedError):
            response_return(user=world.person(who), response=reporting.response_a, comment="x")
        with pytest.raises(PermissionDeniedError):
            response_accept(user=world.person(who), response=reporting.response_a)

    def test_illegal_steps(self, world, reporting):
        response = reporting.response_a
        with pytest.raises(ApplicationError, match="Only submitted answers can be returned"):
            response_return(user=world.secretariat, response=response, comment="x")
        with pytest.raises(ApplicationError, match="Only submitted answers can be accepted"):
            response_accept(user=world.secretariat, response=response)
        save(world.agency_a, response, **COMPLETE)
        response_submit(user=world.focal_a, response=response)
        with pytest.raises(ApplicationError, match="already"):
            response_submit(user=world.focal_a, response=response)
        with pytest.raises(ValidationError) as refused:
            response_return(user=world.secretariat, response=response, comment="  ")
        assert "comment" in refused.value.message_dict
        response.refresh_from_db()
        assert response.status == ResponseStatus.SUBMITTED and Submission.objects.count() == 1


def workbook_with(response, **answers) -> bytes:
    """The downloaded workbook with answers typed into it (None empties a cell)."""
    workbook = load_workbook(io.BytesIO(response_workbook(response=response)))
    sheet = workbook["answers"]
    for row in sheet.iter_rows(min_row=2):
        if row[0].value in answers:
            row[6].value = answers[row[0].value]
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class TestOffline:
    def test_download_has_one_row_per_question_with_current_answers(self, world, reporting):
        save(world.agency_a, reporting.response_a, staff=4, ta_types=["training"])
        sheet = load_workbook(io.BytesIO(response_workbook(response=reporting.response_a)))["answers"]
        rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
        assert set(rows) == {"staff", "budget", "since", "status", "measures", "ta_types", "law",
                             "case_name", "case_name[1]"}  # room for one more entry of the repeat
        assert rows["staff"][6] == 4 and rows["staff"][7] == 1
        assert rows["ta_types"][6] == "training"
        assert "training = Training" in rows["ta_types"][4]

    def test_upload_applies_all_valid_rows(self, world, reporting):
        response = reporting.response_a
        save(world.agency_a, response, staff=4)
        changed = response_upload(user=world.focal_a, response=response,
                                  content=workbook_with(response, staff=5, status="no", ta_types="advice training",
                                                        since=datetime.datetime(2026, 5, 1)))
        assert changed == 4
        assert response_answers(response=response) == {"staff": 5, "status": "no",
                                                       "ta_types": ["advice", "training"], "since": "2026-05-01"}
        assert set(AnswerVersion.objects.filter(version__gt=0).values_list("source", flat=True)) == {"web", "xlsx"}

    def test_upload_with_a_bad_row_applies_nothing_and_names_rows(self, world, reporting):
        response = reporting.response_a
        content = workbook_with(response, staff=5, status="maybe", since="tomorrow")
        with pytest.raises(ApplicationError) as refused:
            response_upload(user=world.focal_a, response=response, content=content)
        messages = refused.value.messages
        assert messages[0].startswith("Row 4 (since)") and messages[1].startswith("Row 5 (status)")
        assert nothing_saved(response)

    def test_upload_after_an_online_change_is_refused(self, world, reporting):
        response = reporting.response_a
        content = workbook_with(response, staff=5)
        save(world.agency_a, response, staff=9)
        with pytest.raises(ApplicationError, match=r"Row 2 \(staff\): changed online"):
            response_upload(user=world.focal_a, response=response, content=content)
        assert response_answers(response=response) == {"staff": 9}

    def test_another_states_file_or_no_workbook_is_refused(self, world, reporting):
        with pytest.raises(ApplicationError, match="another State"):
            response_upload(user=world.focal_a, response=reporting.response_a,
                            content=workbook_with(reporting.response_b, staff=1))
        with pytest.raises(ApplicationError, match="cannot be read"):
            response_upload(user=world.focal_a, response=reporting.response_a, content=b"not a workbook")
        with pytest.raises(PermissionDeniedError):
            response_upload(user=world.focal_a, response=reporting.response_b,
                            content=workbook_with(reporting.response_b, staff=1))
        assert not Answer.objects.exists()


class TestReminders:
    def test_focal_points_of_states_not_submitted(self, world, reporting):
        save(world.agency_a, reporting.response_a, **COMPLETE)
        response_submit(user=world.focal_a, response=reporting.response_a)
        sent = reminders_send(cycle=reporting.cycle, user=world.secretariat, today=datetime.date(2027, 7, 2))
        assert sent == 1
        [message] = mail.outbox
        assert message.to == [world.focal_b.email]
        assert "2027 self-assessment" in message.subject and "Peru" in message.body
        assert "passed by 2 days" in message.body

    def test_written_in_the_language_of_each_focal_point(self, world, reporting, monkeypatch):
        world.focal_b.language = "fr"
        world.focal_b.save()
        languages = []

        def fake_gettext(text):
            languages.append(translation.get_language())
            return text

        monkeypatch.setattr(services, "_", fake_gettext)
        reminders_send(cycle=reporting.cycle, user=world.secretariat)
        assert set(languages) == {"en", "fr"}  # focal_a has no language: English

    def test_only_the_secretariat_and_only_open_cycles(self, world, reporting):
        with pytest.raises(PermissionDeniedError):
            reminders_send(cycle=reporting.cycle, user=world.focal_a)
        cycle_close(user=world.secretariat, cycle=reporting.cycle)
        reporting.cycle.refresh_from_db()
        with pytest.raises(ApplicationError):
            reminders_send(cycle=reporting.cycle, user=world.secretariat)
        assert not mail.outbox

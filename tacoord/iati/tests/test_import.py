"""Importing IATI files into the database: idempotence, updates with history, refusals, permissions."""

import gzip

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied

from tacoord.activities.models import Activity, Transaction
from tacoord.core.context import change_context
from tacoord.core.models import ObjectChange
from tacoord.iati.choices import IssueKind
from tacoord.iati.models import ImportedActivity, ImportIssue, ImportRun
from tacoord.iati.read_ahead import can_read_ahead
from tacoord.iati.report import format_report
from tacoord.iati.services import iati_import
from tacoord.iati.tests.helpers import (
    BILLION_LAUGHS,
    DATA,
    EXTERNAL_ENTITY,
    SHARED_IATI,
    activities_file,
    activity_xml,
    needs_shared,
)
from tacoord.organisations.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True, params=["in one process", "read ahead"])
def reading(request, settings):
    """Every import test runs twice: reading in this process, and reading ahead in a second one (as big imports do
    on a machine with several processors)."""
    if request.param == "read ahead":
        if not can_read_ahead():
            pytest.skip("reading ahead needs several processors and fork()")
        settings.TACOORD_IATI_READ_AHEAD_MIN_BYTES = 0
    else:
        settings.TACOORD_IATI_READ_AHEAD = False
    return request.param


def run(paths, user=None):
    with change_context(user=user, source="test"):
        return iati_import(paths=[str(path) for path in paths], user=user)


def test_import_then_reimport_is_idempotent(reference, tmp_path):
    path = activities_file(tmp_path / "a.xml", activity_xml("XM-TEST-1-A1"), activity_xml("XM-TEST-1-A2"))
    first = run([path])
    assert (first.added, first.updated, first.unchanged, first.rejected) == (2, 0, 0, 0)
    activity = Activity.objects.get(iati_identifier="XM-TEST-1-A1")
    assert activity.reporting_organisation.iati_identifier == "XM-TEST-1"
    assert activity.title["fr"] == "Formation des procureurs"
    assert sorted(activity.recipient_countries.values_list("country__iso2", flat=True)) == ["KE", "PE"]
    assert activity.transactions.count() == 2 and activity.budgets.count() == 1
    assert activity.origin == "iati_import"
    assert activity in Activity.objects.filter(search_text__icontains="procureurs")
    changes = ObjectChange.objects.filter(changed_object_type=ContentType.objects.get_for_model(Activity),
                                          changed_object_id=str(activity.pk))
    assert changes.count() == 1
    assert len(changes.get().postchange_data["children"]["transactions"]) == 2
    activity_changes = ObjectChange.objects.exclude(changed_object_type=ContentType.objects.get_for_model(ImportRun))
    counts = (Activity.objects.count(), Transaction.objects.count(), activity_changes.count())

    again = run([path])
    assert (again.added, again.updated, again.unchanged, again.rejected) == (0, 0, 2, 0)
    assert (Activity.objects.count(), Transaction.objects.count(), activity_changes.count()) == counts


def test_activities_are_linked_to_the_programme_they_name(reference, tmp_path):
    """A related-activity of type 1 (parent) naming a stored activity makes it the programme; one naming nothing
    stored or the activity itself does not; a programme already set is kept."""
    parent = '<related-activity ref="{}" type="1"/>'
    first = activities_file(tmp_path / "a.xml", activity_xml("XM-TEST-1-P"), activity_xml("XM-TEST-1-Q"),
                            activity_xml("XM-TEST-1-A1", extra=parent.format("XM-TEST-1-Q") +
                                         parent.format("XM-TEST-1-P") + parent.format("XM-TEST-1-NONE")),
                            activity_xml("XM-TEST-1-A2", extra=parent.format("XM-TEST-1-A2")),
                            activity_xml("XM-TEST-1-A3", extra='<related-activity ref="XM-TEST-1-P" type="2"/>'))
    assert run([first]).added == 5
    parents = dict(Activity.objects.values_list("iati_identifier", "parent__iati_identifier"))
    assert parents == {"XM-TEST-1-P": None, "XM-TEST-1-Q": None, "XM-TEST-1-A1": "XM-TEST-1-P",
                       "XM-TEST-1-A2": None, "XM-TEST-1-A3": None}
    # A later file naming another programme for A1 leaves the one set; A2's own link now names a stored activity.
    second = activities_file(tmp_path / "b.xml", activity_xml(
        "XM-TEST-1-A1", title="Changed", extra=parent.format("XM-TEST-1-Q")), activity_xml(
        "XM-TEST-1-A2", title="Changed", extra=parent.format("XM-TEST-1-P")))
    assert run([second]).updated == 2
    parents = dict(Activity.objects.values_list("iati_identifier", "parent__iati_identifier"))
    assert (parents["XM-TEST-1-A1"], parents["XM-TEST-1-A2"]) == ("XM-TEST-1-P", "XM-TEST-1-P")


def test_the_same_file_again_is_not_read_unless_what_it_held_changed_since(reference, tmp_path):
    path = activities_file(tmp_path / "a.xml", activity_xml("XM-TEST-1-A1"), activity_xml("XM-TEST-1-A2"))
    run([path])
    again = run([path])
    assert (again.added, again.unchanged) == (0, 2) and again.files[0]["same_file"]
    assert "not read again" in format_report(again)
    # The same activities in other bytes (another order) are read, and skipped one by one.
    reordered = activities_file(tmp_path / "b.xml", activity_xml("XM-TEST-1-A2"), activity_xml("XM-TEST-1-A1"))
    other = run([reordered])
    assert (other.added, other.unchanged) == (0, 2) and not other.files[0].get("same_file")
    # An activity deleted since, or changed by another file since: the file is read again.
    Activity.objects.get(iati_identifier="XM-TEST-1-A1").delete()
    restored = run([path])
    assert (restored.added, restored.unchanged) == (1, 1) and not restored.files[0].get("same_file")
    run([activities_file(tmp_path / "c.xml", activity_xml("XM-TEST-1-A2", value="5"))])
    reverted = run([path])
    assert (reverted.updated, reverted.unchanged) == (1, 1)
    assert run([path]).files[0]["same_file"]


def test_the_same_content_in_other_words_is_compared_and_found_unchanged(reference, tmp_path):
    run([activities_file(tmp_path / "a.xml", activity_xml("XM-TEST-1-A1"))])
    activity_changes = ObjectChange.objects.filter(changed_object_type=ContentType.objects.get_for_model(Activity))
    history, content_hash = activity_changes.count(), ImportedActivity.objects.get().content_hash
    # Another namespace declared by the file changes the activity's bytes and so its hash, not its content.
    other = tmp_path / "b.xml"
    other.write_text(activities_file(tmp_path / "b.xml", activity_xml("XM-TEST-1-A1")).read_text().replace(
        "<iati-activities ", '<iati-activities xmlns:x="urn:example" '))
    report = run([other])
    assert (report.added, report.updated, report.unchanged, report.rejected) == (0, 0, 1, 0)
    assert activity_changes.count() == history
    assert ImportedActivity.objects.get().content_hash != content_hash  # compared field by field, not skipped


def test_a_file_with_rejections_is_read_again_next_time(reference, tmp_path):
    path = activities_file(tmp_path / "a.xml", activity_xml("XM-TEST-1-A1"), activity_xml("XM-TEST-1-C", reporting=""))
    run([path])
    again = run([path])
    assert (again.unchanged, again.rejected) == (1, 1) and not again.files[0].get("same_file")


def test_a_changed_activity_is_updated_in_place_with_history(reference, tmp_path):
    run([activities_file(tmp_path / "a.xml", activity_xml("XM-TEST-1-A1"))])
    activity = Activity.objects.get()
    changed = run([activities_file(tmp_path / "b.xml", activity_xml("XM-TEST-1-A1", value="7777"))])
    assert (changed.added, changed.updated, changed.unchanged) == (0, 1, 0)
    assert Activity.objects.get().pk == activity.pk
    assert sorted(activity.transactions.values_list("value", flat=True)) == [250.5, 7777]
    history = ObjectChange.objects.filter(changed_object_id=str(activity.pk),
                                          changed_object_type=ContentType.objects.get_for_model(Activity))
    assert history.count() == 2
    update = history.order_by("-pk").first()
    before = [row["value"] for row in update.prechange_data["children"]["transactions"]]
    after = [row["value"] for row in update.postchange_data["children"]["transactions"]]
    assert "1000.00" in before and "7777.00" in after
    assert ImportedActivity.objects.get().last_run == changed


def test_an_activity_in_several_files_is_stored_once(reference, tmp_path):
    one = activities_file(tmp_path / "one.xml", activity_xml("XM-TEST-1-A1"))
    two = activities_file(tmp_path / "two.xml.gz", activity_xml("XM-TEST-1-A1"), activity_xml("XM-TEST-1-A2"),
                          gz=True)
    report = run([one, two])
    assert (report.added, report.unchanged) == (2, 1)
    assert Activity.objects.filter(iati_identifier="XM-TEST-1-A1").count() == 1


@pytest.mark.parametrize("hostile", [BILLION_LAUGHS, EXTERNAL_ENTITY, "not xml at all"])
def test_a_hostile_or_broken_file_is_refused_with_nothing_imported(reference, tmp_path, hostile):
    good = activities_file(tmp_path / "good.xml", activity_xml("XM-TEST-1-A1"))
    bad = tmp_path / "bad.xml"
    bad.write_text(hostile)
    organisations = Organisation.objects.count()
    report = run([bad, good])
    assert report.added == 1 and report.refused_files == 1
    assert list(Activity.objects.values_list("iati_identifier", flat=True)) == ["XM-TEST-1-A1"]
    assert Organisation.objects.count() == organisations + 1
    issue = report.issues.get(kind=IssueKind.FILE_REFUSED)
    assert issue.file == "bad.xml" and issue.line == 1


def test_a_truncated_file_leaves_nothing_of_it(reference, tmp_path):
    whole = activities_file(tmp_path / "whole.xml.gz", *[activity_xml(f"XM-TEST-1-A{n}") for n in range(60)],
                            gz=True)
    cut = tmp_path / "cut.xml.gz"
    cut.write_bytes(whole.read_bytes()[: len(whole.read_bytes()) * 2 // 3])
    report = run([cut])
    assert report.refused_files == 1 and report.added == 0
    assert not Activity.objects.exists() and not ImportedActivity.objects.exists()
    assert not Organisation.objects.filter(iati_identifier="XM-TEST-1").exists()
    assert "truncated" in report.issues.get().message
    # In the same run, a later file gets the organisation the refused file had made (and lost) made again.
    plain = activities_file(tmp_path / "whole.xml", *[activity_xml(f"XM-TEST-1-B{n}") for n in range(300)])
    cut_plain = tmp_path / "cut.xml"
    cut_plain.write_bytes(plain.read_bytes()[:-500])
    report = run([cut_plain, whole])
    assert (report.refused_files, report.added, report.rejected) == (1, 60, 0)
    assert Organisation.objects.filter(iati_identifier="XM-TEST-1").count() == 1


def test_rejections_and_warnings_carry_file_and_line(reference, tmp_path):
    path = activities_file(
        tmp_path / "mixed.xml", activity_xml(""), activity_xml("XM-TEST-1-C", reporting=""),
        activity_xml("XM-TEST-1-D", extra='<recipient-country code="QQ"/><sector code="99999" percentage="50"/>'))
    report = run([path])
    assert (report.added, report.rejected) == (1, 2)
    rejected = list(report.issues.filter(kind=IssueKind.REJECTED).values_list("line", "message"))
    assert [message for _line, message in rejected] == ["the activity has no iati-identifier",
                                                        "the activity has no reporting organisation"]
    assert all(line > 1 for line, _message in rejected)
    warnings = " ".join(report.issues.filter(kind=IssueKind.WARNING).values_list("message", flat=True))
    assert "'QQ' is not a known country code" in warnings
    assert "99999" in warnings
    activity = Activity.objects.get()
    assert list(activity.sectors.values_list("code", flat=True)) == ["15130"]


def test_a_part_with_a_text_too_long_for_its_column_is_left_out_with_a_warning(reference, tmp_path):
    extra = ('<transaction><transaction-type code="3"/><transaction-date iso-date="2020-04-01"/>'
             '<value currency="USDOLLARS">7</value></transaction>'
             f'<related-activity ref="{"X" * 256}" type="1"/><related-activity ref="XM-TEST-1-A2" type="2"/>'
             f'<policy-marker vocabulary="1" code="1" significance="{"2" * 6}"/>')
    report = run([activities_file(tmp_path / "a.xml", activity_xml("XM-TEST-1-A1", extra=extra))])
    assert (report.added, report.rejected) == (1, 0)
    activity = Activity.objects.get()
    assert activity.transactions.count() == 2  # the two of `activity_xml`, not the third
    assert list(activity.related_activities.values_list("ref", flat=True)) == ["XM-TEST-1-A2"]
    assert not activity.policy_markers.exists()
    warnings = sorted(ImportIssue.objects.filter(kind=IssueKind.WARNING).values_list("message", flat=True))
    assert [message for message in warnings if "too long" in message] == [
        "policy markers: significance too long; the row is left out",
        "related activities: ref too long; the row is left out",
        "transactions: currency too long; the row is left out"]


def test_iati_1_codes_and_plain_web_addresses_are_read_as_meant(reference, tmp_path):
    """Real files published as 2.0x still carry IATI 1 codes: the rows are kept under the 2.0x code, with a
    warning, not left out."""
    extra = ('<participating-org ref="XM-TEST-2" role="Implementing"><narrative>Implementer</narrative>'
             '</participating-org>'
             '<transaction><transaction-type code="D"/><transaction-date iso-date="2020-04-01"/>'
             '<value>70</value></transaction>'
             '<transaction><transaction-type code="XX"/><transaction-date iso-date="2020-04-01"/>'
             '<value>5</value></transaction>'
             '<sector vocabulary="DAC-3" code="151" percentage="100"/>'
             '<policy-marker vocabulary="99" code="GOVERNANCE AND CAPACITY DEVELOPMENT" significance="1"/>'
             '<document-link url="www.gtai.de/kfw-tender" format="text/html"><title><narrative>Tenders</narrative>'
             '</title></document-link>'
             '<document-link url="https://info.undp.org/docs/Initiation Plan - IGU%202020.pdf" '
             'format="application/pdf"><title><narrative>Plan</narrative></title></document-link>'
             '<document-link url="not an address" format="text/html"><title><narrative>?</narrative></title>'
             '</document-link>')
    report = run([activities_file(tmp_path / "a.xml", activity_xml("XM-TEST-1-A1", extra=extra))])
    assert (report.added, report.rejected) == (1, 0)
    activity = Activity.objects.get()
    assert sorted(activity.transactions.values_list("type", "value")) == [("2", 1000), ("3", 70), ("3", 250.5)]
    assert sorted(activity.participating_organisations.values_list("role", flat=True)) == ["1", "4"]
    assert sorted(activity.sectors.values_list("vocabulary", "code")) == [("1", "15130"), ("2", "151")]
    assert list(activity.policy_markers.values_list("code", flat=True)) == ["GOVERNANCE AND CAPACITY DEVELOPMENT"]
    # Web addresses written as people write them are read as browsers read them; what is no address is left out.
    assert sorted(activity.document_links.values_list("url", flat=True)) == [
        "http://www.gtai.de/kfw-tender", "https://info.undp.org/docs/Initiation%20Plan%20-%20IGU%202020.pdf"]
    warnings = set(report.issues.filter(kind=IssueKind.WARNING).values_list("message", flat=True))
    assert {"transaction type 'D' (IATI 1) read as 3", "role 'Implementing' (IATI 1) read as 4",
            "sector vocabulary 'DAC-3' (IATI 1) read as 2",
            "document link 'www.gtai.de/kfw-tender' read as 'http://www.gtai.de/kfw-tender'",
            "document link 'not an address' is not a web address; left out"} <= warnings
    # A code of neither version is still refused, row by row.
    assert any("XX is not a code of IATI's TransactionType list" in message for message in warnings)


def test_shares_not_adding_up_are_spread_with_a_warning(reference, tmp_path):
    extra = '<sector vocabulary="1" code="15113" percentage="100"/>'
    report = run([activities_file(tmp_path / "a.xml", activity_xml("XM-TEST-1-A1", extra=extra))])
    assert report.added == 1
    assert sorted(Activity.objects.get().sectors.values_list("percentage", flat=True)) == [50, 50]
    assert report.issues.filter(kind=IssueKind.WARNING, message__contains="spread").exists()


def test_a_provider_officer_imports_only_its_own_organisations_activities(reference, world, tmp_path):
    own = activity_xml("DE-1-0001-A1", reporting='<reporting-org ref="DE-1-0001" type="10"><narrative>DGH'
                       '</narrative></reporting-org>')
    foreign = activity_xml("XM-TEST-1-A1")
    report = run([activities_file(tmp_path / "a.xml", own, foreign)], user=world.officer)
    assert (report.added, report.rejected) == (1, 1)
    assert Activity.objects.get().reporting_organisation == world.provider
    assert "not yours" in report.issues.get(kind=IssueKind.REJECTED).message
    assert not Organisation.objects.filter(iati_identifier="XM-TEST-1").exists()
    assert report.user == world.officer


@pytest.mark.parametrize("person", ["focal_a", "agency_a", "expert", "anonymous"])
def test_others_may_not_import(reference, world, tmp_path, person):
    user = world.person(person) if person != "anonymous" else AnonymousUser()
    with pytest.raises(PermissionDenied):
        run([activities_file(tmp_path / "a.xml", activity_xml())], user=user)
    assert not Activity.objects.exists()


def test_the_committed_excerpts_import_and_classify(reference):
    paths = sorted(DATA.glob("*.xml.gz"))
    report = run(paths)
    read = sum(item["activities"] for item in report.files)
    with_identifiers = 0
    for path in paths:
        with gzip.open(path) as stream:
            with_identifiers += stream.read().count(b"<iati-activity ")
    assert read == with_identifiers
    assert report.added + report.rejected + report.unchanged == read
    assert report.added > 300
    assert Activity.objects.count() == report.added
    from tacoord.iati.models import ActivityClassification

    assert ActivityClassification.objects.filter(source="sector_rule").exists()
    assert ActivityClassification.objects.filter(source="text").exists()
    assert run(paths).added == 0


@needs_shared
def test_every_should_pass_example_of_the_standard_imports(reference, tmp_path):
    """The standard's examples leave the identifier empty, so they are rejected for that alone; with an identifier
    filled in, every activity of every example is imported."""
    paths = sorted((SHARED_IATI / "schema-tests" / "should-pass").rglob("*.xml"))
    report = run(paths)
    assert report.refused_files == 0, list(ImportIssue.objects.values_list("file", "message"))
    reasons = set(report.issues.filter(kind=IssueKind.REJECTED).values_list("message", flat=True))
    assert reasons <= {"the activity has no iati-identifier"}

    filled = []
    for number, path in enumerate(paths):
        text = path.read_text(encoding="utf-8").replace("<iati-identifier></iati-identifier>",
                                                        f"<iati-identifier>XX-TEST-{number}</iati-identifier>")
        copy = tmp_path / f"{number}-{path.name}"
        copy.write_text(text, encoding="utf-8")
        filled.append(copy)
    report = run(filled)
    assert report.refused_files == 0
    assert report.rejected == 0, list(report.issues.filter(kind=IssueKind.REJECTED).values_list("file", "message"))
    assert report.added == len(paths)


TRICKY = "Tab\there, back\\slash \\N \\. new\nline, return\r\n « ممر » 中文 \"quoted\""


def _stored_parts() -> tuple[dict, dict]:
    """Every part row of the stored activities (without keys), and their creation's change-log entries."""
    from tacoord.activities.services import PART_MODELS

    parts = {}
    for name, model in PART_MODELS.items():
        columns = [field.attname for field in model._meta.concrete_fields if field.attname not in ("id", "activity_id")]
        parts[name] = sorted(str(row) for row in model.objects.values_list("activity__iati_identifier", *columns))
    history = {change.object_repr: change.postchange_data["children"] for change in ObjectChange.objects.filter(
        changed_object_type=ContentType.objects.get_for_model(Activity))}
    return parts, history


def test_parts_written_out_by_the_reader_are_stored_as_written_one_by_one(reference, tmp_path, monkeypatch):
    """On PostgreSQL the reader writes new activities' parts out as COPY text: what is stored and logged must be the
    same as when the import writes each value itself (tabs, backslashes, line ends, NULL-like text, scripts)."""
    from tacoord.iati import copy_rows

    extra = (f'<transaction><transaction-type code="4"/><transaction-date iso-date="2020-04-01"/>'
             f'<value>12.5</value><description><narrative>{TRICKY}</narrative></description>'
             f'<provider-org ref="XM-TEST-9"><narrative>{TRICKY}</narrative></provider-org></transaction>'
             f'<document-link url="https://example.org/a?b=c\\d" format="application/pdf"><title><narrative>'
             f'{TRICKY}</narrative></title><category code="A01"/></document-link>'
             f'<result type="1" aggregation-status="1"><title><narrative>{TRICKY}</narrative></title><indicator '
             f'measure="1"><title><narrative>Cases</narrative></title><baseline value="3"/></indicator></result>'
             f'<tag vocabulary="1" code="x\\y"><narrative>{TRICKY}</narrative></tag>'
             '<policy-marker vocabulary="1" code="1" significance="2"/>'
             '<related-activity ref="XM-TEST-1-A2" type="1"/>')
    path = activities_file(tmp_path / "a.xml", activity_xml("XM-TEST-1-A1", title="Tabs\tand\\more", extra=extra),
                           activity_xml("XM-TEST-1-A2"))
    monkeypatch.setattr(copy_rows, "write_out", lambda prepared: None)
    run([path])
    one_by_one = _stored_parts()
    Activity.objects.all().delete()
    ObjectChange.objects.all().delete()
    from tacoord.iati.models import ImportedFile

    ImportedFile.objects.all().delete()
    monkeypatch.undo()
    report = run([path])
    assert (report.added, report.rejected) == (2, 0)
    assert _stored_parts() == one_by_one
    # Not vacuous: the tricky text is stored whole (XML reads a line end "\r\n" as "\n").
    assert TRICKY.replace("\r\n", "\n") in [row.description.get("en") for row in Transaction.objects.all()]
    assert Activity.objects.get(iati_identifier="XM-TEST-1-A1").title["en"] == "Tabs\tand\\more"


def test_reading_again_takes_what_was_left_out_before(reference, tmp_path):
    """After the reference data changed (a country code unknown at the first import), an import that reads every
    activity again takes what was left out; a plain re-import skips the unchanged file."""
    from tacoord.reference.models import Country

    kenya = Country.objects.get(iso2="KE")
    kenya_code, kenya.iso2 = kenya.iso2, "QK"
    kenya.save()
    path = activities_file(tmp_path / "a.xml", activity_xml("XM-TEST-1-A1"))
    first = run([path])
    assert first.added == 1 and "'KE' is not a known country code" in " ".join(
        first.issues.values_list("message", flat=True))
    activity = Activity.objects.get()
    assert list(activity.recipient_countries.values_list("country__iso2", flat=True)) == ["PE"]
    kenya.iso2 = kenya_code
    kenya.save()
    plain = run([path])
    assert (plain.unchanged, plain.updated) == (1, 0) and plain.files[0]["same_file"]
    with change_context(source="test"):
        again = iati_import(paths=[str(path)], user=None, read_again=True)
    assert (again.updated, again.unchanged) == (1, 0) and again.read_again
    assert "every activity read again" in format_report(again)
    assert sorted(activity.recipient_countries.values_list("country__iso2", flat=True)) == ["KE", "PE"]


def test_a_failure_while_reading_fails_the_run_and_leaves_nothing_of_its_file(reference, tmp_path, monkeypatch,
                                                                             reading):
    """An unexpected error where the file is read (in this process or a reading one) fails the run with the error;
    the file being imported when it happened leaves nothing behind, and no reading process is left over."""
    import multiprocessing

    from tacoord.iati import services

    prepare = services.prepare

    def failing(parsed, reference):
        if parsed.identifier.endswith("-B9"):
            raise ValueError("something unexpected")
        return prepare(parsed, reference)

    monkeypatch.setattr(services, "prepare", failing)
    good = activities_file(tmp_path / "a.xml", activity_xml("XM-TEST-1-A1"))
    bad = activities_file(tmp_path / "b.xml", *[activity_xml(f"XM-TEST-1-B{n}") for n in range(12)])
    with pytest.raises((ValueError, RuntimeError), match="something unexpected"):
        run([good, bad])
    failed = ImportRun.objects.get()
    assert failed.status == "failed" and "something unexpected" in failed.error
    assert list(Activity.objects.values_list("iati_identifier", flat=True)) == ["XM-TEST-1-A1"]
    assert not multiprocessing.active_children()

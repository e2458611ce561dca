import json
import shutil

import pytest
from django.contrib.contenttypes.models import ContentType

from tacoord.core.errors import ApplicationError
from tacoord.core.i18n import LANGUAGE_SUFFIXES
from tacoord.core.models import ChangeAction, ObjectChange
from tacoord.reference.models import (
    Article,
    Cluster,
    CodelistItem,
    Country,
    Instrument,
    Language,
    PriorityArea,
    Region,
    Sector,
    TechnicalAssistanceType,
)
from tacoord.reference.services import DATA_DIR, reference_load

pytestmark = pytest.mark.django_db

BRIEF_CRIME_JUSTICE_CODES = {"15113", "15130", "15131", "15132", "15134", "15136", "15137", "15160", "15180", "15190",
                             "15196", "15210", "15220", "15240", "16063"}


@pytest.fixture
def data_copy(tmp_path):
    """A copy of the data files that a test may edit, and a helper to rewrite one of them."""
    folder = tmp_path / "data"
    shutil.copytree(DATA_DIR, folder)

    def edit(name: str, change) -> None:
        path = folder / name
        data = json.loads(path.read_text(encoding="utf-8"))
        change(data)
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    return folder, edit


def _names_complete(obj) -> bool:
    return all(getattr(obj, f"name_{suffix}") for suffix in LANGUAGE_SUFFIXES)


def test_first_load_creates_everything(reference_data):
    assert reference_data["countries"].created == Country.objects.count() == 250
    assert all(report.updated == 0 and report.unchanged == 0 for report in reference_data.models)


def test_member_states_have_region_and_six_names(reference_data):
    members = Country.objects.filter(un_status="member").select_related("region", "sub_region")
    assert members.count() == 193
    for country in members:
        assert country.region is not None and country.sub_region is not None, country.iso2
        assert country.sub_region.parent_id == country.region_id, country.iso2
        assert _names_complete(country), country.iso2
        assert len(country.m49_code) == 3 and country.iso3
    assert set(Country.objects.filter(un_status="observer").values_list("iso2", flat=True)) == {"PS", "VA"}
    kenya = Country.objects.select_related("region", "sub_region", "intermediate_region").get(iso2="KE")
    assert (kenya.region.m49_code, kenya.sub_region.m49_code, kenya.intermediate_region.m49_code) == (
        "002", "202", "014")
    assert kenya.name_fr == "Kenya" and kenya.name_zh == "肯尼亚"


def test_territories_and_development_groups(reference_data):
    kosovo = Country.objects.get(iso2="XK")
    assert (kosovo.un_status, kosovo.name_en, kosovo.iso3) == ("other", "Kosovo", None)
    assert not Country.objects.filter(iso2="AN").exists()  # withdrawn from IATI's codelist
    assert Country.objects.filter(is_ldc=True).count() == 44
    assert Country.objects.filter(is_lldc=True).count() == 32
    assert not Country.objects.filter(iso2__in=["BT", "ST"], is_ldc=True).exists()  # graduated 2023 and 2024
    assert Country.objects.filter(is_sids=True, un_status="other").exists()  # SIDS that are not UN members
    assert Region.objects.count() == 30
    assert all(_names_complete(region) for region in Region.objects.all())


def test_instruments_and_articles(reference_data):
    counts = {instrument.code: instrument.articles.count() for instrument in Instrument.objects.all()}
    assert counts == {"UNTOC": 41, "TIP": 20, "SOM": 25, "FIR": 21}
    assert list(Instrument.objects.values_list("code", flat=True)) == ["UNTOC", "TIP", "SOM", "FIR"]
    assert str(Instrument.objects.get(code="FIR").entry_into_force) == "2005-07-03"
    assert set(Cluster.objects.values_list("code", flat=True)) == {"CRIM", "PTA", "LEJ", "IC", "GEN", "FIN"}
    final = {(code, tuple(Article.objects.filter(instrument__code=code, is_final_clause=True)
                          .values_list("number", flat=True))) for code in counts}
    assert final == {("UNTOC", tuple(range(32, 42))), ("TIP", tuple(range(15, 21))), ("SOM", tuple(range(20, 26))),
                     ("FIR", tuple(range(16, 22)))}
    assert not Article.objects.filter(is_final_clause=True).exclude(cluster__code="FIN").exists()
    assert not Article.objects.filter(cluster__isnull=True).exists()
    article = Article.objects.get(instrument__code="UNTOC", number=18)
    assert (article.name_en, article.cluster.code) == ("Mutual legal assistance", "IC")
    assert Article.objects.get(instrument__code="SOM", number=5).cluster.code == "GEN"
    assert all(_names_complete(obj) for obj in Article.objects.all())


def test_lists_languages_sectors_and_codelists(reference_data):
    assert list(PriorityArea.objects.values_list("number", flat=True)) == [1, 2, 3, 4, 5]
    assert TechnicalAssistanceType.objects.count() == 17
    assert set(Language.objects.filter(is_un_official=True).values_list("code", flat=True)) == set(LANGUAGE_SUFFIXES)
    assert Language.objects.filter(is_un_official=False).count() >= 8
    assert set(Sector.objects.filter(is_crime_justice=True).values_list("code", flat=True)) == BRIEF_CRIME_JUSTICE_CODES
    police = Sector.objects.get(code="15132")
    assert (police.name_en, police.category, police.is_active) == ("Police", "151", True)
    assert Sector.objects.filter(is_active=False).exists()
    assert CodelistItem.objects.get(codelist="OrganisationRole", code="4").name_fr == "Mise en œuvre"
    assert set(CodelistItem.objects.values_list("codelist", flat=True).distinct()) == {
        "ActivityDateType", "ActivityStatus", "Currency", "OrganisationRole", "OrganisationType", "PolicyMarker",
        "PolicyMarkerVocabulary", "PolicySignificance", "RelatedActivityType", "SectorVocabulary", "TransactionType"}
    assert CodelistItem.objects.get(codelist="PolicyMarker", code="1").name_en == "Gender Equality"
    assert not CodelistItem.objects.get(codelist="Currency", code="BYR").is_active


def test_changes_are_logged_as_load_reference(reference_data):
    change = ObjectChange.objects.filter(
        changed_object_type=ContentType.objects.get_for_model(Country),
        changed_object_id=str(Country.objects.get(iso2="FR").pk)).get()
    assert (change.action, change.source, change.user_id) == (ChangeAction.CREATE, "load_reference", None)


def test_second_run_changes_nothing(reference_data):
    changes = ObjectChange.objects.count()
    stamps = dict(Country.objects.values_list("iso2", "last_updated"))
    report = reference_load()
    assert not report.changed
    assert all(part.created == part.updated == 0 and not part.not_in_data for part in report.models)
    assert report["countries"].unchanged == 250
    assert ObjectChange.objects.count() == changes
    assert dict(Country.objects.values_list("iso2", "last_updated")) == stamps


def test_changed_file_updates_in_place_with_before_and_after(reference_data, data_copy):
    folder, edit = data_copy

    def rename_france(data):
        france = next(country for country in data["countries"] if country["iso2"] == "FR")
        france["name"]["en"] = "French Republic"
        france["is_sids"] = True

    edit("countries.json", rename_france)
    france = Country.objects.get(iso2="FR")
    report = reference_load(data_dir=folder)
    assert (report["countries"].updated, report["countries"].unchanged, report["countries"].created) == (1, 249, 0)
    assert not report["articles"].changed
    france_now = Country.objects.get(iso2="FR")
    assert france_now.pk == france.pk and france_now.name_en == "French Republic" and france_now.is_sids
    change = ObjectChange.objects.filter(
        changed_object_type=ContentType.objects.get_for_model(Country), changed_object_id=str(france.pk),
        action=ChangeAction.UPDATE).get()
    assert change.source == "load_reference"
    assert {name: (before, after) for name, before, after in change.differences()} == {
        "name_en": ("France", "French Republic"), "is_sids": (False, True)}


def test_rows_missing_from_the_data_are_left_alone(reference_data, data_copy):
    folder, edit = data_copy
    edit("languages.json", lambda data: data.update(
        languages=[language for language in data["languages"] if language["code"] != "vi"]))
    changes = ObjectChange.objects.count()
    report = reference_load(data_dir=folder)
    assert report["languages"].not_in_data == ["Vietnamese"]
    assert any("left as they are" in line and "Vietnamese" in line for line in report.lines())
    assert Language.objects.filter(code="vi").exists()
    assert ObjectChange.objects.count() == changes


def test_invalid_data_changes_nothing(reference_data, data_copy):
    folder, edit = data_copy

    def break_files(data):
        data["articles"][0]["name"]["fr"] = "Objet modifié"
        data["articles"][-1]["name"]["en"] = ""

    edit("articles.json", break_files)
    with pytest.raises(ApplicationError):
        reference_load(data_dir=folder)
    assert Article.objects.get(instrument__code="UNTOC", number=1).name_fr == "Objet"


def test_duplicate_natural_key_is_refused(reference_data, data_copy):
    folder, edit = data_copy
    edit("clusters.json", lambda data: data["clusters"].append(dict(data["clusters"][0])))
    with pytest.raises(ApplicationError, match="twice"):
        reference_load(data_dir=folder)

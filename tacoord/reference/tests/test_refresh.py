import io
import json
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

from tacoord.reference.management.commands.refresh_codelists import DEFAULT_CODELIST_DIR
from tacoord.reference.management.commands.refresh_country_data import DEFAULT_COUNTRY_XML
from tacoord.reference.refresh import countries_and_regions, data_file_text
from tacoord.reference.services import DATA_DIR

SIX = ("ar", "zh", "en", "fr", "ru", "es")


def _hdx_row(iso2, iso3, m49, region, sub_region, intermediate=None, member=True, names=True):
    row = {"ISO 3166-1 Alpha 2-Codes": iso2, "ISO 3166-1 Alpha 3-Codes": iso3, "m49 numerical code": m49,
           "Appears in DGACM list": "Y" if member else None, "Region Code": region, "Sub-region Code": sub_region,
           "Intermediate Region Code": intermediate, "Latitude": "1.234567", "Longitude": None,
           "English Short": f"{iso2} short"}
    if names:
        row.update({f"M49 {language}": f"{iso2} in {language}"
                    for language in ("Arabic", "Chinese", "English", "French", "Russian", "Spanish")})
    return row


def _supplement(**overrides):
    supplement = {
        "observer_states": {"VA": "Holy See"},
        "least_developed_countries": {"NER": "Niger"},
        "landlocked_developing_countries": {"NER": "Niger"},
        "small_island_developing_states": {},
        "region_names": {code: {language: f"{code} {language}" for language in SIX if language != "en"}
                         for code in ("002", "202", "011", "150", "039")},
        "name_corrections": {"XK": {"fr": "Kosovo"}},
    }
    supplement.update(overrides)
    return supplement


def _build(supplement):
    hdx = {"NER": _hdx_row("NE", "NER", "562", "2", "202", "11"),
           "VAT": _hdx_row("VA", "VAT", "336", "150", "39", member=False),
           "TWN": _hdx_row("TW", "TWN", "158", None, None, member=False, names=False)}
    region_names = {2: "Africa", 202: "Sub-Saharan Africa", 11: "Western Africa", 150: "Europe", 39: "Southern Europe"}
    iati = [{"code": code, "name": {"en": name}, "status": status} for code, name, status in (
        ("NE", "Niger (the)", "active"), ("VA", "Holy See", "active"), ("TW", "Taiwan", "active"),
        ("XK", "Kosovo", "active"), ("AN", "NETHERLAND ANTILLES", "withdrawn"))]
    return countries_and_regions(hdx_countries=hdx, hdx_region_names=region_names, iati_countries=iati,
                                 supplement=supplement)


def test_countries_and_regions_from_sources():
    countries, regions = _build(_supplement())
    by_iso2 = {country["iso2"]: country for country in countries["countries"]}
    assert list(by_iso2) == ["NE", "TW", "VA", "XK"]
    assert countries["skipped"] == ["AN NETHERLAND ANTILLES (withdrawn from IATI's codelist)"]
    niger = by_iso2["NE"]
    assert (niger["m49"], niger["region"], niger["sub_region"], niger["intermediate_region"]) == (
        "562", "002", "202", "011")
    assert (niger["un_status"], niger["is_ldc"], niger["is_lldc"], niger["is_sids"]) == ("member", True, True, False)
    assert (niger["latitude"], niger["longitude"]) == (1.23457, None)
    assert niger["name"]["ru"] == "NE in Russian"
    assert by_iso2["VA"]["un_status"] == "observer" and by_iso2["VA"]["sub_region"] == "039"
    assert by_iso2["TW"]["name"] == {"en": "TW short"}
    assert by_iso2["XK"]["name"] == {"en": "Kosovo", "fr": "Kosovo"} and by_iso2["XK"]["iso3"] is None
    assert [(region["m49"], region["level"], region["parent"]) for region in regions["regions"]] == [
        ("002", "region", None), ("150", "region", None), ("039", "sub_region", "150"),
        ("202", "sub_region", "002"), ("011", "intermediate_region", "202")]
    assert regions["regions"][0]["name"] == {"ar": "002 ar", "zh": "002 zh", "en": "Africa", "fr": "002 fr",
                                            "ru": "002 ru", "es": "002 es"}


def test_a_region_without_translations_is_refused():
    supplement = _supplement()
    del supplement["region_names"]["011"]
    with pytest.raises(ValueError, match="011"):
        _build(supplement)


def test_data_file_text_puts_one_record_on_a_line():
    data = {"note": "n", "items": [{"code": "1", "name": {"en": "One"}}, {"code": "2", "name": {"en": "Two"}}],
            "groups": {"a": [{"code": "3"}]}}
    text = data_file_text(data)
    assert json.loads(text) == data
    assert '    {"code": "1", "name": {"en": "One"}},\n' in text and '      {"code": "3"}\n' in text


def test_committed_files_are_valid_json_with_notes():
    for path in DATA_DIR.glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        assert {"note", "source", "attribution"} & data.keys(), path.name
    for name in ("sectors.json", "iati_codelists.json"):
        assert "CC BY 4.0" in json.loads((DATA_DIR / name).read_text(encoding="utf-8"))["attribution"]


def _sources_available() -> bool:
    try:
        import hdx.location.country  # noqa: F401
    except ImportError:
        return False
    return Path(DEFAULT_COUNTRY_XML).is_file() and Path(DEFAULT_CODELIST_DIR).is_dir()


@pytest.mark.skipif(not _sources_available(), reason="needs hdx-python-country and the IATI codelists")
def test_refresh_commands_reproduce_the_committed_files(tmp_path):
    shutil.copytree(DATA_DIR, tmp_path, dirs_exist_ok=True)
    call_command("refresh_country_data", str(DEFAULT_COUNTRY_XML), data_dir=tmp_path, stdout=io.StringIO())
    call_command("refresh_codelists", str(DEFAULT_CODELIST_DIR), data_dir=tmp_path, stdout=io.StringIO())
    for name in ("countries.json", "regions.json", "sectors.json", "iati_codelists.json"):
        assert (tmp_path / name).read_text(encoding="utf-8") == (DATA_DIR / name).read_text(encoding="utf-8"), name

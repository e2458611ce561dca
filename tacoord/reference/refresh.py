"""Builds the generated data files from their sources: UN M49 (through hdx-python-country) and IATI's codelists.

Only `tacoord refresh_country_data` and `tacoord refresh_codelists` use this module. The application itself reads the
files written here, never their sources, so it runs without hdx-python-country and without the IATI checkout.
Plain Python: no Django import.
"""

import json
import xml.etree.ElementTree as ElementTree
from pathlib import Path

LANGUAGES = ("ar", "zh", "en", "fr", "ru", "es")
# hdx-python-country's column suffix for each UN language.
HDX_LANGUAGE = {"ar": "Arabic", "zh": "Chinese", "en": "English", "fr": "French", "ru": "Russian", "es": "Spanish"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
REGION_LEVELS = (("region", "Region Code"), ("sub_region", "Sub-region Code"),
                 ("intermediate_region", "Intermediate Region Code"))



def iati_attribution(what: str) -> str:
    """The credit that IATI's CC BY 4.0 licence asks for, carried in every file copied from its codelists."""
    return (f"{what} from the IATI Standard (https://iatistandard.org/en/iati-standard/203/codelists/), "
            "© International Aid Transparency Initiative, licensed under CC BY 4.0 "
            "(https://creativecommons.org/licenses/by/4.0/). Copied with codes, English and French names, English "
            "descriptions and status only.")


def m49(code) -> str | None:
    """M49 codes are three digits; hdx-python-country drops the leading zeros ('4' is Afghanistan, '004')."""
    return str(int(code)).zfill(3) if code not in (None, "") else None


def iati_codelist_items(path: Path) -> list[dict]:
    """The items of one IATI codelist file: code, English and French name, English description, status."""
    items = []
    for element in ElementTree.parse(path).getroot().iter("codelist-item"):
        item = {"code": element.findtext("code").strip(), "name": _narratives(element.find("name"))}
        description = _narratives(element.find("description")).get("en")
        if description:
            item["description"] = description
        category = element.findtext("category")
        if category:
            item["category"] = category.strip()
        item["status"] = "withdrawn" if element.get("status") == "withdrawn" else "active"
        items.append(item)
    return items


def _narratives(element) -> dict[str, str]:
    if element is None:
        return {}
    texts = {}
    for narrative in element.findall("narrative"):
        language = narrative.get(XML_LANG, "en")
        if language in ("en", "fr") and narrative.text and narrative.text.strip():
            texts[language] = " ".join(narrative.text.split())
    return texts


def countries_and_regions(*, hdx_countries: dict, hdx_region_names: dict, iati_countries: list[dict],
                          supplement: dict) -> tuple[dict, dict]:
    """The content of countries.json and regions.json.

    Every code of IATI's Country codelist that is not withdrawn becomes a country; UN M49 facts and the six names come
    from hdx-python-country where it knows the code, the rest from the codelist and from the hand-kept supplement.
    """
    by_iso2 = {row["ISO 3166-1 Alpha 2-Codes"]: row for row in hdx_countries.values()}
    groups = {flag: set(supplement[key]) for flag, key in (("is_ldc", "least_developed_countries"),
                                                           ("is_lldc", "landlocked_developing_countries"),
                                                           ("is_sids", "small_island_developing_states"))}
    observers = set(supplement["observer_states"])
    corrections = supplement["name_corrections"]
    countries, skipped, regions = [], [], {}
    for item in sorted(iati_countries, key=lambda entry: entry["code"]):
        iso2 = item["code"]
        if item["status"] == "withdrawn":
            skipped.append(f"{iso2} {item['name'].get('en', '')} (withdrawn from IATI's codelist)")
            continue
        row = by_iso2.get(iso2)
        record = _country_from_hdx(row, groups) if row else _country_from_iati(item)
        if record["un_status"] != "member" and iso2 in observers:
            record["un_status"] = "observer"
        record["iso2"] = iso2
        record["name"] = {language: text for language, text in
                          {**record["name"], **corrections.get(iso2, {})}.items() if text}
        countries.append(_ordered_country(record))
        if row:
            _collect_regions(row, regions)
    missing_names = {code for code in regions if not all(supplement["region_names"].get(code, {}).get(language)
                                                         for language in LANGUAGES if language != "en")}
    if missing_names:
        raise ValueError(f"m49_supplement.json has no translated names for regions {sorted(missing_names)}")
    region_records = [
        {"m49": code, "level": level, "parent": parent,
         "name": {language: (hdx_region_names[int(code)] if language == "en" else
                             supplement["region_names"][code][language]) for language in LANGUAGES}}
        for code, (level, parent) in sorted(regions.items(), key=lambda entry: (_level_rank(entry[1][0]), entry[0]))
    ]
    countries_file = {
        "source": ("UN M49 (https://unstats.un.org/unsd/methodology/m49/) as packaged by hdx-python-country, "
                   "for codes, regions, coordinates and the names in the six UN languages; IATI's Country codelist "
                   "for the list of territories; m49_supplement.json for the observer States, the LDC, LLDC and SIDS "
                   "groups and name corrections. Generated by `tacoord refresh_country_data`: edit the sources, "
                   "not this file."),
        "skipped": skipped,
        "countries": countries,
    }
    regions_file = {
        "source": ("UN M49 regions, sub-regions and intermediate regions; English names from hdx-python-country, "
                   "the other five languages from m49_supplement.json. Generated by `tacoord refresh_country_data`."),
        "regions": region_records,
    }
    return countries_file, regions_file


def _country_from_hdx(row: dict, groups: dict[str, set[str]]) -> dict:
    iso3 = row["ISO 3166-1 Alpha 3-Codes"]
    names = {}
    for language in LANGUAGES:
        # Taiwan has no M49 names: hdx then only has its own short name, in English.
        names[language] = row.get(f"M49 {HDX_LANGUAGE[language]}") or row.get(f"{HDX_LANGUAGE[language]} Short") or ""
    return {
        "iso3": iso3,
        "m49": m49(row["m49 numerical code"]),
        "un_status": "member" if row.get("Appears in DGACM list") == "Y" else "other",
        **{level: m49(row.get(column)) for level, column in REGION_LEVELS},
        **{flag: iso3 in codes for flag, codes in groups.items()},
        "latitude": _coordinate(row.get("Latitude")),
        "longitude": _coordinate(row.get("Longitude")),
        "name": names,
    }


def _country_from_iati(item: dict) -> dict:
    return {"iso3": None, "m49": None, "un_status": "other", "region": None, "sub_region": None,
            "intermediate_region": None, "is_ldc": False, "is_lldc": False, "is_sids": False,
            "latitude": None, "longitude": None, "name": dict(item["name"])}


def _ordered_country(record: dict) -> dict:
    keys = ("iso2", "iso3", "m49", "un_status", "region", "sub_region", "intermediate_region", "is_ldc", "is_lldc",
            "is_sids", "latitude", "longitude")
    return {**{key: record[key] for key in keys},
            "name": {language: record["name"][language] for language in LANGUAGES if language in record["name"]}}


def _coordinate(value) -> float | None:
    return round(float(value), 5) if value not in (None, "") else None


def _collect_regions(row: dict, regions: dict[str, tuple[str, str | None]]) -> None:
    parent = None
    for level, column in REGION_LEVELS:
        code = m49(row.get(column))
        if code is None:
            continue
        known = regions.setdefault(code, (level, parent))
        if known != (level, parent):
            raise ValueError(f"M49 region {code} appears as {known} and as {(level, parent)}")
        parent = code


def _level_rank(level: str) -> int:
    return [name for name, _column in REGION_LEVELS].index(level)


def codelists_file(*, codelist_dir: Path, names: tuple[str, ...]) -> dict:
    """The content of iati_codelists.json: the named codelists, each a list of items."""
    codelists = {}
    for name in names:
        items = iati_codelist_items(codelist_dir / f"{name}.xml")
        codelists[name] = [{key: value for key, value in item.items() if key != "category"} for item in items]
    return {
        "attribution": iati_attribution("Codelists " + ", ".join(names)),
        "note": "Generated by `tacoord refresh_codelists`: refresh it from the source rather than editing it.",
        "codelists": codelists,
    }


def sectors_file(*, codelist_dir: Path, previous: dict | None) -> dict:
    """The content of sectors.json: every OECD DAC purpose code, keeping the hand-kept list of crime and justice codes.

    The list lives in the data file so the secretariat can change it and reload without a code change.
    """
    previous = previous or {}
    return {
        "attribution": iati_attribution("The Sector codelist (OECD DAC 5-digit purpose codes)"),
        "note": ("`sectors` is generated by `tacoord refresh_codelists`. `crime_justice_codes` is kept by hand (a "
                 "refresh keeps it): the purpose codes the platform treats as crime prevention and criminal justice."),
        "crime_justice_source": previous.get("crime_justice_source", ""),
        "crime_justice_codes": previous.get("crime_justice_codes", []),
        "sectors": iati_codelist_items(codelist_dir / "Sector.xml"),
    }


def data_file_text(data: dict) -> str:
    """JSON with one record per line: compact, yet a change to one record shows as one changed line in a diff."""
    return _render(data, 0) + "\n"


def _is_record_list(value) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(item, dict) for item in value)


def _render(value, indent: int) -> str:
    inner = " " * (indent + 2)
    compact = json.dumps(value, ensure_ascii=False)
    if _is_record_list(value):
        lines = [inner + json.dumps(item, ensure_ascii=False) for item in value]
        return "[\n" + ",\n".join(lines) + "\n" + " " * indent + "]"
    if isinstance(value, dict) and (indent == 0 or any(isinstance(item, dict) or _is_record_list(item)
                                                       for item in value.values())):
        lines = [f"{inner}{json.dumps(key, ensure_ascii=False)}: {_render(item, indent + 2)}"
                 for key, item in value.items()]
        return "{\n" + ",\n".join(lines) + "\n" + " " * indent + "}"
    return compact


def write_data_file(path: Path, data: dict) -> None:
    path.write_text(data_file_text(data), encoding="utf-8")


def read_data_file(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))

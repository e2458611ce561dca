"""Loads the reference data files (tacoord/reference/data/) into the database: `tacoord load_reference`.

Rows are matched on their natural key (ISO code, M49 code, instrument and article number, codelist and code ...).
A row whose values already match the file is not saved at all, so a second run changes nothing and writes nothing to
the change log; a row that differs is updated in place through `save()`, so the change log keeps it before and after.
Nothing is deleted: a row that the files no longer list is left alone and named in the report.
"""

import json
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from tacoord.core.context import change_context
from tacoord.core.errors import ApplicationError
from tacoord.core.i18n import LANGUAGE_SUFFIXES
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

DATA_DIR = Path(__file__).resolve().parent / "data"
DATA_FILES = ("regions.json", "countries.json", "clusters.json", "instruments.json", "articles.json",
              "priority_areas.json", "ta_types.json", "languages.json", "sectors.json", "iati_codelists.json")


@dataclass
class ModelLoadReport:
    """What loading did to the rows of one model."""

    label: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    not_in_data: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


@dataclass
class ReferenceLoadReport:
    """What `reference_load` did, model by model, in dependency order."""

    data_dir: Path
    models: list[ModelLoadReport] = field(default_factory=list)
    seconds: float = 0.0

    def __getitem__(self, label: str) -> ModelLoadReport:
        return next(report for report in self.models if report.label == label)

    @property
    def changed(self) -> bool:
        return any(report.changed for report in self.models)

    def lines(self) -> list[str]:
        width = max(len(report.label) for report in self.models)
        lines = [f"Reference data from {self.data_dir}, loaded in {self.seconds:.2f} s"]
        for report in self.models:
            lines.append(f"  {report.label:<{width}}  created {report.created:>4}  updated {report.updated:>4}  "
                         f"unchanged {report.unchanged:>4}")
        for report in self.models:
            if report.not_in_data:
                lines.append(f"  {len(report.not_in_data)} {report.label} in the database are not in the data files "
                             f"and were left as they are: {', '.join(report.not_in_data)}")
        return lines


class _ModelLoader:
    """Creates or updates the rows of one model, matched on a natural key, and counts what it did."""

    def __init__(self, queryset: models.QuerySet, *, label: str, key: tuple[str, ...]):
        self.model = queryset.model
        self.key = key
        # One query per model: every comparison after this is done in Python.
        self.existing = {self._key_of(obj): obj for obj in queryset}
        self.loaded: dict[tuple, models.Model] = {}
        self.report = ModelLoadReport(label=label)
        # Foreign keys point at rows this load has just read or saved, so checking each one again would only cost
        # a query per row; uniqueness is what the natural-key match guarantees, and the database enforces it too.
        self.clean_exclude = [f.name for f in self.model._meta.concrete_fields if f.is_relation]

    def _key_of(self, obj: models.Model) -> tuple:
        return tuple(getattr(obj, name) for name in self.key)

    def load(self, values: dict) -> models.Model:
        key = tuple(values[name] for name in self.key)
        if key in self.loaded:
            raise ApplicationError(_("%(model)s %(key)s appears twice in the data files.")
                                   % {"model": self.report.label, "key": "/".join(map(str, key))})
        obj = self.existing.get(key)
        if obj is None:
            obj = self.model(**values)
            self._save(obj, key)
            self.report.created += 1
        elif any(getattr(obj, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(obj, name, value)
            self._save(obj, key)
            self.report.updated += 1
        else:
            self.report.unchanged += 1
        self.loaded[key] = obj
        return obj

    def _save(self, obj: models.Model, key: tuple) -> None:
        try:
            obj.full_clean(exclude=self.clean_exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            raise ApplicationError(_("%(model)s %(key)s in the data files is not valid: %(errors)s") % {
                "model": self.report.label, "key": "/".join(map(str, key)), "errors": "; ".join(error.messages),
            }) from error
        obj.save()

    def finish(self) -> ModelLoadReport:
        self.report.not_in_data = sorted(str(obj) for key, obj in self.existing.items() if key not in self.loaded)
        return self.report


def _texts(field_name: str, texts: dict[str, str]) -> dict[str, str]:
    """`{"en": "Kenya", "fr": "Kenya"}` as column values; a language the data leaves out is blank."""
    return {f"{field_name}_{suffix}": texts.get(suffix, "") for suffix in LANGUAGE_SUFFIXES}


def _read(data_dir: Path) -> dict[str, dict]:
    missing = [name for name in DATA_FILES if not (data_dir / name).is_file()]
    if missing:
        raise ApplicationError(_("%(folder)s lacks the data files %(files)s.")
                               % {"folder": data_dir, "files": ", ".join(missing)})
    files = {}
    for name in DATA_FILES:
        try:
            files[name] = json.loads((data_dir / name).read_text(encoding="utf-8"))
        except json.JSONDecodeError as error:
            raise ApplicationError(_("%(file)s is not valid JSON: %(error)s")
                                   % {"file": name, "error": error}) from error
    return files


def reference_load(*, data_dir: Path = DATA_DIR) -> ReferenceLoadReport:
    """Bring the reference tables in line with the data files, in one transaction, attributed to `load_reference`."""
    started = time.perf_counter()
    files = _read(Path(data_dir))
    report = ReferenceLoadReport(data_dir=Path(data_dir))
    with change_context(user=None, source="load_reference"), transaction.atomic():
        regions = _load_regions(files["regions.json"]["regions"], report)
        _load_countries(files["countries.json"]["countries"], regions, report)
        clusters = _load_simple(Cluster, "clusters", files["clusters.json"]["clusters"], report)
        instruments = _load_instruments(files["instruments.json"]["instruments"], report)
        _load_articles(files["articles.json"]["articles"], instruments, clusters, report)
        _load_simple(PriorityArea, "priority areas", files["priority_areas.json"]["priority_areas"], report,
                     key="number")
        _load_simple(TechnicalAssistanceType, "TA types", files["ta_types.json"]["ta_types"], report)
        _load_simple(Language, "languages", files["languages.json"]["languages"], report)
        _load_sectors(files["sectors.json"], report)
        _load_codelists(files["iati_codelists.json"]["codelists"], report)
    report.seconds = time.perf_counter() - started
    return report


def _load_regions(rows: list[dict], report: ReferenceLoadReport) -> dict[str, Region]:
    loader = _ModelLoader(Region.objects.all(), label="regions", key=("m49_code",))
    # The file lists regions before their sub-regions, so a parent is always loaded before its children.
    for row in rows:
        parent = loader.loaded.get((row["parent"],)) if row["parent"] else None
        if row["parent"] and parent is None:
            raise ApplicationError(_("Region %(code)s names an unknown or later parent %(parent)s.")
                                   % {"code": row["m49"], "parent": row["parent"]})
        loader.load({"m49_code": row["m49"], "level": row["level"], "parent_id": parent.pk if parent else None,
                     **_texts("name", row["name"])})
    report.models.append(loader.finish())
    return {key[0]: region for key, region in loader.loaded.items()}


def _load_countries(rows: list[dict], regions: dict[str, Region], report: ReferenceLoadReport) -> None:
    loader = _ModelLoader(Country.objects.all(), label="countries", key=("iso2",))

    def region_id(code: str | None) -> int | None:
        if code is None:
            return None
        if code not in regions:
            raise ApplicationError(_("A country names the unknown M49 region %(code)s.") % {"code": code})
        return regions[code].pk

    for row in rows:
        loader.load({
            "iso2": row["iso2"], "iso3": row["iso3"], "m49_code": row["m49"] or "", "un_status": row["un_status"],
            "region_id": region_id(row["region"]), "sub_region_id": region_id(row["sub_region"]),
            "intermediate_region_id": region_id(row["intermediate_region"]),
            "is_ldc": row["is_ldc"], "is_lldc": row["is_lldc"], "is_sids": row["is_sids"],
            "latitude": row["latitude"], "longitude": row["longitude"], **_texts("name", row["name"]),
        })
    report.models.append(loader.finish())


def _load_simple(model: type[models.Model], label: str, rows: list[dict], report: ReferenceLoadReport, *,
                 key: str = "code") -> dict:
    """Models made of a natural key, a few plain fields and a name in six languages."""
    loader = _ModelLoader(model.objects.all(), label=label, key=(key,))
    for row in rows:
        loader.load({**{name: value for name, value in row.items() if name != "name"}, **_texts("name", row["name"])})
    report.models.append(loader.finish())
    return {key_values[0]: obj for key_values, obj in loader.loaded.items()}


def _load_instruments(rows: list[dict], report: ReferenceLoadReport) -> dict[str, Instrument]:
    loader = _ModelLoader(Instrument.objects.all(), label="instruments", key=("code",))
    for row in rows:
        loader.load({
            "code": row["code"], "position": row["position"], "adopted_by": row["adopted_by"],
            "entry_into_force": date.fromisoformat(row["entry_into_force"]) if row["entry_into_force"] else None,
            **_texts("name", row["name"]), **_texts("short_name", row["short_name"]),
        })
    report.models.append(loader.finish())
    return {key[0]: instrument for key, instrument in loader.loaded.items()}


def _load_articles(rows: list[dict], instruments: dict[str, Instrument], clusters: dict[str, Cluster],
                   report: ReferenceLoadReport) -> None:
    loader = _ModelLoader(Article.objects.select_related("instrument"), label="articles",
                          key=("instrument_id", "number"))
    for row in rows:
        instrument = instruments.get(row["instrument"])
        cluster = clusters.get(row["cluster"]) if row["cluster"] else None
        if instrument is None or (row["cluster"] and cluster is None):
            raise ApplicationError(_("Article %(instrument)s %(number)s names an unknown instrument or cluster.")
                                   % {"instrument": row["instrument"], "number": row["number"]})
        loader.load({"instrument_id": instrument.pk, "number": row["number"],
                     "cluster_id": cluster.pk if cluster else None, "is_final_clause": row["is_final_clause"],
                     **_texts("name", row["name"])})
    report.models.append(loader.finish())


def _load_sectors(data: dict, report: ReferenceLoadReport) -> None:
    crime_justice = set(data["crime_justice_codes"])
    unknown = crime_justice - {row["code"] for row in data["sectors"]}
    if unknown:
        raise ApplicationError(_("sectors.json flags codes that are not sectors: %(codes)s")
                               % {"codes": ", ".join(sorted(unknown))})
    loader = _ModelLoader(Sector.objects.all(), label="sectors", key=("code",))
    for row in data["sectors"]:
        loader.load({"code": row["code"], "category": row.get("category", ""),
                     "description": row.get("description", ""), "is_crime_justice": row["code"] in crime_justice,
                     "is_active": row["status"] == "active", **_texts("name", row["name"])})
    report.models.append(loader.finish())


def _load_codelists(codelists: dict[str, list[dict]], report: ReferenceLoadReport) -> None:
    loader = _ModelLoader(CodelistItem.objects.all(), label="codelist items", key=("codelist", "code"))
    for codelist, rows in codelists.items():
        for row in rows:
            loader.load({"codelist": codelist, "code": row["code"], "description": row.get("description", ""),
                         "is_active": row["status"] == "active", **_texts("name", row["name"])})
    report.models.append(loader.finish())

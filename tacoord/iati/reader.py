"""A streaming reader of IATI activity files (versions 2.01–2.03), plain or gzipped. No database here.

`read_activities(path)` yields one `ParsedActivity` at a time and clears each element once read, so memory stays flat
whatever the file's size. A file that is not XML, is truncated, declares entities or points at external ones, or is
not an IATI 2.0x activity file raises `IatiFileError` with the line where reading stopped. Parts of an activity that
are invalid are left out with a warning; an activity without identifier or reporting organisation is rejected.
"""

from __future__ import annotations

import datetime
import gzip
import hashlib
import json
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.utils.translation import gettext_noop as N_
from lxml import etree

from tacoord.core.notes import Note

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
GZIP_MAGIC = b"\x1f\x8b"


class IatiFileError(Exception):
    """The whole file is refused: nothing in it may be imported."""

    def __init__(self, reason: Note, line: int | None = None):
        super().__init__(reason if line is None else f"line {line}: {reason}")
        self.reason = reason
        self.line = line


@dataclass
class ParsedActivity:
    """One `iati-activity`, shaped like tacoord.activities: fields, reporting organisation and child rows."""

    line: int
    identifier: str = ""
    reporting_org: dict = field(default_factory=dict)
    fields: dict = field(default_factory=dict)
    children: dict[str, list[dict]] = field(default_factory=dict)
    content_hash: str = ""
    warnings: list[Note] = field(default_factory=list)  # each with its line
    rejection: Note | str = ""
    # True when the caller already holds this content: only line, identifier and hash are filled in.
    skipped: bool = False

    @property
    def rejected(self) -> bool:
        return bool(self.rejection)


def _open(path: Path):
    try:
        with open(path, "rb") as probe:
            magic = probe.read(2)
        return gzip.open(path, "rb") if magic == GZIP_MAGIC else open(path, "rb")  # noqa: SIM115  closed by caller
    except OSError as error:
        raise IatiFileError(Note(N_("the file cannot be read (%(error)s)"), error=error.strerror)) from None


def read_activities(path: str | Path, *, skip: Callable[[str, str], bool] | None = None) -> Iterator[ParsedActivity]:
    """Yield the activities of one file in order; raise `IatiFileError` when the file must be refused.

    `skip(identifier, content_hash)` returning True spares the work of reading an activity the caller already has.
    """
    path = Path(path)
    with _open(path) as stream:
        parser = etree.iterparse(
            stream, events=("end",), tag="iati-activity", resolve_entities=False, no_network=True,
            huge_tree=False, load_dtd=False, dtd_validation=False, remove_comments=True, remove_pis=True,
        )
        root = None
        line = None
        try:
            for _event, element in parser:
                if root is None:
                    root = element.getroottree().getroot()
                    _check_root(root)
                if element.getparent() is not root:
                    continue
                line = element.sourceline
                yield parse_activity(element, skip=skip)
                element.clear(keep_tail=False)
                while element.getprevious() is not None:
                    del root[0]
            if root is None:
                if parser.root is None:
                    raise IatiFileError(Note(N_("the file is empty")))
                _check_root(parser.root)
        except etree.XMLSyntaxError as error:
            raise IatiFileError(_syntax_reason(error), error.lineno) from None
        except (EOFError, zlib.error, gzip.BadGzipFile) as error:
            raise IatiFileError(Note(N_("the file is truncated or not a readable gzip file (%(error)s)"),
                                     error=error), line) from None


def _syntax_reason(error) -> Note:
    message = error.msg or str(error)
    if "entit" in message.lower():
        return Note(N_("entity declarations or references are refused (%(error)s)"), error=message)
    if "end of data" in message.lower() or "premature end" in message.lower():
        return Note(N_("the file is truncated (%(error)s)"), error=message)
    return Note(N_("not well-formed XML (%(error)s)"), error=message)


def _check_root(root) -> None:
    docinfo = root.getroottree().docinfo
    dtd = docinfo.internalDTD
    if dtd is not None and (list(dtd.iterentities()) or docinfo.system_url or docinfo.public_id):
        raise IatiFileError(Note(N_("the file declares entities or refers to an external document; refused")), 1)
    if docinfo.system_url or docinfo.public_id:
        raise IatiFileError(Note(N_("the file refers to an external document type; refused")), 1)
    if root.tag != "iati-activities":
        raise IatiFileError(Note(N_("the root element is <%(tag)s>, not <iati-activities>"), tag=root.tag),
                            root.sourceline)
    version = root.get("version", "")
    if version.startswith("1."):
        raise IatiFileError(Note(N_("IATI version %(version)s is not supported (2.01 to 2.03)"), version=version),
                            root.sourceline)


# --- one activity -------------------------------------------------------------------------------------------------


# Part of every content hash: change it whenever what tacoord takes from an activity changes (a part newly read, a
# check that now keeps or drops something else), so that the next import reads the stored activities again instead of
# skipping them as unchanged.
READING = b"tacoord reading 2026-12-06\n"


def content_hash(element) -> str:
    """A hash of the activity's XML without the attributes a portal adds (d-portal's `dstore:*`) and the namespace
    declarations left unused. Not canonical XML, which cost twice as much: the same activity written with its
    attributes in another order, or in a file declaring other namespaces, hashes differently, and is then compared
    field by field (and found unchanged)."""
    portal_attributes = [name for name in element.attrib if name.startswith("{") and name != XML_LANG]
    for name in portal_attributes:
        del element.attrib[name]
    if portal_attributes:
        etree.cleanup_namespaces(element)
    return hashlib.sha256(READING + etree.tostring(element, with_tail=False)).hexdigest()


def parse_activity(element, *, skip: Callable[[str, str], bool] | None = None) -> ParsedActivity:
    """Turn one `iati-activity` element into a `ParsedActivity`; invalid parts are dropped with a warning."""
    activity = ParsedActivity(line=element.sourceline or 0)
    activity.content_hash = content_hash(element)
    if skip is not None:
        identifier = (element.findtext("iati-identifier") or "").strip()
        if identifier and skip(identifier, activity.content_hash):
            activity.identifier, activity.skipped = identifier, True
            return activity
    reader = _ActivityReader(activity, element.get(XML_LANG, "").lower() or "en")
    reader.read(element)
    return activity


class _ActivityReader:
    def __init__(self, activity: ParsedActivity, language: str):
        self.activity = activity
        self.language = language

    def warn(self, element, template: str, **params) -> None:
        line = getattr(element, "sourceline", None) or self.activity.line
        self.activity.warnings.append(Note(template, line, **params))

    # values

    def narratives(self, element) -> dict[str, str]:
        if element is None:
            return {}
        texts: dict[str, str] = {}
        for narrative in element.iterchildren("narrative"):
            text = (narrative.text or "").strip()
            if text:
                language = (narrative.get(XML_LANG) or self.language).lower()
                texts[language] = f"{texts[language]}\n\n{text}" if language in texts else text
        return texts

    def date(self, element, attribute: str = "iso-date") -> datetime.date | None:
        if element is None:
            return None
        raw = (element.get(attribute) or "").strip()
        if not raw:
            return None
        try:
            return datetime.date.fromisoformat(raw[:10])
        except ValueError:
            self.warn(element, N_("<%(tag)s> has an invalid date %(value)s; left out"), tag=element.tag,
                      value=repr(raw))
            return None

    def decimal(self, element, raw: str | None, what: str) -> Decimal | None:
        """`raw` as an amount; `what` names it (a message id, made a note only when there is something to say:
        hundreds of thousands of amounts are read in a big import)."""
        raw = (raw or "").strip().replace(",", "") if raw is not None else ""
        if not raw:
            return None
        try:
            value = Decimal(raw)
        except InvalidOperation:
            value = None
        if value is None or not value.is_finite() or abs(value) >= Decimal("1e18"):
            self.warn(element, N_("%(what)s %(value)s is not a number; left out"),
                      what=Note(N_("%(what)s value"), what=Note(what)), value=repr(raw))
            return None
        return value.quantize(Decimal("0.01"))

    def percentage(self, element) -> Decimal | None:
        raw = element.get("percentage")
        if raw is None or not raw.strip():
            return None
        try:
            value = Decimal(raw.strip())
        except InvalidOperation:
            value = None
        if value is None or not value.is_finite() or not 0 <= value <= 100:
            self.warn(element, N_("percentage %(value)s is not between 0 and 100; left out"), value=repr(raw))
            return None
        return value.quantize(Decimal("0.001"))

    @staticmethod
    def code(element, attribute: str = "code") -> str:
        return "" if element is None else (element.get(attribute) or "").strip()

    def money(self, element, what: str) -> dict | None:
        """A `value` element: amount, currency, value date; None (with a warning) when the amount is unusable."""
        if element is None:
            self.warn(element, N_("%(what)s has no value; left out"), what=Note(what))
            return None
        amount = self.decimal(element, element.text, what)
        if amount is None:
            if not (element.text or "").strip():
                self.warn(element, N_("%(what)s has no value; left out"), what=Note(what))
            return None
        return {"value": amount, "currency": self.code(element, "currency"),
                "value_date": self.date(element, "value-date")}

    # the activity

    def all(self, tag: str) -> list:
        return self.by_tag.get(tag, [])

    def first(self, tag: str):
        found = self.by_tag.get(tag)
        return found[0] if found else None

    def read(self, element) -> None:
        activity = self.activity
        # One pass over the activity's children instead of one search per element kind.
        self.by_tag: dict[str, list] = {}
        for child in element:
            self.by_tag.setdefault(child.tag, []).append(child)
        identifier = self.first("iati-identifier")
        activity.identifier = (identifier.text or "").strip() if identifier is not None else ""
        reporting = self.first("reporting-org")
        if reporting is not None:
            activity.reporting_org = {
                "ref": self.code(reporting, "ref"), "type": self.code(reporting, "type"),
                "name": self.narratives(reporting),
            }
        if not activity.identifier:
            activity.rejection = Note(N_("the activity has no iati-identifier"))
        elif reporting is None or not (activity.reporting_org["ref"] or activity.reporting_org["name"]):
            activity.rejection = Note(N_("the activity has no reporting organisation"))
        if len(activity.identifier) > 255:
            activity.rejection = Note(N_("the iati-identifier is longer than 255 characters"))
        if activity.rejected:
            return
        self.read_fields(element)
        self.read_children(element)

    def read_fields(self, element) -> None:
        fields = self.activity.fields
        fields["iati_identifier"] = self.activity.identifier
        fields["default_language"] = self.language
        fields["default_currency"] = (element.get("default-currency") or "").strip().upper()
        fields["humanitarian"] = (element.get("humanitarian") or "").strip().lower() in {"1", "true"}
        try:
            fields["hierarchy"] = int(element.get("hierarchy") or 1)
        except ValueError:
            self.warn(element, N_("hierarchy %(value)s is not a number; 1 used"), value=repr(element.get("hierarchy")))
            fields["hierarchy"] = 1
        fields["last_updated_datetime"] = self.datetime(element, "last-updated-datetime")
        title = self.first("title")
        fields["title"] = self.narratives(title) or ({"": title.text.strip()} if title is not None and
                                                      (title.text or "").strip() else {})
        description: dict[str, str] = {}
        for item in sorted(self.all("description"), key=lambda e: e.get("type", "1") != "1"):
            for language, text in self.narratives(item).items():
                description[language] = f"{description[language]}\n\n{text}" if language in description else text
        fields["description"] = description
        status = self.code(self.first("activity-status"))
        if status and status not in {"1", "2", "3", "4", "5", "6"}:
            self.warn(self.first("activity-status"), N_("activity status %(value)s is not known; left out"),
                      value=repr(status))
            status = ""
        fields["status"] = status
        dates = {"1": "planned_start", "2": "actual_start", "3": "planned_end", "4": "actual_end",
                 "start-planned": "planned_start", "start-actual": "actual_start",
                 "end-planned": "planned_end", "end-actual": "actual_end"}
        for name in dates.values():
            fields[name] = None
        for date in self.all("activity-date"):
            name = dates.get(self.code(date, "type"))
            if name is None:
                self.warn(date, N_("activity-date type %(value)s is not known; left out"), value=repr(date.get("type")))
                continue
            fields[name] = self.date(date)
        fields["collaboration_type"] = self.code(self.first("collaboration-type"))
        fields["default_flow_type"] = self.code(self.first("default-flow-type"))
        fields["default_finance_type"] = self.code(self.first("default-finance-type"))
        fields["default_aid_type"] = self.code(self.first("default-aid-type"))

    def datetime(self, element, attribute: str) -> str | None:
        raw = (element.get(attribute) or "").strip()
        if not raw:
            return None
        try:
            value = datetime.datetime.fromisoformat(raw.replace("Z", "+00:00"))
        except ValueError:
            self.warn(element, N_("%(attribute)s %(value)s is not a date and time; left out"), attribute=attribute,
                      value=repr(raw))
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=datetime.UTC)
        return value.isoformat()

    def read_children(self, element) -> None:
        children = self.activity.children
        children["participating_organisations"] = [
            {"role": self.code(org, "role"), "ref": self.code(org, "ref"), "type": self.code(org, "type"),
             "activity_id": self.code(org, "activity-id"), "name": self.narratives(org)}
            for org in self.all("participating-org")
        ]
        children["recipient_countries"] = [
            {"code": self.code(country).upper(), "percentage": self.percentage(country)}
            for country in self.all("recipient-country") if self.code(country)
        ]
        children["recipient_regions"] = [
            {"code": self.code(region), "vocabulary": self.code(region, "vocabulary") or "1",
             "percentage": self.percentage(region)}
            for region in self.all("recipient-region") if self.code(region)
        ]
        children["sectors"] = [
            {"vocabulary": self.code(sector, "vocabulary") or "1", "code": self.code(sector),
             "percentage": self.percentage(sector)}
            for sector in self.all("sector") if self.code(sector)
        ]
        children["budgets"] = [row for row in map(self.budget, self.all("budget")) if row]
        children["transactions"] = [row for row in map(self.transaction, self.all("transaction")) if row]
        children["related_activities"] = [
            {"ref": self.code(related, "ref"), "type": self.code(related, "type")}
            for related in self.all("related-activity") if self.code(related, "ref")
        ]
        children["results"] = [self.result(result) for result in self.all("result")]
        children["document_links"] = [self.document(link) for link in self.all("document-link")
                                       if self.code(link, "url")]
        children["policy_markers"] = [
            {"vocabulary": self.code(marker, "vocabulary") or "1", "code": self.code(marker),
             "significance": self.code(marker, "significance")}
            for marker in self.all("policy-marker") if self.code(marker)
        ]
        children["tags"] = [
            {"vocabulary": self.code(tag, "vocabulary") or "1", "code": self.code(tag),
             "narrative": self.narratives(tag)}
            for tag in self.all("tag") if self.code(tag)
        ]

    def budget(self, element) -> dict | None:
        parts: dict = {}
        for child in element:
            parts.setdefault(child.tag, child)
        money = self.money(parts.get("value"), N_("budget"))
        start, end = self.date(parts.get("period-start")), self.date(parts.get("period-end"))
        if money is None:
            return None
        if start is None or end is None:
            self.warn(element, N_("budget without a valid period; left out"))
            return None
        return {"type": self.code(element, "type") or "1", "status": self.code(element, "status") or "1",
                "period_start": start, "period_end": end, **money}

    def transaction(self, element) -> dict | None:
        parts: dict = {}
        for child in element:
            parts.setdefault(child.tag, child)
        kind = self.code(parts.get("transaction-type"))
        if not kind:
            self.warn(element, N_("transaction without a type; left out"))
            return None
        money = self.money(parts.get("value"), N_("transaction"))
        if money is None:
            return None
        provider, receiver = parts.get("provider-org"), parts.get("receiver-org")
        humanitarian = element.get("humanitarian")
        return {
            "ref": self.code(element, "ref"), "type": kind, "date": self.date(parts.get("transaction-date")),
            **money,
            "description": self.narratives(parts.get("description")),
            "provider_org_ref": self.code(provider, "ref"),
            "provider_org_name": _first(self.narratives(provider)),
            "provider_activity_id": self.code(provider, "provider-activity-id"),
            "receiver_org_ref": self.code(receiver, "ref"),
            "receiver_org_name": _first(self.narratives(receiver)),
            "receiver_activity_id": self.code(receiver, "receiver-activity-id"),
            "humanitarian": None if humanitarian is None else humanitarian.strip().lower() in {"1", "true"},
        }

    def result(self, element) -> dict:
        indicators = []
        for indicator in element.iterchildren("indicator"):
            baseline = indicator.find("baseline")
            periods = []
            for period in indicator.iterchildren("period"):
                target, actual = period.find("target"), period.find("actual")
                start, end = self.date(period.find("period-start")), self.date(period.find("period-end"))
                periods.append({
                    "start": start.isoformat() if start else None, "end": end.isoformat() if end else None,
                    "target": self.code(target, "value"), "actual": self.code(actual, "value"),
                })
            indicators.append({
                "measure": self.code(indicator, "measure"), "title": self.narratives(indicator.find("title")),
                "baseline": self.code(baseline, "value"), "periods": periods,
            })
        return {
            "type": self.code(element, "type"), "aggregation_status": self.code(element, "aggregation-status"),
            "title": self.narratives(element.find("title")),
            "description": self.narratives(element.find("description")), "indicators": indicators,
        }

    def document(self, element) -> dict:
        return {
            "url": self.code(element, "url"), "format": self.code(element, "format"),
            "title": self.narratives(element.find("title")),
            "categories": [self.code(item) for item in element.iterchildren("category") if self.code(item)],
            "languages": [self.code(item) for item in element.iterchildren("language") if self.code(item)],
            "date": self.date(element.find("document-date")),
        }


def _first(texts: dict[str, str]) -> str:
    return next(iter(texts.values()), "")


def canonical_json(data) -> str:
    """Stable JSON of parsed values (dates and decimals as strings), for comparing and storing."""
    return json.dumps(data, sort_keys=True, default=str, ensure_ascii=False)

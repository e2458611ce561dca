"""Writing activities as an IATI 2.03 activity file, streamed element by element. No Django here.

Takes activity objects shaped like tacoord.activities (attributes and child lists, prefetched). Elements come in the
order the 2.03 schema's sequence requires. Where the schema requires something an activity entered in tacoord may
lack, the writer says the least it can: the title stands in for a missing description, the reporting organisation
(as accountable) for missing participating organisations, and the planned start for a missing date falls back to the
date the activity was recorded.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal

from lxml import etree

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
VERSION = "2.03"
DATE_TYPES = (("planned_start", "1"), ("actual_start", "2"), ("planned_end", "3"), ("actual_end", "4"))


def write_activities(activities: Iterable, stream, *, generated: datetime.datetime | None = None) -> int:
    """Write an `iati-activities` document of `activities` to the binary `stream`; returns how many were written."""
    generated = generated or datetime.datetime.now(datetime.UTC)
    count = 0
    with etree.xmlfile(stream, encoding="utf-8") as xml:
        xml.write_declaration()
        with xml.element("iati-activities", {"version": VERSION,
                                             "generated-datetime": generated.replace(microsecond=0).isoformat()}):
            for activity in activities:
                xml.write(activity_element(activity), pretty_print=True)
                count += 1
    return count


def _text(value) -> str:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")
    if isinstance(value, datetime.datetime):
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _sub(parent, tag: str, attributes: dict | None = None, text=None):
    element = etree.SubElement(parent, tag, {key: _text(value) for key, value in (attributes or {}).items()
                                             if value not in (None, "")})
    if text not in (None, ""):
        element.text = _text(text)
    return element


def _narratives(parent, texts: dict | None, default_language: str) -> int:
    written = 0
    for language, text in sorted((texts or {}).items(), key=lambda item: item[0] != default_language):
        if not text:
            continue
        narrative = _sub(parent, "narrative", text=text)
        if language and language != default_language:
            narrative.set(XML_LANG, language)
        written += 1
    return written


def _all(related) -> list:
    return list(related.all()) if hasattr(related, "all") else list(related or [])


def activity_element(activity):
    """One `iati-activity` element for `activity`."""
    language = activity.default_language or "en"
    attributes = {XML_LANG: language, "default-currency": activity.default_currency,
                  "hierarchy": activity.hierarchy, "humanitarian": "1" if activity.humanitarian else None,
                  "last-updated-datetime": activity.last_updated_datetime or getattr(activity, "last_updated", None)}
    element = etree.Element("iati-activity", {key: _text(value) for key, value in attributes.items()
                                              if value not in (None, "")})
    _sub(element, "iati-identifier", text=activity.iati_identifier)
    reporter = activity.reporting_organisation
    reporting = _sub(element, "reporting-org", {"ref": reporter.iati_identifier or f"XI-TACOORD-ORG{reporter.pk}",
                                                "type": reporter.iati_type or "90"})
    _narratives(reporting, {language: reporter.name}, language)
    title = _sub(element, "title")
    if not _narratives(title, activity.title, language):
        _narratives(title, {language: activity.iati_identifier}, language)
    description = _sub(element, "description", {"type": "1"})
    if not _narratives(description, activity.description, language):
        _narratives(description, activity.title or {language: activity.iati_identifier}, language)
    participants = _all(activity.participating_organisations)
    for participant in participants:
        node = _sub(element, "participating-org", {"ref": participant.ref, "role": participant.role,
                                                   "type": participant.type, "activity-id": participant.activity_ref})
        _narratives(node, participant.name, language)
    if not participants:
        node = _sub(element, "participating-org", {"ref": reporter.iati_identifier, "role": "2",
                                                   "type": reporter.iati_type})
        _narratives(node, {language: reporter.name}, language)
    _sub(element, "activity-status", {"code": activity.status or "2"})
    dates = [(code, getattr(activity, name)) for name, code in DATE_TYPES if getattr(activity, name)]
    if not dates:
        recorded = getattr(activity, "created", None) or datetime.datetime.now(datetime.UTC)
        dates = [("1", recorded.date() if isinstance(recorded, datetime.datetime) else recorded)]
    for code, date in dates:
        _sub(element, "activity-date", {"iso-date": date, "type": code})
    for country in _all(activity.recipient_countries):
        _sub(element, "recipient-country", {"code": country.country.iso2, "percentage": country.percentage})
    for region in _all(activity.recipient_regions):
        _sub(element, "recipient-region", {"code": region.code, "vocabulary": region.vocabulary,
                                           "percentage": region.percentage})
    for sector in _all(activity.sectors):
        _sub(element, "sector", {"code": sector.code, "vocabulary": sector.vocabulary,
                                 "percentage": sector.percentage})
    for tag in _all(activity.tags):
        node = _sub(element, "tag", {"code": tag.code, "vocabulary": tag.vocabulary})
        _narratives(node, tag.narrative, language)
    for marker in _all(activity.policy_markers):
        _sub(element, "policy-marker", {"vocabulary": marker.vocabulary, "code": marker.code,
                                        "significance": marker.significance})
    for name, tag in (("collaboration_type", "collaboration-type"), ("default_flow_type", "default-flow-type"),
                      ("default_finance_type", "default-finance-type"), ("default_aid_type", "default-aid-type")):
        if getattr(activity, name):
            _sub(element, tag, {"code": getattr(activity, name)})
    for budget in _all(activity.budgets):
        node = _sub(element, "budget", {"type": budget.type, "status": budget.status})
        _sub(node, "period-start", {"iso-date": budget.period_start})
        _sub(node, "period-end", {"iso-date": budget.period_end})
        _sub(node, "value", {"currency": budget.currency, "value-date": budget.value_date or budget.period_start},
             text=budget.value)
    for transaction in _all(activity.transactions):
        _transaction(element, transaction, language)
    for link in _all(activity.document_links):
        node = _sub(element, "document-link", {"url": link.url, "format": link.format or "text/html"})
        title = _sub(node, "title")
        if not _narratives(title, link.title, language):
            _narratives(title, {language: link.url}, language)
        for category in link.categories or []:
            _sub(node, "category", {"code": category})
        for code in link.languages or []:
            _sub(node, "language", {"code": code})
        if link.date:
            _sub(node, "document-date", {"iso-date": link.date})
    for related in _all(activity.related_activities):
        _sub(element, "related-activity", {"ref": related.ref, "type": related.type})
    for result in _all(activity.results):
        _result(element, result, language)
    return element


def _transaction(parent, transaction, language: str) -> None:
    humanitarian = None if transaction.humanitarian is None else ("1" if transaction.humanitarian else "0")
    node = _sub(parent, "transaction", {"ref": transaction.ref, "humanitarian": humanitarian})
    _sub(node, "transaction-type", {"code": transaction.type})
    _sub(node, "transaction-date", {"iso-date": transaction.date})
    _sub(node, "value", {"currency": transaction.currency, "value-date": transaction.value_date or transaction.date},
         text=transaction.value)
    if transaction.description:
        _narratives(_sub(node, "description"), transaction.description, language)
    for side in ("provider", "receiver"):
        ref, name = getattr(transaction, f"{side}_org_ref"), getattr(transaction, f"{side}_org_name")
        activity_id = getattr(transaction, f"{side}_activity_id")
        if ref or name or activity_id:
            org = _sub(node, f"{side}-org", {"ref": ref, f"{side}-activity-id": activity_id})
            _narratives(org, {language: name} if name else {}, language)


def _result(parent, result, language: str) -> None:
    aggregation = None if result.aggregation_status is None else ("1" if result.aggregation_status else "0")
    node = _sub(parent, "result", {"type": result.type, "aggregation-status": aggregation})
    title = _sub(node, "title")
    if not _narratives(title, result.title, language):
        _narratives(title, {language: "-"}, language)
    if result.description:
        _narratives(_sub(node, "description"), result.description, language)
    for indicator in result.indicators or []:
        item = _sub(node, "indicator", {"measure": indicator.get("measure") or "1"})
        title = _sub(item, "title")
        if not _narratives(title, indicator.get("title"), language):
            _narratives(title, {language: "-"}, language)
        if indicator.get("baseline") not in (None, ""):
            _sub(item, "baseline", {"year": _baseline_year(indicator), "value": indicator["baseline"]})
        for period in indicator.get("periods") or []:
            if not (period.get("start") and period.get("end")):
                continue
            span = _sub(item, "period")
            _sub(span, "period-start", {"iso-date": period["start"]})
            _sub(span, "period-end", {"iso-date": period["end"]})
            if period.get("target") not in (None, ""):
                _sub(span, "target", {"value": period["target"]})
            if period.get("actual") not in (None, ""):
                _sub(span, "actual", {"value": period["actual"]})


def _baseline_year(indicator: dict) -> str:
    starts = [period.get("start") for period in indicator.get("periods") or [] if period.get("start")]
    return min(starts)[:4] if starts else str(datetime.date.today().year)

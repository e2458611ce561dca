"""The evidence of an alert in words, in the user's language (the alert stores it as codes and figures)."""

from django.utils.translation import gettext as _


def describe(item: dict) -> str:  # noqa: C901 - one branch per signal
    signal = item.get("signal")
    if signal == "activity_link":
        return _("%(activity)s names the other activity as its %(side)s activity in a transaction.") % {
            "activity": item.get("from", ""),
            "side": _("provider") if item.get("field") == "provider" else _("receiver")}
    if signal == "related_activity":
        return _("%(activity)s lists the other as a related activity (type %(type)s).") % {
            "activity": item.get("from", ""), "type": item.get("type", "")}
    if signal == "money_match":
        amounts = "; ".join(f"{m['value']} {m['currency']} ({m['funder_date']} / {m['implementer_date']})"
                            for m in item.get("matches", []))
        return _("The funder's outgoing money names the implementer, whose incoming money names the funder, with "
                 "the same amounts: %(amounts)s.") % {"amounts": amounts}
    if signal == "organisations_both":
        return _("The funder's outgoing money names the implementer and the implementer's incoming money names the "
                 "funder, but no amounts match.")
    if signal == "organisations_one":
        return _("Only one side names the other organisation in its transactions.")
    if signal == "identifier":
        return _("The two identifiers are the same without their publishers' prefixes (%(local)s).") % {
            "local": item.get("local", "")}
    if signal == "same_text":
        return _("The same text for the same place and time.")
    if signal == "lexical":
        return _("Similar words: %(similarity)s, more similar than %(rank)s %% of unrelated pairs.") % {
            "similarity": item.get("similarity"), "rank": round(100 * item.get("rank", 0), 1)}
    if signal == "semantic":
        return _("Similar meaning across languages (%(languages)s): %(similarity)s, more similar than %(rank)s %% of "
                 "unrelated pairs.") % {"languages": ", ".join(item.get("languages", [])),
                                        "similarity": item.get("similarity"),
                                        "rank": round(100 * item.get("rank", 0), 1)}
    if signal == "countries":
        return _("Same recipient countries: %(codes)s.") % {"codes": ", ".join(item.get("countries", []))}
    if signal == "dates":
        return _("Their periods overlap.")
    if signal == "themes":
        return _("Same themes (sector categories, articles, types of assistance): %(codes)s.") % {
            "codes": ", ".join(item.get("themes", []))}
    if signal == "articles":
        return _("Same articles: %(codes)s.") % {"codes": ", ".join(item.get("codes", []))}
    if signal == "ta_types":
        return _("Same types of assistance: %(codes)s.") % {"codes": ", ".join(item.get("codes", []))}
    if signal == "beneficiaries":
        return _("Same beneficiary institutions.")
    if signal == "blocks":
        return _("Found by: %(blocks)s.") % {"blocks": ", ".join(item.get("blocks", []))}
    return str(signal)


def describe_all(evidence: list[dict]) -> list[tuple[str, float]]:
    return [(describe(item), item.get("weight", 0.0)) for item in evidence or []]


def as_text(evidence: list[dict]) -> str:
    return " | ".join(describe(item) for item in evidence or [] if item.get("signal") != "blocks")

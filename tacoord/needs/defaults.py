"""The default reading of which priority area a need on an article falls in, in plain Python.

It only seeds the mapping the secretariat then edits (`ArticlePriorityArea`, filled by
`services.priority_areas_install_default`); derivation reads the mapping, never this.

The Working Group's priority areas (2007) — our reading, not an official mapping: 2 criminal justice responses,
3 international cooperation, 4 data on organized crime, 5 the Protocols.
"""

PRIORITY_AREA_CRIMINAL_JUSTICE = 2
PRIORITY_AREA_INTERNATIONAL_COOPERATION = 3
PRIORITY_AREA_DATA = 4
PRIORITY_AREA_PROTOCOLS = 5
CONVENTION = "UNTOC"
DATA_ARTICLE = 28  # Collection, exchange and analysis of information on the nature of organized crime


def priority_area_number(*, instrument_code: str, article_number: int, cluster_code: str | None) -> int | None:
    """The priority area of a need on this article, or None when no area fits (general and final clauses)."""
    if instrument_code != CONVENTION:
        return PRIORITY_AREA_PROTOCOLS
    if article_number == DATA_ARTICLE:
        return PRIORITY_AREA_DATA
    if cluster_code == "IC":
        return PRIORITY_AREA_INTERNATIONAL_COOPERATION
    if cluster_code in {"CRIM", "LEJ", "PTA"}:
        return PRIORITY_AREA_CRIMINAL_JUSTICE
    return None

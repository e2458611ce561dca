"""Counts and transaction sums agree with an independent reader of the same files (iatikit)."""

import gzip
from decimal import Decimal

import pytest
from django.db.models import Count, Sum

from tacoord.activities.models import Transaction
from tacoord.core.context import change_context
from tacoord.iati.choices import IssueKind
from tacoord.iati.services import iati_import
from tacoord.iati.tests.helpers import DATA

iatikit = pytest.importorskip("iatikit")
pytestmark = pytest.mark.django_db


def independent_reading(path, tmp_path):
    """{identifier: (transactions with a type, their sum)} as iatikit reads the file; the first of a repeated
    identifier counts."""
    plain = tmp_path / path.name.removesuffix(".gz")
    plain.write_bytes(gzip.decompress(path.read_bytes()))
    activities = {}
    for activity in iatikit.Dataset(str(plain)).activities:
        identifier = (activity.iati_identifier or "").strip()
        if identifier in activities:
            continue
        # Amounts are kept to the cent, as the model stores them.
        values = [Decimal(value.strip()).quantize(Decimal("0.01")) for value in activity.etree.xpath(
            "transaction[transaction-type/@code != '']/value/text()")]
        activities[identifier] = (len(values), sum(values, Decimal(0)))
    return activities


@pytest.mark.parametrize("name", sorted(path.name for path in DATA.glob("*.xml.gz")))
def test_counts_and_transaction_sums_match_iatikit(reference, tmp_path, name):
    path = DATA / name
    expected = independent_reading(path, tmp_path)
    with change_context(source="test"):
        report = iati_import(paths=[str(path)], user=None)
    assert report.files[0]["activities"] == len(list(iatikit.Dataset(str(tmp_path / name.removesuffix(".gz")))
                                                     .activities))
    rejected = set(report.issues.filter(kind=IssueKind.REJECTED).values_list("identifier", flat=True))
    stored = {identifier: reading for identifier, reading in expected.items() if identifier not in rejected}
    assert report.added == len(stored)
    ours = Transaction.objects.filter(activity__iati_identifier__in=stored).aggregate(
        count=Count("pk"), total=Sum("value"))
    # Transactions without a type are not counted on either side; any other left out is named in a warning.
    dropped = report.issues.filter(kind=IssueKind.WARNING, message__startswith="transaction",
                                   message__contains="left out").exclude(
        message__startswith="transaction without a type").count()
    assert ours["count"] == sum(count for count, _total in stored.values()) - dropped
    if not dropped:
        assert ours["total"] == sum(total for _count, total in stored.values())

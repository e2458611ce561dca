import pytest
from django.db import transaction

from tacoord.reference.services import reference_load


@pytest.fixture(scope="module")
def reference_data(django_db_setup, django_db_blocker):
    """The committed reference data, loaded once per test module and rolled back after it.

    Each test still runs in its own savepoint inside this transaction, so what a test changes is undone after it.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        yield reference_load()
        transaction.set_rollback(True)

import pytest

from tacoord.core.context import change_context
from tacoord.reference.services import reference_load


@pytest.fixture
def reference(world):
    """The whole reference data (countries, sectors, codelists, articles, ...) beside the test world."""
    with change_context(source="load_reference"):
        reference_load()

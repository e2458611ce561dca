"""Real IATI activities for the demo: the committed d-portal excerpt of crime-prevention and criminal-justice
activities (see data/README.md for its source), imported as the demo secretariat, their tags left for review."""

from tacoord.core.context import change_context
from tacoord.iati.data_files import DEMO_FILES
from tacoord.iati.models import ActivityClassification
from tacoord.iati.services import iati_import


def demo_iati_build(*, world) -> list[str]:
    """Import the excerpt; returns summary lines. Needs the reference data (countries, sectors, codelists)."""
    secretariat = world.people["secretariat"]
    with change_context(user=secretariat, source="demo"):
        run = iati_import(paths=[str(path) for path in DEMO_FILES], user=secretariat, source="demo")
    proposals = ActivityClassification.objects.count()
    return [f"IATI import of real d-portal activities: {run.added} added, {run.rejected} rejected, "
            f"{run.warnings} warnings; {proposals} tags proposed for review"]

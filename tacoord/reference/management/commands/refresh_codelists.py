"""`tacoord refresh_codelists`: copy the IATI codelists the platform uses into the repository's data files."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tacoord.reference.refresh import codelists_file, read_data_file, sectors_file, write_data_file
from tacoord.reference.services import DATA_DIR

DEFAULT_CODELIST_DIR = Path(settings.BASE_DIR).parent.parent / "shared" / "iati" / "codelists"
# The codelists later work reads: organisation roles and types, activity status and dates, transactions,
# related activities, sector vocabularies, currencies, and the policy markers with their significance (named on an
# activity's page and in its history). Sector.xml is copied apart, into sectors.json.
CODELISTS = ("ActivityDateType", "ActivityStatus", "Currency", "OrganisationRole", "OrganisationType",
             "PolicyMarker", "PolicyMarkerVocabulary", "PolicySignificance", "RelatedActivityType",
             "SectorVocabulary", "TransactionType")


class Command(BaseCommand):
    help = ("Regenerate tacoord/reference/data/iati_codelists.json and sectors.json from a folder of IATI codelist "
            "XML files. The hand-kept list of crime and justice sector codes in sectors.json is kept.")

    def add_arguments(self, parser):
        parser.add_argument("codelist_dir", nargs="?", type=Path, default=DEFAULT_CODELIST_DIR,
                            help=f"Folder of IATI codelist XML files (default {DEFAULT_CODELIST_DIR}).")
        parser.add_argument("--data-dir", type=Path, default=DATA_DIR, help="Where the data files are written.")

    def handle(self, *args, codelist_dir: Path, data_dir: Path, **options):
        missing = [name for name in (*CODELISTS, "Sector") if not (codelist_dir / f"{name}.xml").is_file()]
        if missing:
            raise CommandError(f"{codelist_dir} lacks {', '.join(name + '.xml' for name in missing)}.")
        codelists = codelists_file(codelist_dir=codelist_dir, names=CODELISTS)
        sectors_path = data_dir / "sectors.json"
        sectors = sectors_file(codelist_dir=codelist_dir,
                               previous=read_data_file(sectors_path) if sectors_path.is_file() else None)
        if not sectors["crime_justice_codes"]:
            self.stderr.write(self.style.WARNING("sectors.json had no crime_justice_codes: no sector is flagged."))
        write_data_file(data_dir / "iati_codelists.json", codelists)
        write_data_file(sectors_path, sectors)
        counts = ", ".join(f"{name} {len(items)}" for name, items in codelists["codelists"].items())
        self.stdout.write(self.style.SUCCESS(f"Wrote {counts}; Sector {len(sectors['sectors'])}."))

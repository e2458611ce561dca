"""`tacoord refresh_country_data`: rewrite countries.json and regions.json from UN M49 and IATI's Country codelist."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tacoord.reference.refresh import countries_and_regions, iati_codelist_items, read_data_file, write_data_file
from tacoord.reference.services import DATA_DIR

# The repository sits next to the shared folder that holds the IATI checkout.
DEFAULT_COUNTRY_XML = Path(settings.BASE_DIR).parent.parent / "shared" / "iati" / "codelists" / "Country.xml"


class Command(BaseCommand):
    help = ("Regenerate tacoord/reference/data/countries.json and regions.json from hdx-python-country (UN M49), "
            "IATI's Country codelist and the hand-kept m49_supplement.json. Needs `pip install -e .[refresh]`.")

    def add_arguments(self, parser):
        parser.add_argument("country_xml", nargs="?", type=Path, default=DEFAULT_COUNTRY_XML,
                            help=f"IATI's Country.xml (default {DEFAULT_COUNTRY_XML}).")
        parser.add_argument("--data-dir", type=Path, default=DATA_DIR, help="Where the data files are written.")

    def handle(self, *args, country_xml: Path, data_dir: Path, **options):
        try:
            from hdx.location.country import Country
        except ImportError as error:
            raise CommandError("hdx-python-country is missing: install it with `pip install -e .[refresh]` "
                               "(only this command needs it).") from error
        if not country_xml.is_file():
            raise CommandError(f"{country_xml} does not exist: give the path to IATI's Country.xml.")
        # use_live=False: the copy packaged with hdx-python-country, so the result does not depend on the network.
        hdx = Country.countriesdata(use_live=False)
        try:
            countries, regions = countries_and_regions(
                hdx_countries=hdx["countries"], hdx_region_names=hdx["regioncodes2names"],
                iati_countries=iati_codelist_items(country_xml),
                supplement=read_data_file(data_dir / "m49_supplement.json"),
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        write_data_file(data_dir / "countries.json", countries)
        write_data_file(data_dir / "regions.json", regions)
        members = sum(1 for country in countries["countries"] if country["un_status"] == "member")
        self.stdout.write(self.style.SUCCESS(
            f"Wrote {len(countries['countries'])} countries ({members} UN Member States) and "
            f"{len(regions['regions'])} regions to {data_dir}."))
        for line in countries["skipped"]:
            self.stdout.write(f"Skipped {line}")

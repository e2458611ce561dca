"""Where the committed IATI data of this app lies."""

from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
DPORTAL = DATA / "dportal"
DEMO_FILES = [DPORTAL / "dportal-crime-justice.xml.gz"]

"""Files for the IATI tests: hostile and broken documents, small valid ones, and where the shared data lies."""

import gzip
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "data" / "dportal"
SHARED = Path(__file__).resolve().parents[3].parent / "shared"
SHARED_IATI = SHARED / "iati"

needs_shared = pytest.mark.skipif(not SHARED_IATI.is_dir(), reason="../shared/iati (IATI schemas and examples) absent")

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<iati-activities version="2.03"><iati-activity><iati-identifier>XX-1-&lol4;</iati-identifier>
<reporting-org ref="XX-1"><narrative>Laughs</narrative></reporting-org></iati-activity></iati-activities>
"""

EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE iati-activities [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<iati-activities version="2.03"><iati-activity><iati-identifier>XX-1-A</iati-identifier>
<reporting-org ref="XX-1"><narrative>&xxe;</narrative></reporting-org></iati-activity></iati-activities>
"""

EXTERNAL_DTD = """<?xml version="1.0"?>
<!DOCTYPE iati-activities SYSTEM "http://example.org/evil.dtd">
<iati-activities version="2.03"><iati-activity><iati-identifier>XX-1-A</iati-identifier>
<reporting-org ref="XX-1"><narrative>Evil</narrative></reporting-org></iati-activity></iati-activities>
"""


def activity_xml(identifier="XM-TEST-1-A1", *, reporting='<reporting-org ref="XM-TEST-1" type="10">'
                 '<narrative>Test Donor Agency</narrative></reporting-org>', title="Training of prosecutors",
                 extra="", value="1000") -> str:
    return f"""
 <iati-activity default-currency="USD" xml:lang="en" last-updated-datetime="2021-01-01T00:00:00Z">
  <iati-identifier>{identifier}</iati-identifier>
  {reporting}
  <title><narrative>{title}</narrative><narrative xml:lang="fr">Formation des procureurs</narrative></title>
  <description><narrative>Strengthening the criminal justice response to trafficking in persons.</narrative>
  </description>
  <participating-org ref="XM-TEST-1" role="1" type="10"><narrative>Test Donor Agency</narrative></participating-org>
  <activity-status code="2"/>
  <activity-date iso-date="2020-01-01" type="1"/>
  <activity-date iso-date="2022-12-31" type="3"/>
  <recipient-country code="KE" percentage="60"/>
  <recipient-country code="PE" percentage="40"/>
  <sector vocabulary="1" code="15130" percentage="100"/>
  <budget type="1" status="1"><period-start iso-date="2020-01-01"/><period-end iso-date="2020-12-31"/>
   <value currency="USD" value-date="2020-01-01">5000</value></budget>
  <transaction><transaction-type code="2"/><transaction-date iso-date="2020-02-01"/>
   <value value-date="2020-02-01">{value}</value>
   <receiver-org ref="KE-GOV-1"><narrative>Kenya Police</narrative></receiver-org></transaction>
  <transaction><transaction-type code="3"/><transaction-date iso-date="2020-03-01"/>
   <value value-date="2020-03-01">250.50</value></transaction>
  {extra}
 </iati-activity>"""


def activities_file(path: Path, *activities: str, version="2.03", gz=False) -> Path:
    text = f'<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities version="{version}">{"".join(activities)}' \
           "\n</iati-activities>\n"
    data = text.encode()
    path.write_bytes(gzip.compress(data) if gz else data)
    return path

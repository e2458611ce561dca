# Arabic pages show Western digits: grouped by thousands with a comma and a point before decimals, as the Unicode
# CLDR has it for Arabic written with Latin digits (Django's file sets no grouping, so 78555229 stayed one block).
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3

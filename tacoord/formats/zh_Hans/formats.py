# Chinese amounts grouped by thousands with a comma, as the Unicode CLDR and UN documents in Chinese write them
# (Django's file groups by four with no separator at all).
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3

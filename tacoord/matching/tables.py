from django.utils.translation import gettext_lazy as _

from tacoord.core.tables import Column
from tacoord.matching.choices import Part


def _parts(match) -> str:
    labels = dict(Part.choices)
    return "; ".join(f"{labels.get(part, part)} {points:g}" for part, points in match.parts.items())


MATCH_COLUMNS = [
    Column("need", _("Need"), link=True),
    Column("need.country.name", _("State"), order_by="need__country__name_en"),
    Column("need.get_status_display", _("Status of the need")),
    Column("get_kind_display", _("Kind of candidate")),
    Column("candidate", _("Candidate")),
    Column("rank", _("Rank")),
    Column(lambda match: f"{match.score:.2f}", _("Score"), order_by="score"),
    Column(_parts, _("Parts of the score")),
]

MATCH_SUBSCRIPTION_COLUMNS = [
    Column("provider", _("Provider"), link=True),
    Column("email", _("E-mail to tell")),
    Column("min_score", _("Lowest score")),
    Column("is_active", _("Active")),
]

from django.utils.translation import gettext_lazy as _

from tacoord.core.tables import Column


def _names(relation: str):
    """A column value: the names of a prefetched relation, joined."""
    return lambda profile: ", ".join(str(item.name) for item in getattr(profile, relation).all())


def _articles(profile) -> str:
    return ", ".join(f"{article.instrument.code} {article.number}" for article in profile.articles.all())


PROVIDER_PROFILE_COLUMNS = [
    Column("organisation", _("Organisation"), link=True, order_by="organisation__name"),
    Column("organisation.get_kind_display", _("Kind")),
    Column(_articles, _("Articles")),
    Column(_names("ta_types"), _("Types of assistance")),
    Column(_names("languages"), _("Languages of delivery")),
    Column(_names("regions"), _("Regions")),
    Column(_names("countries"), _("Countries")),
    Column(lambda profile: ", ".join(profile.modalities), _("Modalities")),
    Column("get_unodc_partnership_display", _("Partnership with UNODC")),
    Column("contact_email", _("Contact e-mail")),
]

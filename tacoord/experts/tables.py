from django.utils.translation import gettext_lazy as _

from tacoord.core.tables import Column


def _names(relation: str):
    return lambda expert: ", ".join(str(item.name) for item in getattr(expert, relation).all())


def _articles(expert) -> str:
    return ", ".join(f"{article.instrument.code} {article.number}" for article in expert.articles.all())


EXPERT_COLUMNS = [
    Column("last_name", _("Last name"), link=True, order_by="last_name"),
    Column("first_name", _("First name")),
    Column("title", _("Professional title")),
    Column(_articles, _("Articles")),
    Column(lambda expert: ", ".join(expert.legal_systems), _("Legal systems")),
    Column(_names("languages"), _("Languages")),
    Column(_names("regions"), _("Regions")),
]

# Shown only to those who may read every listed expert's contacts (permissions.contacts_in_lists).
CONTACT_COLUMNS = [
    Column("email", _("E-mail")),
    Column("phone", _("Telephone")),
]

AVAILABILITY_COLUMNS = [
    Column("expert", _("Expert"), link=True),
    Column("starts_on", _("From")),
    Column("ends_on", _("Until")),
    Column("note", _("Note")),
]

ASSIGNMENT_COLUMNS = [
    Column("title", _("Title"), link=True),
    Column("expert", _("Expert")),
    Column("country.name", _("Country")),
    Column("organisation", _("For the organisation")),
    Column("starts_on", _("From")),
    Column("ends_on", _("Until")),
]

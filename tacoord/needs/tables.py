from django.utils.translation import gettext_lazy as _

from tacoord.core.tables import Column

NEED_COLUMNS = [
    Column("country.name", _("State"), link=True),
    Column("article", _("Article")),
    Column("cluster.name", _("Cluster")),
    Column("priority_area.number", _("Priority area")),
    Column("ta_type.name", _("Type of assistance")),
    Column("get_priority_display", _("Priority")),
    Column(lambda need: ", ".join(language.code for language in need.languages.all()), _("Languages")),
    Column("get_status_display", _("Status")),
    Column("get_source_display", _("Source")),
    Column("first_cycle.name", _("First raised in cycle")),
]

ARTICLE_PRIORITY_AREA_COLUMNS = [
    Column("article", _("Article"), link=True),
    Column("article.cluster.code", _("Cluster")),
    Column("priority_area", _("Priority area")),
]

DERIVATION_RULE_COLUMNS = [
    Column("name", _("Name"), link=True),
    Column("template", _("Questionnaire")),
    Column("condition", _("Condition")),
    Column("ta_types_question", _("Question naming the TA types"), nowrap=True),
    Column("is_active", _("Active")),
]

COUNT_COLUMNS = [Column("label", _("Value")), Column("count", _("Needs"))]
CHANGE_COLUMNS = [Column("label", _("Value")), Column("earlier", _("Earlier cycle")),
                  Column("later", _("Later cycle")), Column("change", _("Change"))]
GAP_COLUMNS = [
    Column("article", _("Article")),
    Column("article.cluster.code", _("Cluster")),
    Column("status_label", _("Implementation status")),
    Column("ta_needed", _("Assistance needed")),
    Column(lambda row: "; ".join(f"{need.ta_type} ({need.get_priority_display()}, {need.get_status_display()})"
                                 for need in row.needs), _("Needs")),
]

from django.utils.translation import gettext_lazy as _

from tacoord.core.tables import Column

QUESTIONNAIRE_TEMPLATE_COLUMNS = [
    Column("title_text", _("Title"), link=True),
    Column("code", _("Code"), nowrap=True),
    Column("version", _("Version")),
    Column("get_status_display", _("Status")),
    Column("is_self_assessment", _("Self-assessment")),
    Column("question_count", _("Questions")),
    Column(lambda template: template.last_updated.date().isoformat(), _("Last updated"), nowrap=True),
]

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from tacoord.core.i18n import LANGUAGE_LABELS, LANGUAGE_SUFFIXES
from tacoord.questionnaires.choices import CONTAINER_TYPES, QuestionType
from tacoord.questionnaires.models import Question
from tacoord.questionnaires.services import SELF_ASSESSMENT_CODE


class XLSFormUploadForm(forms.Form):
    file = forms.FileField(label=_("XLSForm workbook (.xlsx)"),
                           help_text=_("Sheets survey, choices and settings, as ODK and KoboToolbox use them."))
    code = forms.SlugField(label=_("Code"), required=False, max_length=100,
                           help_text=_("Left empty, the form_id of the settings sheet."))
    version = forms.IntegerField(label=_("Version"), required=False, min_value=1,
                                 help_text=_("Left empty, the version of the settings sheet, or the next one."))


class SelfAssessmentBuildForm(forms.Form):
    code = forms.SlugField(label=_("Code"), initial=SELF_ASSESSMENT_CODE, max_length=100)
    version = forms.IntegerField(label=_("Version"), required=False, min_value=1,
                                 help_text=_("Left empty, the latest version is updated in place."))


class TranslatedTextsForm(forms.Form):
    """A form with a text in each of the six UN languages for some of its fields: `<base>_<language>`."""

    def add_texts(self, base: str, label, initial: dict | None, *, long: bool = False, help_text=None) -> None:
        for code in LANGUAGE_SUFFIXES:
            widget = forms.Textarea(attrs={"rows": 2}) if long else forms.TextInput
            self.fields[f"{base}_{code}"] = forms.CharField(
                label=format_lazy("{label} ({language})", label=label, language=LANGUAGE_LABELS[code]),
                required=False, widget=widget, max_length=5000, initial=(initial or {}).get(code, ""),
                help_text=help_text if code == "en" else None)

    def texts(self, base: str) -> dict[str, str]:
        return {code: self.cleaned_data[f"{base}_{code}"] for code in LANGUAGE_SUFFIXES
                if self.cleaned_data.get(f"{base}_{code}")}


LANGUAGE_CHOICES = [(code, LANGUAGE_LABELS[code]) for code in LANGUAGE_SUFFIXES]


class TemplateForm(TranslatedTextsForm):
    code = forms.SlugField(label=_("Code"), max_length=100,
                           help_text=_("The questionnaire's lasting name; each version of it shares the code."))
    default_language = forms.ChoiceField(label=_("Default language"), choices=LANGUAGE_CHOICES, initial="en")

    def __init__(self, *args, template=None, **kwargs):
        super().__init__(*args, **kwargs)
        if template is not None:
            del self.fields["code"]
            self.fields["default_language"].initial = template.default_language
        self.add_texts("title", _("Title"), template.title if template else None)
        self.add_texts("description", _("Description"), template.description if template else None, long=True)


class QuestionForm(TranslatedTextsForm):
    name = forms.CharField(label=_("Name"), max_length=100,
                           help_text=_("Unique within the questionnaire; letters, digits and underscores. "
                                       "Expressions refer to it as ${name}."))
    type = forms.ChoiceField(label=_("Type"), choices=QuestionType.choices)
    parent = forms.ModelChoiceField(label=_("In the group"), queryset=Question.objects.none(), required=False,
                                    empty_label=_("(none: at the top)"))
    choice_list = forms.CharField(label=_("Choice list"), max_length=100, required=False,
                                  help_text=_("For single and multiple choice: the list_name of its choices."))
    or_other = forms.BooleanField(label=_("Offer “Other”, and ask which"), required=False)
    required = forms.BooleanField(label=_("Required"), required=False)
    relevant = forms.CharField(label=_("Asked when"), max_length=1000, required=False,
                               help_text=_("XLSForm expression, e.g. ${has_law} = 'yes'. Empty: always asked."))
    constraint = forms.CharField(label=_("Constraint"), max_length=1000, required=False,
                                 help_text=_("XLSForm expression the answer (.) must meet, e.g. . >= 0 or "
                                             "regex(., '^[A-Z]{2}$')."))
    calculation = forms.CharField(label=_("Calculation"), max_length=1000, required=False,
                                  help_text=_("For a calculated question: e.g. ${judges} + ${prosecutors}."))
    is_confidential = forms.BooleanField(label=_("Confidential"), required=False)

    def __init__(self, *args, template, question=None, parent=None, **kwargs):
        super().__init__(*args, **kwargs)
        groups = template.questions.filter(type__in=CONTAINER_TYPES).order_by("position")
        if question is not None:
            groups = groups.exclude(pk=question.pk)
        self.fields["parent"].queryset = groups
        if question is not None:
            for name in ("name", "type", "choice_list", "or_other", "required", "relevant", "constraint",
                         "calculation", "is_confidential"):
                self.fields[name].initial = getattr(question, name)
            self.fields["parent"].initial = question.parent_id
        elif parent is not None:
            self.fields["parent"].initial = parent.pk
        self.add_texts("label", _("Label"), question.label if question else None)
        self.add_texts("hint", _("Hint"), question.hint if question else None)
        self.add_texts("constraint_message", _("Message when the constraint fails"),
                       question.constraint_message if question else None)
        texts = lambda base: [f"{base}_{code}" for code in LANGUAGE_SUFFIXES]  # noqa: E731
        self.order_fields(["name", "type", "parent", *texts("label"), *texts("hint"), "choice_list", "or_other",
                           "required", "relevant", "constraint", *texts("constraint_message"), "calculation",
                           "is_confidential"])

    def values(self) -> dict:
        data = self.cleaned_data
        return {"name": data["name"], "type": data["type"], "parent": data["parent"],
                "choice_list": data["choice_list"], "or_other": data["or_other"], "required": data["required"],
                "relevant": data["relevant"], "constraint": data["constraint"], "calculation": data["calculation"],
                "is_confidential": data["is_confidential"], "label": self.texts("label"), "hint": self.texts("hint"),
                "constraint_message": self.texts("constraint_message")}


class ChoiceForm(TranslatedTextsForm):
    list_name = forms.CharField(label=_("Choice list"), max_length=100,
                                help_text=_("The list it belongs to; questions name it as their choice list."))
    name = forms.CharField(label=_("Name"), max_length=100,
                           help_text=_("The value stored and used in expressions; no spaces."))

    def __init__(self, *args, choice=None, list_name="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["list_name"].initial = choice.list_name if choice else list_name
        if choice is not None:
            self.fields["name"].initial = choice.name
        self.add_texts("label", _("Label"), choice.label if choice else None)

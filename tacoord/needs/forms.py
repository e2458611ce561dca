from django import forms
from django.utils.translation import gettext_lazy as _

from tacoord.core.roles import Role, role_of
from tacoord.needs.choices import NeedSource
from tacoord.needs.models import ArticlePriorityArea, DerivationRule, Need
from tacoord.reference.models import Article, Country


class NeedForm(forms.ModelForm):
    """What a person states about a need. Its status changes only through the focal point's actions."""

    class Meta:
        model = Need
        fields = ["country", "article", "cluster", "priority_area", "ta_type", "priority", "languages", "description",
                  "source", "source_reference"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5}), "languages": forms.CheckboxSelectMultiple}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["article"].queryset = Article.objects.select_related("instrument").filter(is_final_clause=False)
        # A person enters a need by hand or from a request or review; only derivation says "questionnaire".
        self.fields["source"].choices = [choice for choice in NeedSource.choices
                                         if choice[0] != NeedSource.QUESTIONNAIRE or
                                         self.instance.source == NeedSource.QUESTIONNAIRE]
        if role_of(user) != Role.SECRETARIAT:
            self.fields["country"].queryset = Country.objects.filter(pk=user.state_id)
            self.fields["country"].initial = user.state_id
            self.fields["country"].empty_label = None
        if self.instance.pk is not None and self.instance.derivation_key:
            self.fields["source"].disabled = True
            self.fields["country"].disabled = True
            self.fields["description"].help_text = _("Once you change a need derived from answers, deriving again "
                                                     "leaves it as you made it.")


class DerivationRuleForm(forms.ModelForm):
    class Meta:
        model = DerivationRule
        fields = ["name", "template", "condition", "ta_types_question", "priority_question", "languages_question",
                  "description_question", "default_priority", "is_active"]
        widgets = {"condition": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)


class ArticlePriorityAreaForm(forms.ModelForm):
    class Meta:
        model = ArticlePriorityArea
        fields = ["article", "priority_area"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["article"].queryset = Article.objects.select_related("instrument")
        if self.instance.pk is not None:
            self.fields["article"].disabled = True  # a row is one article's; map another article in its own row

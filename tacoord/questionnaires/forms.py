from django import forms
from django.utils.translation import gettext_lazy as _

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

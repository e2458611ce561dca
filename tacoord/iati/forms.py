from django import forms
from django.utils.translation import gettext_lazy as _


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple) and data:
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        if isinstance(data, list | tuple):
            data = None
        return [super().clean(data, initial)]


class ImportUploadForm(forms.Form):
    files = MultipleFileField(
        label=_("IATI activity files"),
        help_text=_("XML files of IATI 2.01 to 2.03, plain or gzipped (.xml, .xml.gz). Activities already imported "
                    "and unchanged are skipped; changed ones are updated."))
    read_again = forms.BooleanField(
        label=_("Read every activity again"), required=False,
        help_text=_("Skip nothing as unchanged: each activity is read and compared again. Useful after the reference "
                    "data changed (a country or sector code that was unknown and left out is then taken)."))

"""A select for lists of records (every State, every article) that writes its options in Python.

Django renders each `<option>` through a template of its own, and reads a model choice field's records through a
server-side cursor on PostgreSQL (three round trips a list); for the few hundred States and articles of the needs
filters that took about as long as everything else on the needs-analysis page. The HTML is the same.
"""

from django import forms
from django.forms.models import ModelChoiceIterator
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe


class CompactSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        selected = {str(item) for item in self.format_value(value)}
        options = format_html_join(
            "", "<option value=\"{}\"{}>{}</option>",
            ((str(option_value), mark_safe(" selected") if str(option_value) in selected else "", label)
             for option_value, label in _choices(self.choices) if not isinstance(label, (list, tuple))))
        attrs = self.build_attrs(self.attrs, attrs)
        attrs["name"] = name
        return format_html("<select{}>{}</select>", flatatt(attrs), options)


def _choices(choices):
    """A model choice field's choices read with one plain query; other choices as they are."""
    if not isinstance(choices, ModelChoiceIterator):
        return choices
    empty = [("", choices.field.empty_label)] if choices.field.empty_label is not None else []
    return empty + [choices.choice(obj) for obj in choices.queryset]

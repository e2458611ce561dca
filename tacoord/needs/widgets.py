"""A select for long lists of choices (every State, every article) that writes its options in Python.

Django renders each `<option>` through a template of its own; for the few hundred States and articles of the needs
filters that took about as long as everything else on the needs-analysis page. The HTML is the same.
"""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe


class CompactSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        selected = {str(item) for item in self.format_value(value)}
        options = format_html_join(
            "", "<option value=\"{}\"{}>{}</option>",
            ((str(option_value), mark_safe(" selected") if str(option_value) in selected else "", label)
             for option_value, label in self.choices if not isinstance(label, (list, tuple))))
        attrs = self.build_attrs(self.attrs, attrs)
        attrs["name"] = name
        return format_html("<select{}>{}</select>", flatatt(attrs), options)

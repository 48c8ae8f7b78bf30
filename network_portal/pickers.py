"""Pick several rows out of thousands (organisers of an event or a trip) without a select
that lists every one of them.

The widget shows the chosen rows as ticked checkboxes (untick to remove) and one search field
to add another by typing its name. The server does the search when the form is sent, so it
works without JavaScript: one match is added; several are offered as checkboxes to tick,
with the form shown again; none is an error on the field. The form's field label points at
the search field; each checkbox carries its row's name as its own label.
"""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

MAX_CANDIDATES = 10


class PickedValues(list):
    """The ticked ids, plus what was typed into the search field (`.text`)."""

    text = ""


class SearchPickerWidget(forms.Widget):
    # The field sets these: where the chosen rows' labels come from, and matches to offer.
    queryset = None
    candidates: list = []

    def value_from_datadict(self, data, files, name):
        values = PickedValues(data.getlist(name) if hasattr(data, "getlist")
                              else data.get(name) or [])
        values.text = " ".join(str(data.get(f"{name}_search", "")).split())[:200]
        return values

    def value_omitted_from_data(self, data, files, name):
        return False  # unticking every box is a value too (none)

    def _chosen(self, value) -> list:
        ids = [str(pk) for pk in (value or []) if str(pk).isdigit()]
        if not ids or self.queryset is None:
            return []
        return list(self.queryset.filter(pk__in=ids).order_by("name").only("pk", "name"))

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        field_id = attrs.get("id") or f"id_{name}"
        chosen = self._chosen(value)
        chosen_ids = {row.pk for row in chosen}
        offered = [row for row in self.candidates if row.pk not in chosen_ids]

        def boxes(rows, checked, prefix):
            return format_html_join(
                "", '<li class="form-check"><input class="form-check-input" type="checkbox" '
                'name="{}" value="{}" id="{}_{}_{}"{}><label class="form-check-label" '
                'for="{}_{}_{}">{}</label></li>',
                ((name, row.pk, field_id, prefix, index, mark_safe(" checked") if checked else "",
                  field_id, prefix, index, row.name) for index, row in enumerate(rows)))

        parts = []
        if chosen:
            parts.append(format_html('<ul class="list-unstyled mb-2" aria-label="{}">{}</ul>',
                                     _("Chosen"), boxes(chosen, True, "chosen")))
        if offered:
            parts.append(format_html(
                '<p class="small mb-1" id="{}_matches">{}</p><ul class="list-unstyled mb-2" '
                'aria-labelledby="{}_matches">{}</ul>', field_id,
                _("Several match. Tick the one you mean:"), field_id,
                boxes(offered, False, "match")))
        # The field's error and help (aria-describedby, aria-invalid, as Django and crispy set
        # them) go to the search field, the one that has the field's id and label.
        aria = flatatt({key: value for key, value in attrs.items() if key.startswith("aria-")})
        parts.append(format_html(
            '<input type="search" name="{}_search" id="{}" class="form-control" maxlength="200" '
            'autocomplete="off" placeholder="{}"{}>', name, field_id, _("Type a name to add"),
            aria))
        return mark_safe(format_html('<div class="search-picker">{}</div>',
                                     mark_safe("".join(parts))))


class SearchPickerField(forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField over rows with a `name`, picked through `SearchPickerWidget`:
    the chosen ids as before (`organisers=12&organisers=40` still posts), plus a search."""

    widget = SearchPickerWidget

    def _set_queryset(self, queryset):
        super()._set_queryset(queryset)
        self.widget.queryset = self.queryset

    queryset = property(forms.ModelMultipleChoiceField._get_queryset, _set_queryset)

    def clean(self, value):
        text = getattr(value, "text", "")
        ids = [pk for pk in (value or []) if str(pk).strip()]
        if text:
            matches = list(self.queryset.filter(name__iexact=text).order_by("pk")[:2])
            if len(matches) != 1:
                matches = list(self.queryset.filter(name__icontains=text)
                               .order_by("name")[:MAX_CANDIDATES + 1])
            if len(matches) == 1:
                ids.append(str(matches[0].pk))
            elif matches:
                self.widget.candidates = matches[:MAX_CANDIDATES]
                raise forms.ValidationError(
                    _("Several match “%(text)s”: tick the one you mean, or type more of the "
                      "name."), code="ambiguous", params={"text": text})
            else:
                raise forms.ValidationError(_("Nothing matches “%(text)s”."), code="unknown",
                                            params={"text": text})
        return super().clean(ids)

    def has_changed(self, initial, data):
        return getattr(data, "text", "") != "" or super().has_changed(initial, list(data or []))

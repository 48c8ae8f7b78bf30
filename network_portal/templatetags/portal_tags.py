"""Template filters every app's templates share."""

from datetime import date, datetime

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def datetime_attr(value) -> str:
    """A time as the `datetime` attribute of `<time>` wants it: ISO 8601 to the second.

    Django's `date:'c'` keeps microseconds ("10:00:00.123456+02:00"), and HTML allows at most
    three digits of a second, so validators (and some parsers) refuse it.
    """
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return ""


SUMMARISED = "portal_error_summary_shown"  # set on a form once a summary lists its errors


def _summary_entries(form) -> tuple[list, list]:
    """A form's errors as (non-field messages, [(field id or "", label, message)])."""
    general = list(form.non_field_errors())
    fields = []
    for bound in form:
        if not bound.errors:
            continue
        if bound.is_hidden:  # nothing to jump to: say it as an error about the form
            general.extend(bound.errors)
            continue
        target = bound.id_for_label or (f"{bound.auto_id}_0" if bound.auto_id else "")
        fields.extend((target, bound.label, message) for message in bound.errors)
    return general, fields


@register.inclusion_tag("forms/error_summary.html", takes_context=True)
def error_summary(context, *forms):
    """The errors of `forms` (forms or formsets) at the top of a form, each linking to its field.

    crispy's error template (templates/bootstrap5/errors.html) calls this for the form it
    renders; a page whose one <form> holds several (a form and a formset) calls it once at the
    top with all of them, and the summarised forms then show no second summary.
    """
    general, fields = [], []
    for item in forms:
        if item is None:
            continue
        if hasattr(item, "non_form_errors"):  # a formset: its own errors, then each form's
            general.extend(item.non_form_errors())
            members = list(item)
        else:
            members = [item]
        for form in members:
            setattr(form, SUMMARISED, True)
            form_general, form_fields = _summary_entries(form)
            general.extend(form_general)
            fields.extend(form_fields)
    request = context.get("request")
    number = getattr(request, SUMMARISED, 0) + 1 if request is not None else 1
    if request is not None:
        setattr(request, SUMMARISED, number)
    return {"general": general, "fields": fields, "summary_id": f"error-summary-{number}",
            "count": len(general) + len(fields)}


@register.filter
def error_summary_shown(form) -> bool:
    return bool(getattr(form, SUMMARISED, False))


@register.simple_tag
def bilingual(obj, field: str, paragraphs: bool = False):
    """`obj.<field>` in the active language. A text an English reader sees only in German is
    marked `lang="de"` and followed by "(only in German)"; `paragraphs` renders it as
    `linebreaks` does. Titles in `<title>` and breadcrumbs stay plain text."""
    from django.template.defaultfilters import linebreaks_filter
    from django.utils import translation
    from django.utils.html import conditional_escape, format_html
    from django.utils.translation import gettext

    from network_portal.i18n import shown_language

    text = obj.localized(field) if obj is not None else ""
    if not text:
        return ""
    body = linebreaks_filter(text, autoescape=True) if paragraphs else conditional_escape(text)
    shown, active = shown_language(obj, field), (translation.get_language() or "de")[:2]
    if shown == active:
        return body
    if paragraphs:
        label = (format_html('<p class="small text-body-secondary only-in-german">{}</p>',
                             gettext("(only in German)")) if shown == "de" else "")
        return format_html('<div lang="{}">{}</div>{}', shown, body, label)
    label = (format_html(' <small class="text-body-secondary fw-normal only-in-german">{}</small>',
                         gettext("(only in German)")) if shown == "de" else "")
    return format_html('<span lang="{}">{}</span>{}', shown, body, label)


@register.inclusion_tag("forms/missing_english.html")
def missing_english_notice(obj, *fields):
    """A notice above an edit form naming the texts that have no English version yet, and
    those whose English version is older than the German one (changed since)."""
    from network_portal.i18n import missing_english, older_english

    model = type(obj)

    def names(found):
        return [str(model._meta.get_field(f"{f}_en").verbose_name) for f in found]

    return {"missing": names(missing_english(obj, *fields)),
            "older": names(older_english(obj, *fields))}

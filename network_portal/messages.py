"""Messages staff write to the people of one event or one trip: the part both apps share.

The apps own who the recipients are (an event's registrations by status, a trip's applicants by
decision) and how one person's mail reads; this module holds the rest, once: the form (German
required, English optional, both or neither), the rate limit, the preview in each language with
a made-up person, and the sending (one outbox row per person with a unique key, the object's
reference so the copies show on its outbox page, a Reply-To, one audit entry of who wrote what
to how many). The caller runs `send` inside its transaction, after locking the object, so two
"send" clicks in the same moment count against the limit one after the other.
"""

from collections.abc import Callable, Iterable, Sequence
from copy import copy
from dataclasses import dataclass
from datetime import timedelta

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy, pgettext_lazy

from network_portal import audit, mail

SAMPLE_EMAIL = "erika@example.org"
SAMPLE_NAME = _("Erika Example")  # lazy: in the language of the mail it appears in


class MessageRefused(ValidationError):
    """A message that may not be sent (nobody to write to, too many today); `code` tells which."""


def in_language(message, language: str) -> tuple[str, str]:
    """(subject, text) of a message (subject_de/en, text_de/en) for a person of `language`:
    English if written, else German."""
    if language == "en" and message.subject_en and message.text_en:
        return message.subject_en, message.text_en
    return message.subject_de, message.text_de


class Message(models.Model):
    """What an event's and a trip's messages share (each app adds its object and audiences)."""

    audiences = models.JSONField(_("recipients"), default=list)
    subject_de = models.CharField(_("subject (German)"), max_length=200)
    subject_en = models.CharField(_("subject (English)"), max_length=200, blank=True)
    text_de = models.TextField(_("text (German)"))
    text_en = models.TextField(_("text (English)"), blank=True)
    recipients = models.PositiveIntegerField(_("number of recipients"), default=0)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("sent by"),
                                on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+")
    created_at = models.DateTimeField(_("sent"), default=timezone.now, db_index=True)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.subject_de

    def in_language(self, language: str) -> tuple[str, str]:
        """(subject, text) for a person of `language`: English if written, else German."""
        return in_language(self, language)


class MessageForm(forms.Form):
    """A message to some of an object's people: the groups (`AUDIENCES`, set by the subclass),
    German required, English optional."""

    AUDIENCES: Sequence[tuple[str, str]] = ()
    # The fields shown as a group of checkboxes or radio buttons under the recipients (an app
    # adds its own, e.g. an event's part: on site or online).
    groups: tuple[str, ...] = ("audiences",)

    audiences = forms.MultipleChoiceField(
        label=pgettext_lazy("recipients", "To"), widget=forms.CheckboxSelectMultiple)
    subject_de = forms.CharField(label=_("Subject (German)"), max_length=200)
    text_de = forms.CharField(label=_("Text (German)"), max_length=10000, widget=forms.Textarea(
        attrs={"rows": 8}))
    subject_en = forms.CharField(label=_("Subject (English)"), max_length=200, required=False)
    text_en = forms.CharField(
        label=_("Text (English)"), max_length=10000, required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Optional. People who chose English get it; without it they get the German "
                    "text."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["audiences"].choices = self.AUDIENCES
        for name, field in self.fields.items():
            field.widget.attrs["class"] = ("form-check-input" if name in self.groups
                                           else "form-control")

    def clean(self):
        data = super().clean()
        if bool(data.get("subject_en")) != bool(data.get("text_en")):
            raise forms.ValidationError(
                _("Write both the English subject and text, or neither."), code="half_english")
        return data

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in
                ("audiences", "subject_de", "text_de", "subject_en", "text_en")}


def refuse_if_over_limit(recent, *, limit: int, now=None) -> None:
    """Refuse (MessageRefused "rate_limited") when `recent`, the object's messages (a queryset
    with `created_at`), holds `limit` or more of the last 24 hours."""
    now = now or timezone.now()
    if recent.filter(created_at__gte=now - timedelta(days=1)).count() >= limit:
        raise MessageRefused(
            ngettext_lazy("These people were written to %(n)s time in the last 24 hours; that "
                          "is the limit.",
                          "These people were written to %(n)s times in the last 24 hours; that "
                          "is the limit.", limit) % {"n": limit}, code="rate_limited")


def refuse_if_nobody(recipients) -> None:
    if not recipients:
        raise MessageRefused(_("Nobody is in the chosen groups."), code="no_recipients")


@dataclass
class Recipient:
    """One person a message goes to: `obj` is what the app renders the mail from (a
    registration, an application), `key` the part of the outbox key that is this person's."""

    obj: object
    email: str
    language: str
    key: str


def send(message, recipients: Sequence[Recipient], *, render: Callable, key: str, reference: str,
         reply_to: str, template: str, audit_on, action: str, by) -> int:
    """Queue one e-mail per recipient (outbox key `<key>:<recipient key>`) and record who wrote
    what to how many on `audit_on`. `render(message, recipient.obj)` gives (subject, body).
    Raises MessageRefused ("no_recipients") when there is nobody."""
    refuse_if_nobody(recipients)
    for recipient in recipients:
        subject, body = render(message, recipient.obj)
        mail.enqueue_rendered(
            to=recipient.email, subject=subject, body_text=body, language=recipient.language,
            template=template, key=f"{key}:{recipient.key}", reference=reference,
            reply_to=reply_to)
    audit.log_action(audit_on, action, by=by, data={
        "message": message.pk, "subject": message.subject_de, "recipients": len(recipients),
        "audiences": list(message.audiences)})
    return len(recipients)


def preview(draft, recipients: Iterable[Recipient], *, render: Callable,
            disguise: Callable) -> dict:
    """The message as each language group gets it, with the number of people: {"count",
    "languages": [{"label", "subject", "body", "count"}]}. Each version is the first
    recipient's mail of that language with a made-up person (`disguise(copy)` blanks what is
    theirs: name, address, secret link), so the preview hands the writer nothing of anyone's."""
    recipients = list(recipients)
    result = {"count": len(recipients), "languages": []}
    for language, label in settings.LANGUAGES:
        group = [r for r in recipients if r.language == language]
        if not group:
            continue
        sample = copy(group[0].obj)
        disguise(sample)
        subject, body = render(draft, sample)
        result["languages"].append({"label": label, "subject": subject, "body": body,
                                    "count": len(group)})
    return result

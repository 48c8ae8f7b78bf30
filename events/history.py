"""The events app's entries in the audit trail (network_portal.audit): codes, labels, details.

Services write them (`audit.log_action(event, history.PUBLISHED, by=…, data=…)`), always on
the Event, so that an event's history is one list; a check-in names its registration by id in
`data`. Registrations people make or cancel themselves get no entry: the registration row
(created_at, cancelled_at) is their record. A withdrawn consent does get one (it keeps the
time and wording version of the consent, which the row no longer holds), and so does each
retention batch (how many registrations were anonymised).
"""

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from events.models import Event
from network_portal import exports

CREATED = "events.event.created"
EDITED = "events.event.edited"
PUBLISHED = "events.event.published"
UNPUBLISHED = "events.event.unpublished"
CANCELLED = "events.event.cancelled"
CAPACITY_CHANGED = "events.event.capacity_changed"
CHECKED_IN = "events.registration.checked_in"
CHECK_IN_UNDONE = "events.registration.check_in_undone"
EXPORTED = "events.participants.exported"
PERIOD_EXPORTED = "events.registrations.period_exported"
EMAIL_RESENT = "events.email.resent"
ANONYMISED = "events.registrations.anonymised"
CONSENT_WITHDRAWN = "events.registration.consent_withdrawn"
MESSAGE_SENT = "events.message.sent"
WALK_IN = "events.registration.walk_in"
COPIED = "events.event.copied"
GUEST_HOLDS_LAPSED = "events.registrations.guest_holds_lapsed"
GUEST_LAPSED_DELETED = "events.registrations.guest_lapsed_deleted"
SERIES_CREATED = "events.series.created"
SERIES_EDITED = "events.series.edited"

LABELS = {
    CREATED: _("created the event"),
    EDITED: _("edited the event"),
    PUBLISHED: _("published the event"),
    UNPUBLISHED: _("took the event back to draft"),
    CANCELLED: _("cancelled the event"),
    CAPACITY_CHANGED: _("changed the capacity"),
    CHECKED_IN: _("checked a participant in"),
    CHECK_IN_UNDONE: _("undid a check-in"),
    EXPORTED: _("exported the participant list"),
    PERIOD_EXPORTED: _("exported the registrations of all events in a period"),
    EMAIL_RESENT: _("sent an e-mail again"),
    ANONYMISED: _("anonymised the registrations (retention period over)"),
    CONSENT_WITHDRAWN: _("withdrew the consent to the participant overview"),
    MESSAGE_SENT: _("wrote to participants"),
    WALK_IN: _("registered a person at the door"),
    COPIED: _("created the event as a copy"),
    GUEST_HOLDS_LAPSED: _("let guests' unconfirmed registrations lapse (address not confirmed "
                          "in time)"),
    GUEST_LAPSED_DELETED: _("deleted guests' lapsed registrations (retention)"),
    SERIES_CREATED: _("created the event series"),
    SERIES_EDITED: _("edited the event series"),
}

# What an export's `format` was, beside the file formats (network_portal.exports.FORMATS).
PRINT_FORMATS = {"badges": _("Name badges"), "sheet": _("Sign-in sheet")}


def _field_label(name: str) -> str:
    if name == "agenda":
        return str(_("agenda"))
    if name == "questions":
        return str(_("registration questions"))
    try:
        return str(Event._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:  # a field since removed: its name still tells
        return name


def _capacity(value) -> str:
    return str(_("unlimited")) if value is None else str(value)


def describe(entry, *, names: dict[int, str], recipients: dict[int, str]) -> list[str]:
    """What the history list says beside the entry's label, from its `data` (the registration's
    name and an e-mail's recipient are looked up in `names` / `recipients`, as they are now)."""
    data = entry.data or {}
    details = []
    # The capacity is told with its numbers below, not also by name.
    fields = [name for name in data.get("fields", []) if not (name == "capacity" and
                                                              "capacity" in data)]
    if fields:
        details.append(", ".join(_field_label(name) for name in fields))
    if "capacity" in data:
        old, new = data["capacity"]
        details.append(_("capacity %(old)s → %(new)s")
                       % {"old": _capacity(old), "new": _capacity(new)})
    agenda = data.get("agenda")
    if agenda:
        details.append(_("agenda: %(added)s added, %(changed)s changed, %(deleted)s deleted")
                       % agenda)
    questions = data.get("questions")
    if questions:
        details.append(_("questions: %(added)s added, %(changed)s changed, %(deleted)s deleted")
                       % questions)
    if data.get("promoted"):
        details.append(ngettext("%(n)s person moved up from the waitlist",
                                "%(n)s people moved up from the waitlist",
                                data["promoted"]) % {"n": data["promoted"]})
    if data.get("notified"):
        details.append(ngettext("%(n)s person told by e-mail", "%(n)s people told by e-mail",
                                data["notified"]) % {"n": data["notified"]})
    if "registrations" in data:
        details.append(ngettext("%(n)s registration", "%(n)s registrations",
                                data["registrations"]) % {"n": data["registrations"]})
    if "registration" in data:
        details.append(names.get(data["registration"], str(_("(registration deleted)"))))
    if data.get("overbooked"):
        details.append(str(_("overbooked: the event was full")))
    if data.get("before_the_day"):
        details.append(str(_("before the event's day")))
    if "format" in data:
        fmt = data["format"]
        label = PRINT_FORMATS.get(fmt) or exports.FORMATS.get(fmt, fmt)
        details.append(ngettext("%(format)s, %(n)s row", "%(format)s, %(n)s rows", data["rows"])
                       % {"format": label, "n": data["rows"]})
    if "message" in data:
        details.append(ngettext("“%(subject)s” to %(n)s person", "“%(subject)s” to %(n)s people",
                                data["recipients"])
                       % {"subject": data.get("subject", ""), "n": data["recipients"]})
    if "copied_from" in data:
        details.append(_("of “%(title)s”") % {"title": data.get("copied_from_title", "")})
    if "email" in data:
        details.append(_("to %(to)s") % {"to": recipients.get(data["email"], "–")})
    return [str(detail) for detail in details]

"""The change history's values: stored language-neutral, shown in the reader's language.

ProfileChange.old_value/new_value keep codes, not labels: a status or size band as its choice
value, a region as its slug, stages and topics as their codes (", "-separated), a representative
as "<person>: <status value>", a membership as "<cluster> (<role value>)" (active) or
"<cluster> (<role value>): <status value>" (waiting for consent, declined), a contact person as
"<name> (<function>, <e-mail>, public|not public)", a yes/no field as "true"/"false". Labels are
looked up when the history is shown, so a German manager and an English one each read their
language. Rows written by earlier code hold labels of the language active then; whatever is not a
known code is shown as stored.
"""

import re

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from members.models import (
    Membership,
    Organization,
    Region,
    Representative,
    Topic,
    ValueChainStage,
)

SEPARATOR = ", "
ERASED = "[erased]"  # what stands for a person taken out of the history on their request
PUBLIC, NOT_PUBLIC = "public", "not public"
TRUE, FALSE = "true", "false"


# Writing -----------------------------------------------------------------------------------------

def codes(objects) -> str:
    """Stages or topics, ordered as shown."""
    return SEPARATOR.join(o.code for o in objects)


def representative(rep: Representative) -> str:
    return f"{rep.user}: {rep.status}"


def membership(cluster_name: str, role: str, status: str = Membership.Status.ACTIVE) -> str:
    if status == Membership.Status.ACTIVE:
        return f"{cluster_name} ({role})"
    return f"{cluster_name} ({role}): {status}"


def contact(person) -> str:
    consent = PUBLIC if person.public_consent else NOT_PUBLIC
    return f"{person.name} ({person.function or '–'}, {person.email or '–'}, {consent})"


def field_value(obj, name: str) -> str:
    """A concrete field of an organisation as the history keeps it (used by the admin)."""
    field = obj._meta.get_field(name)
    value = getattr(obj, name)
    if isinstance(field, models.ForeignKey):
        return getattr(value, "slug", None) or ("" if value is None else str(value.pk))
    if isinstance(field, models.BooleanField):
        return TRUE if value else FALSE
    if isinstance(field, models.FileField):
        return value.name or ""
    return "" if value is None else str(value)


# Reading -----------------------------------------------------------------------------------------

_STATUSES = "|".join(map(re.escape, Representative.Status.values))
_ROLES = "|".join(map(re.escape, Membership.Role.values))
_REPRESENTATIVE = re.compile(rf"^(?P<head>.*): (?P<code>{_STATUSES})$", re.DOTALL)
_MEMBERSHIP_STATUSES = "|".join(map(re.escape, Membership.Status.values))
_MEMBERSHIP = re.compile(
    rf"^(?P<head>.*) \((?P<code>{_ROLES})\)(?:: (?P<status>{_MEMBERSHIP_STATUSES}))?$", re.DOTALL)
_CONTACT = re.compile(r"^(?P<head>.*), (?P<code>public|not public)\)$", re.DOTALL)


class Lookups:
    """Regions, stages and topics by code, loaded once for all rows shown (at most 3 queries)."""

    def __init__(self, changes=()):
        fields = {c.field for c in changes}
        self.regions = ({r.slug: r for r in Region.objects.all()} if "region" in fields else None)
        self.stages = ({s.code: s for s in ValueChainStage.objects.all()}
                       if "stages" in fields else None)
        self.topics = ({t.code: t for t in Topic.objects.all()} if "topics" in fields else None)

    def table(self, field):
        name = {"region": "regions", "stages": "stages", "topics": "topics"}[field]
        if getattr(self, name) is None:
            model = {"regions": Region, "stages": ValueChainStage, "topics": Topic}[name]
            key = "slug" if name == "regions" else "code"
            setattr(self, name, {getattr(o, key): o for o in model.objects.all()})
        return getattr(self, name)


def _model_field(field: str):
    try:
        return Organization._meta.get_field(field)
    except FieldDoesNotExist:
        return None


def show(field: str, value: str, lookups: Lookups | None = None) -> str:
    """A stored value as text in the active language; unknown values as stored."""
    if not value:
        return ""
    if value == ERASED:
        return gettext("(erased on request)")
    if field in ("region", "stages", "topics"):
        table = (lookups or Lookups()).table(field)
        parts = value.split(SEPARATOR)
        if all(part in table for part in parts):
            return SEPARATOR.join(table[part].localized("name") for part in parts)
        return value
    if field == "representatives":
        match = _REPRESENTATIVE.match(value)
        if match:
            label = Representative.Status(match["code"]).label
            return f"{match['head']}: {label}"
        return value
    if field == "memberships":
        match = _MEMBERSHIP.match(value)
        if match and match["status"]:
            return (f"{match['head']} ({Membership.Role(match['code']).label}): "
                    f"{Membership.Status(match['status']).label}")
        if match:
            return f"{match['head']} ({Membership.Role(match['code']).label})"
        return value
    if field == "contacts":
        match = _CONTACT.match(value)
        if match:
            consent = _("public") if match["code"] == PUBLIC else _("not public")
            return f"{match['head']}, {consent})"
        return value
    model_field = _model_field(field)
    if model_field is not None and model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.BooleanField) and value in (TRUE, FALSE):
        return gettext("yes") if value == TRUE else gettext("no")
    return value


# Rendered when converted to text: an e-mail renders under the recipient's language.
show_lazy = lazy(show, str)


def prepare(changes) -> list:
    """Give each ProfileChange old_display/new_display in the active language."""
    changes = list(changes)
    lookups = Lookups(changes)
    for change in changes:
        change.old_display = show(change.field, change.old_value, lookups)
        change.new_display = show(change.field, change.new_value, lookups)
    return changes

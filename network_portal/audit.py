"""The one audit trail: who did what to which object (pretix's `log_action`).

Every service that writes calls `log_action(obj, action, by=…, data=…)` inside its transaction,
so the entry exists exactly when the change does. `action` is a dotted code owned by the app
that performs it ("events.event.published"); each app registers a label for each of its codes
(`register_actions`, in its AppConfig.ready), so an unknown code fails loudly and pages show
the label in the reader's language. `data` holds what explains the change (field names, codes,
counts, ids), never a person's contact details: erasing an account keeps the entries and drops
the actor (`erase_actor`).
"""

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Model, QuerySet
from django.utils.encoding import force_str

from network_portal import pagecache
from network_portal.models import AuditEntry

_LABELS: dict[str, str] = {}


def register_actions(labels: dict[str, str]) -> None:
    """Declare an app's action codes with their (lazy) labels, e.g. "published the event"."""
    _LABELS.update(labels)


def label(action: str) -> str:
    return force_str(_LABELS.get(action, action))


def _jsonable(data: dict) -> dict:
    import json

    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def log_action(obj: Model, action: str, *, by, data: dict | None = None) -> AuditEntry:
    """Record that `by` (a user, or None for the portal itself: beat, commands) did `action`."""
    if action not in _LABELS:
        raise ValueError(f"Unregistered audit action {action!r}: add it to the app's "
                         "register_actions() call.")
    actor = by if by is not None and getattr(by, "is_authenticated", False) else None
    # Every service write passes here: the cached pages that show the object render afresh.
    pagecache.changed(obj)
    return AuditEntry.objects.create(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
        object_id=obj.pk, action=action, actor=actor, data=_jsonable(data or {}),
    )


def entries_for(obj: Model) -> QuerySet[AuditEntry]:
    """The object's entries, newest first, with their actors (one query)."""
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
        object_id=obj.pk,
    ).select_related("actor")


def history(obj: Model, *, limit: int = 50) -> list[AuditEntry]:
    """The newest entries of `obj` for a page, each with `.label` in the active language."""
    entries = list(entries_for(obj)[:limit])
    for entry in entries:
        entry.label = label(entry.action)
    return entries


def entries_by(user) -> list[dict]:
    """What a person did, for their data download."""
    return [{
        "action": entry.action,
        "description": label(entry.action),
        "object_type": entry.content_type.model,
        "object_id": entry.object_id,
        "data": entry.data,
        "at": entry.created_at.isoformat(),
    } for entry in AuditEntry.objects.filter(actor=user).select_related("content_type")
        .order_by("created_at", "pk")]


def erase_actor(user) -> int:
    """Before an account is deleted: keep its entries, without the person."""
    return AuditEntry.objects.filter(actor=user).update(actor=None, actor_erased=True)

"""Contact persons: the organisation's own data, changed by its representatives directly."""

from django.db import transaction

from members import history, permissions
from members.models import Organization
from members.services._common import MAY_NOT_EDIT, CurationError, lock_organisation, log, record

CONTACT_FIELDS = ("name", "function", "email", "phone", "public_consent")


@transaction.atomic
def save_contacts(organisation: Organization, *, by, rows: list[dict]) -> None:
    """Create, change and delete contact persons; rows are {"id", "delete", **CONTACT_FIELDS}.

    Contact persons belong to the organisation's own data, so representatives change them
    directly (also on published profiles); only those with consent are ever shown publicly.
    The audit entry counts what changed; the names are in the field-level history only, where
    an erasure can find them. Raises CurationError.
    """
    organisation = lock_organisation(organisation, by=by)
    if not permissions.can_edit_profile(by, organisation):
        raise CurationError(MAY_NOT_EDIT)
    existing = {c.pk: c for c in organisation.contacts.all()}
    counts = {"added": 0, "changed": 0, "removed": 0}
    for row in rows:
        contact = existing.get(row.get("id"))
        if contact and row.get("delete"):
            record(organisation, by=by, field="contacts", old=history.contact(contact), new="")
            contact.delete()
            counts["removed"] += 1
        elif contact:
            old = history.contact(contact)
            changed = [f for f in CONTACT_FIELDS if getattr(contact, f) != row[f]]
            if changed:
                for field in changed:
                    setattr(contact, field, row[field])
                contact.save(update_fields=changed)
                record(organisation, by=by, field="contacts", old=old, new=history.contact(contact))
                counts["changed"] += 1
        elif not row.get("delete") and row.get("name"):
            contact = organisation.contacts.create(**{f: row[f] for f in CONTACT_FIELDS})
            record(organisation, by=by, field="contacts", old="", new=history.contact(contact))
            counts["added"] += 1
    if any(counts.values()):
        log(organisation, "members.contacts.saved", by=by, **counts)

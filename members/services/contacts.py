"""Contact persons: the organisation's own data, changed by its representatives directly."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members import history, permissions
from members.models import CONSENT_VERSION, ContactPerson, Organization
from members.services._common import MAY_NOT_EDIT, CurationError, lock_organisation, log, record
from network_portal.locking import lock
from network_portal.privacy import verified_addresses

CONTACT_FIELDS = ("name", "function", "email", "phone", "public_consent")
CONSENT_FIELDS = ("consent_at", "consent_version")


def _stamp_consent(contact: ContactPerson) -> None:
    """Record when the consent box was ticked and under which wording (cleared when unticked)."""
    contact.consent_at = timezone.now() if contact.public_consent else None
    contact.consent_version = CONSENT_VERSION if contact.public_consent else ""


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
                if "public_consent" in changed:
                    _stamp_consent(contact)
                    changed += CONSENT_FIELDS
                contact.save(update_fields=changed)
                record(organisation, by=by, field="contacts", old=old, new=history.contact(contact))
                counts["changed"] += 1
        elif not row.get("delete") and row.get("name"):
            contact = ContactPerson(organization=organisation, **{f: row[f] for f in CONTACT_FIELDS})
            _stamp_consent(contact)
            contact.save()
            record(organisation, by=by, field="contacts", old="", new=history.contact(contact))
            counts["added"] += 1
    if any(counts.values()):
        log(organisation, "members.contacts.saved", by=by, **counts)


@transaction.atomic
def withdraw_contact_consent(contact: ContactPerson, *, by) -> bool:
    """The contact person themselves takes their entry off the public profile at once (Art.
    7(3) GDPR); the entry stays for the network's contact with the organisation. Only an
    account with the entry's address verified may (raises CurationError). False if the entry
    was not public."""
    organisation = lock_organisation(contact.organization, by=by)
    contact = lock(ContactPerson, pk=contact.pk)
    own = {address.lower() for address in verified_addresses(by)}
    if not contact.email or contact.email.lower() not in own:
        raise CurationError(_("Only the contact person can withdraw this consent."))
    if not contact.public_consent:
        return False
    old, version, given_at = history.contact(contact), contact.consent_version, contact.consent_at
    contact.public_consent = False
    _stamp_consent(contact)
    contact.save(update_fields=["public_consent", *CONSENT_FIELDS])
    record(organisation, by=by, field="contacts", old=old, new=history.contact(contact))
    log(organisation, "members.contacts.consent_withdrawn", by=by, contact=contact.pk,
        consent_given_at=given_at, consent_version=version)
    return True

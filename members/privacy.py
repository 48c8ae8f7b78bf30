"""The members app's part of a person's data export and account erasure (portal.privacy).

What the members app holds about a person: their representative requests, the profile changes
they proposed, the contact-person entries under their verified e-mail addresses, the clusters
they manage, and their name in the change history. Organisation data they entered stays with the
organisation.
"""

from django.db import transaction
from django.db.models import Q

from members import history
from members.models import ContactPerson, Membership, ProfileChange, ProfileChangeRequest
from network_portal import audit
from network_portal.privacy import consent_record, own_address, verified_addresses


def _contact_entries(user):
    """Contact-person entries under the person's verified addresses."""
    return ContactPerson.objects.filter(own_address(user))


def export(user) -> dict:
    """The person's representations, proposed changes, contact entries and managed clusters."""
    return {
        "representations": [{
            "organisation": r.organization.name,
            "status": r.status,
            "message": r.message,
            "requested_at": r.requested_at.isoformat(),
            "decided_at": r.decided_at.isoformat() if r.decided_at else None,
        } for r in user.representations.select_related("organization").order_by("requested_at")],
        "proposed_profile_changes": [{
            "organisation": c.organization.name,
            "proposed": c.proposed,
            "proposed_logo": bool(c.proposed_logo),
            "status": c.status,
            "reviewer_comment": c.comment,
            "requested_at": c.created_at.isoformat(),
            "reviewed_at": c.reviewed_at.isoformat() if c.reviewed_at else None,
        } for c in ProfileChangeRequest.objects.filter(requested_by=user)
            .select_related("organization").order_by("created_at")],
        "profile_changes_made": [{
            "organisation": c.organization.name,
            "field": c.field,
            "changed_at": c.changed_at.isoformat(),
        } for c in ProfileChange.objects.filter(changed_by=user)
            .select_related("organization").order_by("changed_at", "pk")],
        "contact_person_entries": [{
            "organisation": c.organization.name,
            "name": c.name,
            "function": c.function,
            "email": c.email,
            "phone": c.phone,
            "public_consent": c.public_consent,
            "consent_to_be_shown_publicly": consent_record(c),
        } for c in _contact_entries(user).select_related("organization").order_by("pk")],
        "clusters_managed": sorted(user.managed_clusters.values_list("name", flat=True)),
        "membership_requests": [{
            "cluster": m.cluster.name,
            "organisation": m.organization.name,
            "status": m.status,
            "requested_at": m.requested_at.isoformat() if m.requested_at else None,
            "decided_at": m.decided_at.isoformat() if m.decided_at else None,
        } for m in Membership.objects.filter(requested_by=user)
            .select_related("cluster", "organization").order_by("requested_at", "pk")],
    }


@transaction.atomic
def erase(user) -> None:
    """Delete the person's requests and contact entries and take their name out of the history.

    Pending change requests die with their author (a waiting logo file too); decided ones stay
    as the organisation's record, without the person (the account's deletion empties the link).
    """
    for change_request in ProfileChangeRequest.objects.filter(
            requested_by=user, status=ProfileChangeRequest.Status.PENDING):
        if change_request.proposed_logo:
            storage, name = change_request.proposed_logo.storage, change_request.proposed_logo.name
            transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))
        change_request.delete()
    user.representations.all().delete()
    contacts = list(_contact_entries(user))
    erased = history.ERASED  # shown as "(erased on request)" in the reader's language
    for contact in contacts:
        ProfileChange.objects.create(organization=contact.organization, field="contacts",
                                     old_value=erased, new_value="")
        # By the portal: the entry must not name who asked for the erasure.
        audit.log_action(contact.organization, "members.contacts.erased", by=None)
        contact.delete()
    # The history keeps that something changed, not who the person was.
    names = {str(user), user.email, *(c.name for c in contacts), *verified_addresses(user)}
    mentions = Q()
    for name in (n for n in names if len(n) >= 3):  # a one-letter name would match everything
        mentions |= Q(old_value__icontains=name) | Q(new_value__icontains=name)
    for change in ProfileChange.objects.filter(field__in=["representatives", "contacts"]).filter(
            mentions):
        change.old_value = erased if change.old_value else ""
        change.new_value = erased if change.new_value else ""
        change.save(update_fields=["old_value", "new_value"])

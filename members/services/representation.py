"""Representatives: a person asks to speak for an organisation; its curators confirm, reject or
later remove them."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members import history, permissions
from members.models import Organization, ProfileChangeRequest, Representative
from members.services._common import (
    ALREADY_DECIDED,
    MAY_NOT_DECIDE_REPRESENTATIVES,
    NOT_PUBLISHED,
    OWN_REQUEST,
    WITHDRAWN_MEANWHILE,
    CurationError,
    lock_organisation,
    log,
    notify_curators,
    profile_url,
    record,
    reference,
)
from network_portal import mail
from network_portal.locking import lock_if_exists


@transaction.atomic
def request_representation(organisation: Organization, *, by,
                           message: str = "") -> Representative:
    """`by` asks to represent `organisation`; its cluster managers confirm. Raises CurationError."""
    if not (by.is_authenticated and by.is_active):
        raise CurationError(_("Please sign in to ask."))
    # Serialises two requests of one person sent at once: the second finds the first waiting
    # (instead of failing on the one-representative-per-organisation constraint).
    organisation = lock_organisation(organisation, by=by)
    if not organisation.is_public and not permissions.can_edit_profile(by, organisation):
        # Asking would tell the person an unpublished profile exists.
        raise CurationError(NOT_PUBLISHED)
    representative = Representative.objects.filter(user=by, organization=organisation).first()
    if representative and representative.status == Representative.Status.CONFIRMED:
        raise CurationError(_("You already represent this organisation."))
    if representative and representative.status == Representative.Status.REQUESTED:
        raise CurationError(_("Your request is already waiting for a cluster manager."))
    if representative:  # rejected before: ask again
        representative.status = Representative.Status.REQUESTED
        representative.message = message
        representative.decided_by = None
        representative.decided_at = None
        representative.requested_at = timezone.now()
        representative.save(update_fields=["status", "message", "decided_by", "decided_at",
                                           "requested_at"])
    else:
        representative = Representative.objects.create(user=by, organization=organisation,
                                                       message=message)
    log(organisation, "members.representation.requested", by=by)
    notify_curators(
        organisation, what="representative",
        key=f"members:representative:{representative.pk}:requested:"
            f"{representative.requested_at.timestamp():.0f}",
        context={"person": str(by)},
    )
    return representative


@transaction.atomic
def decide_representation(representative: Representative, *, by,
                          confirm: bool) -> Representative:
    """Confirm or reject a representative request and tell the person. Raises CurationError."""
    organisation = lock_organisation(representative.organization, by=by)
    representative = lock_if_exists(Representative, pk=representative.pk)
    if representative is None:
        raise CurationError(WITHDRAWN_MEANWHILE)
    representative.organization = organisation
    if representative.status != Representative.Status.REQUESTED:
        raise CurationError(ALREADY_DECIDED)
    if representative.user_id == by.pk:
        # Else a cluster manager could make themselves a representative of any member.
        raise CurationError(OWN_REQUEST)
    if not permissions.can_curate_organisation(by, organisation):
        raise CurationError(MAY_NOT_DECIDE_REPRESENTATIVES)
    representative.status = (Representative.Status.CONFIRMED if confirm
                             else Representative.Status.REJECTED)
    representative.decided_by = by
    representative.decided_at = timezone.now()
    representative.save(update_fields=["status", "decided_by", "decided_at"])
    record(organisation, by=by, field="representatives", old="",
           new=history.representative(representative))
    log(organisation, "members.representation.confirmed" if confirm
        else "members.representation.rejected", by=by, representative=representative.pk)
    person = representative.user
    mail.enqueue(
        "members_representative_decided", to=person.email, language=person.language,
        key=f"members:representative:{representative.pk}:{representative.status}:"
            f"{representative.decided_at.timestamp():.0f}",
        reference=reference(organisation),
        context={"representative": representative, "organisation": organisation,
                 "confirmed": confirm, "profile_url": profile_url(organisation)},
    )
    return representative


@transaction.atomic
def revoke_representation(representative: Representative, *, by) -> None:
    """A curator ends a confirmed representation (the person left, say). Raises CurationError.

    The person loses editing rights at once; their proposals still waiting are withdrawn; they
    are told by e-mail.
    """
    # The organisation first, as edit_profile does: an edit the person sends meanwhile either
    # comes before (and its proposal is withdrawn here) or after (and is refused).
    organisation = lock_organisation(representative.organization, by=by)
    if not permissions.can_curate_organisation(by, organisation):
        raise CurationError(MAY_NOT_DECIDE_REPRESENTATIVES)
    representative = lock_if_exists(Representative, pk=representative.pk)
    if representative is None or representative.status != Representative.Status.CONFIRMED:
        raise CurationError(_("This person does not represent the organisation."))
    person = representative.user
    withdrawn, _deleted = ProfileChangeRequest.objects.filter(
        organization=organisation, requested_by=person,
        status=ProfileChangeRequest.Status.PENDING).delete()
    record(organisation, by=by, field="representatives",
           old=history.representative(representative), new="")
    log(organisation, "members.representation.revoked", by=by,
        withdrawn_change_requests=withdrawn)
    mail.enqueue(
        "members_representative_removed", to=person.email, language=person.language,
        key=f"members:representative:{representative.pk}:removed",
        reference=reference(organisation),
        context={"organisation": organisation, "person": person},
    )
    representative.delete()

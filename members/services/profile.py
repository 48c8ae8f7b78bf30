"""A profile's content and publication: edits, change requests and their review, the logo,
submitting a draft, and curating (status, stages, topics)."""

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members import history, permissions, selectors
from members.models import (
    PROFILE_FIELDS,
    Organization,
    ProfileChangeRequest,
    Region,
    Representative,
)
from members.services._common import (
    MAY_NOT_EDIT,
    OWN_REQUEST,
    CurationError,
    lock_organisation,
    log,
    notify_curators,
    profile_url,
    record,
    reference,
)
from members.services.logos import prepare_logo
from network_portal import links, mail
from network_portal.i18n import note_text_changes
from network_portal.locking import lock_if_exists

# What edit_profile returns when the edit took back the person's proposal still waiting for review.
WITHDRAWN = "withdrawn"


def _apply(organisation: Organization, values: dict, *, by, change_request=None) -> list[str]:
    """Write the differing values to the (locked) organisation and record each in the history."""
    regions = {r.slug: r for r in Region.objects.filter(slug__in=[values.get("region")])}
    changed = []
    for field, new in values.items():
        old = organisation.stored_value(field)
        if old == new:
            continue
        if field == "region":
            organisation.region = regions.get(new)
        else:
            setattr(organisation, field, new)
        # The history keeps the stored form (region code, size value): see members.history.
        record(organisation, by=by, field=field, old=old, new=new, change_request=change_request)
        changed.append(field)
    if changed:
        # When each German and English text changed: the edit page tells when English lags.
        texts = ["texts_changed"] if note_text_changes(organisation, changed) else []
        organisation.save(update_fields=[*changed, *texts, "updated_at"])
    return changed


def _needs_review(organisation: Organization, by) -> bool:
    """A published profile changes only through a cluster manager, unless a curator edits it."""
    return organisation.is_public and not permissions.can_curate_organisation(by, organisation)


def _ask_for_review(change_request: ProfileChangeRequest, *, by) -> None:
    notify_curators(change_request.organization, what="change",
                    key=f"members:change:{change_request.pk}:review",
                    context={"person": str(by), "change_request": change_request,
                             "review_url": links.url("members:review", change_request.pk)})


def _fields(proposed: dict, *, logo: bool = False) -> list[str]:
    """The names of the fields a proposal changes, in the form's order (for the audit entry)."""
    return [field for field in PROFILE_FIELDS if field in proposed] + (["logo"] if logo else [])


# Edits and change requests -----------------------------------------------------------------------

@transaction.atomic
def edit_profile(organisation: Organization, *, by, values: dict) -> ProfileChangeRequest | None:
    """Apply a profile edit, or turn it into a change request.

    `values` are {field: stored value} for PROFILE_FIELDS (the region as its code). Draft and
    pending profiles, and edits by curators, change directly (recorded in the history). A
    representative's edit of a published profile becomes a change request that a cluster
    manager reviews; they are told by e-mail. A person's second edit replaces their proposal
    still waiting (the form shows it), so managers never see two competing requests; an edit
    back to the published values withdraws it. Returns the change request, None if applied,
    or WITHDRAWN if the edit withdrew the person's waiting proposal. Raises CurationError.
    """
    organisation = lock_organisation(organisation, by=by)
    if not permissions.can_edit_profile(by, organisation):
        raise CurationError(MAY_NOT_EDIT)
    proposed = {field: value for field, value in values.items()
                if field in PROFILE_FIELDS and organisation.stored_value(field) != value}
    if not _needs_review(organisation, by):
        if proposed:
            changed = _apply(organisation, proposed, by=by)
            log(organisation, "members.profile.edited", by=by, fields=changed)
        return None
    # Locked after the organisation, as in review_change_request: the same order, no deadlock.
    waiting = selectors.waiting_proposal(organisation, by)
    if waiting:
        waiting = lock_if_exists(ProfileChangeRequest, pk=waiting.pk,
                                 status=ProfileChangeRequest.Status.PENDING)
    if waiting and not proposed:
        log(organisation, "members.change_request.withdrawn", by=by, change_request=waiting.pk)
        waiting.delete()
        return WITHDRAWN
    if not proposed or (waiting and waiting.proposed == proposed):
        return waiting
    if waiting:
        waiting.proposed = proposed
        waiting.save(update_fields=["proposed"])
        log(organisation, "members.change_request.updated", by=by, change_request=waiting.pk,
            fields=_fields(proposed))
        return waiting
    change_request = ProfileChangeRequest.objects.create(
        organization=organisation, requested_by=by, proposed=proposed)
    log(organisation, "members.change_request.submitted", by=by,
        change_request=change_request.pk, fields=_fields(proposed))
    _ask_for_review(change_request, by=by)
    return change_request


@transaction.atomic
def review_change_request(change_request: ProfileChangeRequest, *, by, approve: bool,
                          comment: str = "", seen: str = "") -> ProfileChangeRequest:
    """Approve (apply) or reject a change request; the requester is told either way.

    `seen` is the fingerprint of the proposal the reviewer looked at: if the representative
    changed it meanwhile, the decision is refused rather than applied to what nobody saw.
    Raises CurationError.
    """
    # Organisation first, then the request: edit_profile locks in the same order.
    organisation = lock_organisation(change_request.organization, by=by)
    change_request = lock_if_exists(ProfileChangeRequest, pk=change_request.pk)
    if change_request is None:
        raise CurationError(_("The representative has withdrawn these changes."))
    change_request.organization = organisation
    if change_request.status != ProfileChangeRequest.Status.PENDING:
        raise CurationError(_("This change request has already been decided."))
    if seen and seen != change_request.fingerprint():
        raise CurationError(_("The representative changed the proposal meanwhile. "
                              "Please review it again."))
    if change_request.requested_by_id == by.pk:
        raise CurationError(OWN_REQUEST)
    if not permissions.can_curate_organisation(by, organisation):
        raise CurationError(_("You may not review changes to this profile."))
    if not approve and not comment.strip():
        raise CurationError(_("Please say why you reject the change."))
    changes = selectors.change_diff(change_request)  # before applying: old values as they were
    fields = _fields(change_request.proposed, logo=bool(change_request.proposed_logo))
    if approve:
        _apply(organisation, {f: v for f, v in change_request.proposed.items() if f in PROFILE_FIELDS},
               by=by, change_request=change_request)
        if change_request.proposed_logo:
            with change_request.proposed_logo.open("rb") as proposed_logo:
                content = ContentFile(proposed_logo.read())
            _replace_logo(organisation, content, by=by, change_request=change_request)
    if change_request.proposed_logo:
        # Applied or refused: the waiting copy is not needed any more either way.
        _delete_file_on_commit(change_request.proposed_logo.storage,
                               change_request.proposed_logo.name)
        change_request.proposed_logo = ""
    change_request.status = (ProfileChangeRequest.Status.APPROVED if approve
                             else ProfileChangeRequest.Status.REJECTED)
    change_request.comment = comment.strip()
    change_request.reviewed_by = by
    change_request.reviewed_at = timezone.now()
    change_request.save(update_fields=["status", "comment", "reviewed_by", "reviewed_at",
                                       "proposed_logo"])
    log(organisation, "members.change_request.approved" if approve
        else "members.change_request.rejected", by=by, change_request=change_request.pk,
        fields=fields)
    requester = change_request.requested_by
    if requester and requester.email:
        mail.enqueue(
            "members_change_decided", to=requester.email, language=requester.language,
            key=f"members:change:{change_request.pk}:{change_request.status}",
            reference=reference(organisation),
            context={"change_request": change_request, "organisation": organisation,
                     "approved": approve, "comment": change_request.comment,
                     "changes": changes, "profile_url": profile_url(organisation)},
        )
    return change_request


# Logo --------------------------------------------------------------------------------------------

@transaction.atomic
def set_logo(organisation: Organization, upload, *, by) -> ProfileChangeRequest | None:
    """Replace the logo (validated and resized), or propose it for review. Raises CurationError.

    As with edit_profile, a representative's new logo for a published profile becomes a change
    request holding the resized image until a cluster manager decides (they are told by e-mail);
    otherwise the logo changes at once, recorded in the history. Returns the change request or None.
    """
    content = prepare_logo(upload)
    organisation = lock_organisation(organisation, by=by)
    if not permissions.can_edit_profile(by, organisation):
        raise CurationError(MAY_NOT_EDIT)
    if not _needs_review(organisation, by):
        _replace_logo(organisation, content, by=by)
        log(organisation, "members.profile.logo_set", by=by)
        return None
    change_request = ProfileChangeRequest(organization=organisation, requested_by=by, proposed={})
    change_request.proposed_logo.save(f"{organisation.slug}.png", content, save=False)
    change_request.save()
    log(organisation, "members.change_request.submitted", by=by,
        change_request=change_request.pk, fields=["logo"])
    _ask_for_review(change_request, by=by)
    return change_request


def _replace_logo(organisation: Organization, content, *, by, change_request=None) -> None:
    old = organisation.logo.name if organisation.logo else ""
    organisation.logo.save(f"{organisation.slug}.png", content, save=False)
    organisation.save(update_fields=["logo", "updated_at"])
    record(organisation, by=by, field="logo", old=old, new=organisation.logo.name,
           change_request=change_request)
    if old and old != organisation.logo.name:
        _delete_file_on_commit(organisation.logo.storage, old)


def _delete_file_on_commit(storage, name: str) -> None:
    # After commit: a rolled-back transaction must still find the file it points to.
    transaction.on_commit(lambda: storage.delete(name))


# Publication -------------------------------------------------------------------------------------

@transaction.atomic
def submit_for_review(organisation: Organization, *, by) -> Organization:
    """A draft profile goes to its cluster managers for publication. Raises CurationError."""
    organisation = lock_organisation(organisation, by=by)
    if not permissions.can_edit_profile(by, organisation):
        raise CurationError(MAY_NOT_EDIT)
    if not organisation.is_draft:
        raise CurationError(_("Only a draft can be submitted for review."))
    _set_status(organisation, Organization.Status.PENDING, by=by)
    log(organisation, "members.profile.submitted", by=by)
    notify_curators(organisation, what="profile",
                    key=f"members:profile:{organisation.pk}:pending:{timezone.now().timestamp():.0f}",
                    context={"person": str(by)})
    return organisation


def _notify_published(organisation: Organization) -> None:
    """Tell the organisation's representatives (confirmed or asking) that it is now public."""
    published_at = timezone.now().timestamp()
    representatives = organisation.representatives.filter(
        status__in=[Representative.Status.REQUESTED, Representative.Status.CONFIRMED],
        user__is_active=True).select_related("user")
    for representative in representatives:
        mail.enqueue(
            "members_profile_published", to=representative.user.email,
            language=representative.user.language,
            key=f"members:profile:{organisation.pk}:published:{published_at:.0f}:"
                f"{representative.user_id}",
            reference=reference(organisation),
            context={"organisation": organisation, "person": representative.user,
                     "profile_url": profile_url(organisation)},
        )


def _set_status(organisation, status, *, by):
    old = organisation.status
    organisation.status = status
    organisation.save(update_fields=["status", "updated_at"])
    record(organisation, by=by, field="status", old=old, new=status)


# The audit entry of a curation that changed the status; other status changes (back to draft,
# to pending) are "status_changed".
_STATUS_ACTIONS = {
    Organization.Status.PUBLISHED: "members.profile.published",
    Organization.Status.ARCHIVED: "members.profile.archived",
}


@transaction.atomic
def curate(organisation: Organization, *, by, status: str, stages, topics) -> list[str]:
    """Set publication status, value-chain stages and topics (cluster managers, admins).

    Publishing a profile that waited for review tells its representatives by e-mail. Returns
    the names of the changed fields. Raises CurationError.
    """
    organisation = lock_organisation(organisation, by=by)
    if not permissions.can_curate_organisation(by, organisation):
        raise CurationError(_("You may not curate this profile."))
    changed = []
    if status != organisation.status:
        was_pending = organisation.status == Organization.Status.PENDING
        _set_status(organisation, status, by=by)
        changed.append("status")
        if was_pending and status == Organization.Status.PUBLISHED:
            _notify_published(organisation)
    for field, new in (("stages", list(stages)), ("topics", list(topics))):
        current = list(getattr(organisation, field).all())
        if {o.pk for o in current} == {o.pk for o in new}:
            continue
        getattr(organisation, field).set(new)
        record(organisation, by=by, field=field, old=history.codes(current),
               new=history.codes(sorted(new, key=lambda o: getattr(o, "position", 0))))
        changed.append(field)
    if changed:
        action = (_STATUS_ACTIONS.get(status, "members.profile.status_changed")
                  if "status" in changed else "members.profile.classified")
        log(organisation, action, by=by, fields=changed, status=organisation.status)
    return changed

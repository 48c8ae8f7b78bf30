"""Every operation that changes a member profile, its representatives or a cluster's memberships.

Each runs in one transaction: lock the organisation (or request) row, check, write, record the
change history and queue the e-mails. Views, the admin and commands call these functions.
"""

import io

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members import history, permissions
from members.models import (
    Membership,
    Organization,
    ProfileChange,
    ProfileChangeRequest,
    Region,
    Representative,
)
from network_portal import mail

# The fields a representative edits; stages, topics, status and memberships are for curators.
# Tuples: Django's inline formsets append their foreign key to a form's Meta.fields list in place.
PROFILE_FIELDS = ("description_de", "description_en", "website", "email", "phone", "street",
                  "postcode", "city", "region", "size", "keywords")

LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_FORMATS = {"PNG", "JPEG", "WEBP"}
# Larger images are refused from their header, before decoding: a small file can declare a huge
# image (a "pixel bomb") that would take gigabytes of memory to decode. 16 MP is 4000 x 4000.
LOGO_MAX_PIXELS = 16_000_000
LOGO_DISPLAY_SIZE = 400
TOO_MANY_PIXELS = _("The logo image is too large: at most 16 megapixels (e.g. 4000 × 4000 pixels).")


class CurationError(ValidationError):
    pass


OWN_REQUEST = _("You cannot decide a request you made yourself.")


# Values ------------------------------------------------------------------------------------------

def _stored(organisation: Organization, field: str) -> str:
    """A field's value as it is kept in a change request: text; the region as its code."""
    if field == "region":
        return organisation.region.slug if organisation.region_id else ""
    return getattr(organisation, field) or ""


def _display(field: str, value: str):
    """A stored value as people read it: the region and size band stay objects that render in
    the language of the page or e-mail that shows them (a diff is mailed in the requester's)."""
    if not value:
        return ""
    if field == "region":
        return Region.objects.filter(slug=value).first() or value
    if field == "size":
        return dict(Organization.Size.choices).get(value, value)
    return value


def profile_values(data: dict) -> dict:
    """Form data (cleaned) in stored form: {field: text}."""
    values = {}
    for field in PROFILE_FIELDS:
        if field not in data:
            continue
        value = data[field]
        if field == "region":
            value = value.slug if value else ""
        values[field] = value or ""
    return values


def _record(organisation, *, by, field, old, new, change_request=None):
    ProfileChange.objects.create(organization=organisation, changed_by=by, field=field,
                                 old_value=old, new_value=new, change_request=change_request)


def _apply(organisation: Organization, values: dict, *, by, change_request=None) -> list[str]:
    """Write the differing values to the (locked) organisation and record each in the history."""
    regions = {r.slug: r for r in Region.objects.filter(slug__in=[values.get("region")])}
    changed = []
    for field, new in values.items():
        old = _stored(organisation, field)
        if old == new:
            continue
        if field == "region":
            organisation.region = regions.get(new)
        else:
            setattr(organisation, field, new)
        # The history keeps the stored form (region code, size value): see members.history.
        _record(organisation, by=by, field=field, old=old, new=new,
                change_request=change_request)
        changed.append("region" if field == "region" else field)
    if changed:
        organisation.save(update_fields=[*changed, "updated_at"])
    return changed


def _lock(organisation: Organization) -> Organization:
    # Two edits or reviews at once would otherwise both read the old values for the history.
    return Organization.objects.select_for_update().get(pk=organisation.pk)


def _curators(organisation: Organization):
    """The managers of the organisation's active clusters (and of itself if it is a cluster)."""
    from django.contrib.auth import get_user_model

    cluster_ids = set(organisation.memberships.active().values_list("cluster_id", flat=True))
    if organisation.is_cluster:
        cluster_ids.add(organisation.pk)
    return get_user_model().objects.filter(
        managed_clusters__in=cluster_ids, is_active=True,
        groups__name=permissions.CLUSTER_MANAGERS).distinct().order_by("pk")


def _curator_emails(organisation: Organization) -> list[tuple[str, str]]:
    """(e-mail, language) of the managers of the organisation's clusters."""
    return [(user.email, user.language) for user in _curators(organisation)]


def _notify_curators(organisation, *, what: str, key: str, reference: str, context: dict,
                     base_url: str = ""):
    for email, language in _curator_emails(organisation):
        mail.enqueue("members_review_needed", to=email, language=language,
                     key=f"{key}:{email}", reference=reference,
                     context={"organisation": organisation, "what": what,
                              "base_url": base_url or settings.PORTAL_BASE_URL,
                              **context})


# Representatives ---------------------------------------------------------------------------------

@transaction.atomic
def request_representation(organisation: Organization, user, *, message: str = "",
                           base_url: str = "") -> Representative:
    """Ask to represent `organisation`; its cluster managers confirm. Raises CurationError."""
    organisation = _lock(organisation)
    representative = Representative.objects.filter(user=user, organization=organisation).first()
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
        representative = Representative.objects.create(user=user, organization=organisation,
                                                       message=message)
    _notify_curators(
        organisation, what="representative",
        key=f"members:representative:{representative.pk}:requested:"
            f"{representative.requested_at.timestamp():.0f}",
        reference=f"members.organization:{organisation.pk}",
        context={"person": str(user)}, base_url=base_url,
    )
    return representative


@transaction.atomic
def decide_representation(representative: Representative, *, by, confirm: bool,
                          base_url: str = "") -> Representative:
    """Confirm or reject a representative request and tell the person. Raises CurationError."""
    representative = Representative.objects.select_for_update().select_related(
        "user", "organization").get(pk=representative.pk)
    if representative.status != Representative.Status.REQUESTED:
        raise CurationError(_("This request has already been decided."))
    if representative.user_id == by.pk:
        # Else a cluster manager could make themselves a representative of any member.
        raise CurationError(OWN_REQUEST)
    if not permissions.can_curate_organisation(by, representative.organization):
        raise CurationError(_("You may not decide on representatives of this organisation."))
    representative.status = (Representative.Status.CONFIRMED if confirm
                             else Representative.Status.REJECTED)
    representative.decided_by = by
    representative.decided_at = timezone.now()
    representative.save(update_fields=["status", "decided_by", "decided_at"])
    _record(representative.organization, by=by, field="representatives", old="",
            new=history.representative(representative))
    mail.enqueue(
        "members_representative_decided", to=representative.user.email,
        language=representative.user.language,
        key=f"members:representative:{representative.pk}:{representative.status}:"
            f"{representative.decided_at.timestamp():.0f}",
        reference=f"members.organization:{representative.organization_id}",
        context={"representative": representative, "organisation": representative.organization,
                 "confirmed": confirm, "base_url": base_url or settings.PORTAL_BASE_URL},
    )
    return representative


@transaction.atomic
def revoke_representation(representative: Representative, *, by, base_url: str = "") -> None:
    """A curator ends a confirmed representation (the person left, say). Raises CurationError.

    The person loses editing rights at once; their proposals still waiting are withdrawn; they
    are told by e-mail.
    """
    representative = Representative.objects.select_for_update().select_related(
        "user", "organization").get(pk=representative.pk)
    organisation = representative.organization
    if not permissions.can_curate_organisation(by, organisation):
        raise CurationError(_("You may not decide on representatives of this organisation."))
    if representative.status != Representative.Status.CONFIRMED:
        raise CurationError(_("This person does not represent the organisation."))
    ProfileChangeRequest.objects.filter(organization=organisation, requested_by=representative.user,
                                        status=ProfileChangeRequest.Status.PENDING).delete()
    _record(organisation, by=by, field="representatives",
            old=history.representative(representative), new="")
    mail.enqueue(
        "members_representative_removed", to=representative.user.email,
        language=representative.user.language,
        key=f"members:representative:{representative.pk}:removed",
        reference=f"members.organization:{organisation.pk}",
        context={"organisation": organisation, "person": representative.user,
                 "base_url": base_url or settings.PORTAL_BASE_URL},
    )
    representative.delete()


# Profile edits and change requests ---------------------------------------------------------------

# What edit_profile returns when the edit took back the person's proposal still waiting for review.
WITHDRAWN = "withdrawn"

@transaction.atomic
def edit_profile(organisation: Organization, *, by, values: dict,
                 base_url: str = "") -> ProfileChangeRequest | None:
    """Apply a profile edit, or turn it into a change request.

    Draft and pending profiles, and edits by curators, change directly (recorded in the history).
    A representative's edit of a published profile becomes a change request that a cluster
    manager reviews; they are told by e-mail. A person's second edit replaces their proposal
    still waiting (the form shows it), so managers never see two competing requests; an edit
    back to the published values withdraws it. Returns the change request, None if applied,
    or WITHDRAWN if the edit withdrew the person's waiting proposal.
    """
    organisation = _lock(organisation)
    if not permissions.can_edit_profile(by, organisation):
        raise CurationError(_("You may not edit this profile."))
    proposed = {field: value for field, value in values.items()
                if field in PROFILE_FIELDS and _stored(organisation, field) != value}
    if not _needs_review(organisation, by):
        if proposed:
            _apply(organisation, proposed, by=by)
        return None
    # Locked after the organisation, as in review_change_request: the same order, no deadlock.
    waiting = _waiting_proposal(organisation, by, lock=True)
    if waiting and not proposed:
        waiting.delete()
        return WITHDRAWN
    if not proposed or (waiting and waiting.proposed == proposed):
        return waiting
    if waiting:
        waiting.proposed = proposed
        waiting.save(update_fields=["proposed"])
        return waiting
    change_request = ProfileChangeRequest.objects.create(
        organization=organisation, requested_by=by, proposed=proposed)
    _ask_for_review(change_request, by=by, base_url=base_url)
    return change_request


def _waiting_proposal(organisation: Organization, person, *, lock: bool = False):
    """The person's pending change request of profile fields (not a logo alone), if any."""
    requests = ProfileChangeRequest.objects.filter(
        organization=organisation, requested_by=person,
        status=ProfileChangeRequest.Status.PENDING).order_by("-created_at")
    if lock:
        requests = requests.select_for_update()
    return next((r for r in requests if r.proposed), None)


def waiting_values(organisation: Organization, person) -> dict:
    """What the person proposed and is still waiting for review: {field: stored value}."""
    waiting = _waiting_proposal(organisation, person) if person.is_authenticated else None
    return dict(waiting.proposed) if waiting else {}


def _needs_review(organisation: Organization, by) -> bool:
    """A published profile changes only through a cluster manager, unless a curator edits it."""
    return (organisation.status == Organization.Status.PUBLISHED
            and not permissions.can_curate_organisation(by, organisation))


def _ask_for_review(change_request: ProfileChangeRequest, *, by, base_url: str = "") -> None:
    organisation = change_request.organization
    _notify_curators(organisation, what="change", key=f"members:change:{change_request.pk}:review",
                     reference=f"members.organization:{organisation.pk}",
                     context={"person": str(by), "change_request": change_request},
                     base_url=base_url)


@transaction.atomic
def review_change_request(change_request: ProfileChangeRequest, *, by, approve: bool,
                          comment: str = "", seen: str = "",
                          base_url: str = "") -> ProfileChangeRequest:
    """Approve (apply) or reject a change request; the requester is told either way.

    `seen` is the fingerprint of the proposal the reviewer looked at: if the representative
    changed it meanwhile, the decision is refused rather than applied to what nobody saw.
    """
    # Organisation first, then the request: edit_profile locks in the same order.
    organisation = _lock(change_request.organization)
    change_request = ProfileChangeRequest.objects.select_for_update().get(pk=change_request.pk)
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
    changes = change_diff(change_request)  # before applying: old values as they were
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
    requester = change_request.requested_by
    if requester and requester.email:
        mail.enqueue(
            "members_change_decided", to=requester.email, language=requester.language,
            key=f"members:change:{change_request.pk}:{change_request.status}",
            reference=f"members.organization:{organisation.pk}",
            context={"change_request": change_request, "organisation": organisation,
                     "approved": approve, "comment": change_request.comment,
                     "changes": changes, "base_url": base_url or settings.PORTAL_BASE_URL},
        )
    return change_request


def change_diff(change_request: ProfileChangeRequest) -> list[dict]:
    """Field by field: label, current value and proposed value, as people read them.

    Once approved, the profile holds the new values; the rows then come from the history the
    approval wrote, so "before" is what the profile said at that moment.
    """
    if change_request.status == ProfileChangeRequest.Status.APPROVED:
        changes = list(change_request.changes.order_by("pk"))
        lookups = history.Lookups(changes)
        return [{"field": change.field, "label": change.field_label,
                 "old": (_("previous logo") if change.old_value else "") if change.field == "logo"
                 else history.show_lazy(change.field, change.old_value, lookups),
                 "new": _("new logo") if change.field == "logo"
                 else history.show_lazy(change.field, change.new_value, lookups)}
                for change in changes]
    organisation = change_request.organization
    rows = []
    for field in PROFILE_FIELDS:
        if field not in change_request.proposed:
            continue
        rows.append({
            "field": field,
            "label": Organization._meta.get_field(field).verbose_name,
            "old": _display(field, _stored(organisation, field)),
            "new": _display(field, change_request.proposed[field]),
        })
    if change_request.proposed_logo:
        rows.append({"field": "logo", "label": Organization._meta.get_field("logo").verbose_name,
                     "old": _("current logo") if organisation.logo else "",
                     "new": _("new logo"), "logo": True})
    return rows


# Curation ----------------------------------------------------------------------------------------

@transaction.atomic
def submit_for_review(organisation: Organization, *, by, base_url: str = "") -> Organization:
    """A draft profile goes to its cluster managers for publication."""
    organisation = _lock(organisation)
    if not permissions.can_edit_profile(by, organisation):
        raise CurationError(_("You may not edit this profile."))
    if organisation.status != Organization.Status.DRAFT:
        raise CurationError(_("Only a draft can be submitted for review."))
    _set_status(organisation, Organization.Status.PENDING, by=by)
    _notify_curators(organisation, what="profile",
                     key=f"members:profile:{organisation.pk}:pending:{timezone.now().timestamp():.0f}",
                     reference=f"members.organization:{organisation.pk}", context={"person": str(by)},
                     base_url=base_url)
    return organisation


def _notify_published(organisation: Organization, *, base_url: str = "") -> None:
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
            reference=f"members.organization:{organisation.pk}",
            context={"organisation": organisation, "person": representative.user,
                     "base_url": base_url or settings.PORTAL_BASE_URL},
        )


def _set_status(organisation, status, *, by):
    old = organisation.status
    organisation.status = status
    organisation.save(update_fields=["status", "updated_at"])
    _record(organisation, by=by, field="status", old=old, new=status)


@transaction.atomic
def curate(organisation: Organization, *, by, status: str, stages, topics,
           base_url: str = "") -> list[str]:
    """Set publication status, value-chain stages and topics (cluster managers, admins).

    Publishing a profile that waited for review tells its representatives by e-mail.
    """
    organisation = _lock(organisation)
    if not permissions.can_curate_organisation(by, organisation):
        raise CurationError(_("You may not curate this profile."))
    changed = []
    if status != organisation.status:
        was_pending = organisation.status == Organization.Status.PENDING
        _set_status(organisation, status, by=by)
        changed.append("status")
        if was_pending and status == Organization.Status.PUBLISHED:
            _notify_published(organisation, base_url=base_url)
    for field, new in (("stages", list(stages)), ("topics", list(topics))):
        current = list(getattr(organisation, field).all())
        if {o.pk for o in current} == {o.pk for o in new}:
            continue
        getattr(organisation, field).set(new)
        _record(organisation, by=by, field=field, old=history.codes(current),
                new=history.codes(sorted(new, key=lambda o: getattr(o, "position", 0))))
        changed.append(field)
    return changed


def _history_value(membership: Membership) -> str:
    return history.membership(membership.cluster.name, membership.role, membership.status)


def has_rights_holders(organisation: Organization, *, besides: Organization) -> bool:
    """Whether someone already holds rights over the organisation, apart from the managers of
    `besides`: a confirmed representative, an active membership in another cluster, or (for a
    cluster) its own managers. Then a new membership needs their consent."""
    return (organisation.memberships.active().exclude(cluster=besides).exists()
            or organisation.representatives.filter(
                status=Representative.Status.CONFIRMED).exists()
            or (organisation.is_cluster and organisation.managers.exists()))


@transaction.atomic
def add_membership(cluster: Organization, organisation: Organization, *, by, role: str,
                   since=None, base_url: str = "") -> Membership:
    """Add an organisation to a cluster the person manages, or ask for it. Raises CurationError.

    An active membership makes the cluster's managers curators of the organisation. So it is
    active at once only if nobody holds rights over the organisation yet (a fresh or draft
    profile without representatives or other clusters). Otherwise it waits for the consent of
    those who do (its representatives, its other clusters' managers), who are told by e-mail;
    until one of them accepts (decide_membership) it grants nothing.
    """
    if not permissions.can_manage_cluster(by, cluster):
        raise CurationError(_("You may not manage the members of this cluster."))
    if organisation.pk == cluster.pk:
        raise CurationError(_("A cluster cannot be a member of itself."))
    # Serialises with other additions and decisions for the organisation: two clusters adding
    # a fresh organisation at once must not both find nobody to ask.
    organisation = _lock(organisation)
    if (organisation.status != Organization.Status.PUBLISHED
            and not permissions.can_curate_organisation(by, organisation)):
        # Adding it would make the manager a curator of another cluster's unpublished profile.
        raise CurationError(_("This organisation is not published yet."))
    existing = Membership.objects.filter(cluster=cluster, organization=organisation).first()
    if existing and existing.status == Membership.Status.PENDING:
        raise CurationError(_("This membership is already waiting for consent."))
    if existing and existing.status == Membership.Status.DECLINED:
        raise CurationError(_("This organisation declined the membership. Remove the declined "
                              "request before asking again."))
    if existing:
        raise CurationError(_("This organisation is already a member."))
    pending = has_rights_holders(organisation, besides=cluster)
    membership = Membership.objects.create(
        cluster=cluster, organization=organisation, role=role, since=since, requested_by=by,
        requested_at=timezone.now(),
        status=Membership.Status.PENDING if pending else Membership.Status.ACTIVE)
    _record(organisation, by=by, field="memberships", old="", new=_history_value(membership))
    if pending:
        _ask_for_consent(membership, base_url=base_url or settings.PORTAL_BASE_URL)
    return membership


def _ask_for_consent(membership: Membership, *, base_url: str) -> None:
    """Mail everyone who may accept the membership (never the requester), each in their
    language, with the page where they decide: managers their work queue, representatives the
    organisation's profile."""
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    organisation = membership.organization
    queue = base_url + reverse("members:queue")
    profile = base_url + organisation.get_absolute_url() + "#membership-requests"
    recipients = {user.pk: (user, queue) for user in _curators(organisation)}
    representatives = get_user_model().objects.filter(
        representations__organization=organisation, is_active=True,
        representations__status=Representative.Status.CONFIRMED).order_by("pk")
    for user in representatives:
        recipients.setdefault(user.pk, (user, profile))
    recipients.pop(membership.requested_by_id, None)
    for user, decide_url in recipients.values():
        mail.enqueue(
            "members_membership_requested", to=user.email, language=user.language,
            key=f"members:membership:{membership.pk}:requested:"
                f"{membership.requested_at.timestamp():.0f}:{user.pk}",
            reference=f"members.organization:{organisation.pk}",
            context={"membership": membership, "organisation": organisation,
                     "cluster": membership.cluster, "person": str(membership.requested_by or ""),
                     "decide_url": decide_url},
        )


@transaction.atomic
def decide_membership(membership: Membership, *, by, accept: bool,
                      base_url: str = "") -> Membership:
    """Accept (activate) or decline a membership waiting for consent. Raises CurationError.

    Those who may consent for the organisation decide (permissions.may_consent_for), never the
    person who asked. The requester is told by e-mail, in their language.
    """
    # Organisation first, then the membership: add_membership locks in the same order.
    organisation = _lock(membership.organization)
    membership = (Membership.objects.select_for_update().select_related("cluster")
                  .filter(pk=membership.pk).first())
    if membership is None:
        raise CurationError(_("This request has been withdrawn."))
    if membership.status != Membership.Status.PENDING:
        raise CurationError(_("This request has already been decided."))
    if membership.requested_by_id == by.pk:
        raise CurationError(OWN_REQUEST)
    if not permissions.may_consent_for(by, organisation):
        raise CurationError(_("You may not decide on the memberships of this organisation."))
    membership.organization = organisation
    old = _history_value(membership)
    membership.status = Membership.Status.ACTIVE if accept else Membership.Status.DECLINED
    membership.decided_by = by
    membership.decided_at = timezone.now()
    membership.save(update_fields=["status", "decided_by", "decided_at"])
    _record(organisation, by=by, field="memberships", old=old, new=_history_value(membership))
    requester = membership.requested_by
    if requester and requester.is_active:
        mail.enqueue(
            "members_membership_decided", to=requester.email, language=requester.language,
            key=f"members:membership:{membership.pk}:{membership.status}:"
                f"{membership.decided_at.timestamp():.0f}",
            reference=f"members.organization:{organisation.pk}",
            context={"membership": membership, "organisation": organisation,
                     "cluster": membership.cluster, "accepted": accept,
                     "base_url": base_url or settings.PORTAL_BASE_URL},
        )
    return membership


@transaction.atomic
def remove_membership(membership: Membership, *, by) -> None:
    """End a membership, withdraw a request still waiting, or clear a declined one."""
    if not permissions.can_manage_cluster(by, membership.cluster):
        raise CurationError(_("You may not manage the members of this cluster."))
    _record(membership.organization, by=by, field="memberships",
            old=_history_value(membership), new="")
    membership.delete()


# Logos -------------------------------------------------------------------------------------------

def prepare_logo(upload) -> ContentFile:
    """Check an uploaded logo by its content and shrink it for display (PNG, at most 400 px).

    Raises CurationError for files over 2 MB, images that are not PNG, JPEG or WebP (whatever
    the file name says), broken images, and images over LOGO_MAX_PIXELS ("too large").
    """
    from PIL import Image, UnidentifiedImageError

    if upload.size > LOGO_MAX_BYTES:
        raise CurationError(_("The logo may be at most 2 MB."))
    upload.seek(0)
    data = upload.read()
    try:
        with Image.open(io.BytesIO(data)) as probe:
            kind = probe.format
            width, height = probe.size
            probe.verify()
        if kind not in LOGO_FORMATS:
            raise CurationError(_("The logo must be a PNG, JPEG or WebP image."))
        if width * height > LOGO_MAX_PIXELS:
            raise CurationError(TOO_MANY_PIXELS)
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            image = image.convert("RGBA" if image.mode in ("RGBA", "LA", "P") else "RGB")
            image.thumbnail((LOGO_DISPLAY_SIZE, LOGO_DISPLAY_SIZE))
            out = io.BytesIO()
            image.save(out, format="PNG", optimize=True)
    except CurationError:
        raise
    except Image.DecompressionBombError:
        # Pillow refuses images over twice its own limit as soon as it reads the header.
        raise CurationError(TOO_MANY_PIXELS) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise CurationError(_("The logo must be a PNG, JPEG or WebP image.")) from None
    return ContentFile(out.getvalue())


@transaction.atomic
def set_logo(organisation: Organization, upload, *, by,
             base_url: str = "") -> ProfileChangeRequest | None:
    """Replace the logo (validated and resized), or propose it for review. Raises CurationError.

    As with edit_profile, a representative's new logo for a published profile becomes a change
    request holding the resized image until a cluster manager decides (they are told by e-mail);
    otherwise the logo changes at once, recorded in the history. Returns the change request or None.
    """
    content = prepare_logo(upload)
    organisation = _lock(organisation)
    if not permissions.can_edit_profile(by, organisation):
        raise CurationError(_("You may not edit this profile."))
    if not _needs_review(organisation, by):
        _replace_logo(organisation, content, by=by)
        return None
    change_request = ProfileChangeRequest(organization=organisation, requested_by=by, proposed={})
    change_request.proposed_logo.save(f"{organisation.slug}.png", content, save=False)
    change_request.save()
    _ask_for_review(change_request, by=by, base_url=base_url)
    return change_request


def _replace_logo(organisation: Organization, content, *, by, change_request=None) -> None:
    old = organisation.logo.name if organisation.logo else ""
    organisation.logo.save(f"{organisation.slug}.png", content, save=False)
    organisation.save(update_fields=["logo", "updated_at"])
    _record(organisation, by=by, field="logo", old=old, new=organisation.logo.name,
            change_request=change_request)
    if old and old != organisation.logo.name:
        _delete_file_on_commit(organisation.logo.storage, old)


def _delete_file_on_commit(storage, name: str) -> None:
    # After commit: a rolled-back transaction must still find the file it points to.
    transaction.on_commit(lambda: storage.delete(name))


# Contact persons and new members -----------------------------------------------------------------

CONTACT_FIELDS = ("name", "function", "email", "phone", "public_consent")


@transaction.atomic
def save_contacts(organisation: Organization, *, by, rows: list[dict]) -> None:
    """Create, change and delete contact persons; rows are {"id", "delete", **CONTACT_FIELDS}.

    Contact persons belong to the organisation's own data, so representatives change them
    directly (also on published profiles); only those with consent are ever shown publicly.
    """
    organisation = _lock(organisation)
    if not permissions.can_edit_profile(by, organisation):
        raise CurationError(_("You may not edit this profile."))
    existing = {c.pk: c for c in organisation.contacts.all()}
    for row in rows:
        contact = existing.get(row.get("id"))
        if contact and row.get("delete"):
            _record(organisation, by=by, field="contacts", old=history.contact(contact), new="")
            contact.delete()
        elif contact:
            old = history.contact(contact)
            changed = [f for f in CONTACT_FIELDS if getattr(contact, f) != row[f]]
            if changed:
                for field in changed:
                    setattr(contact, field, row[field])
                contact.save(update_fields=changed)
                _record(organisation, by=by, field="contacts", old=old, new=history.contact(contact))
        elif not row.get("delete") and row.get("name"):
            contact = organisation.contacts.create(**{f: row[f] for f in CONTACT_FIELDS})
            _record(organisation, by=by, field="contacts", old="", new=history.contact(contact))


# Addresses of directory pages that no organisation may take.
RESERVED_SLUGS = {"curation", "new"}


def unique_slug(name: str) -> str:
    from django.utils.text import slugify

    base = slugify(name)[:180] or "organisation"
    slug, n = base, 2
    while slug in RESERVED_SLUGS or Organization.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _check_name(name: str) -> None:
    # Without a letter or digit (say, only invisible direction marks) a name shows as nothing.
    if not any(character.isalnum() for character in name):
        raise CurationError(_("The name must contain at least one letter or digit."))


def open_proposals(user):
    """Organisations the person proposed that still wait for a cluster manager's review."""
    return Organization.objects.filter(
        status=Organization.Status.PENDING, representatives__user=user,
        representatives__status=Representative.Status.REQUESTED)


@transaction.atomic
def propose_organisation(user, *, name: str, kind: str, cluster: Organization, city: str = "",
                         region=None, website: str = "", description_de: str = "",
                         message: str = "", base_url: str = "") -> Organization:
    """A signed-in person registers an organisation missing from the directory.

    It is created as a pending profile, a member of the chosen cluster, with the person as
    requested representative; the cluster's managers publish it and confirm the person.
    Raises CurationError for a name without a letter or digit, and when the person already
    has PORTAL_MAX_OPEN_PROPOSALS proposals waiting for review.
    """
    if not cluster.is_cluster or cluster.status != Organization.Status.PUBLISHED:
        raise CurationError(_("Please choose a cluster or network of the portal."))
    _check_name(name)
    # Locks the person: two proposals sent at once would both count the same open ones.
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    if open_proposals(user).count() >= settings.PORTAL_MAX_OPEN_PROPOSALS:
        raise CurationError(
            _("You already have as many proposed organisations waiting for review as one person "
              "may (%(count)s). Please wait until a cluster manager has decided on them.")
            % {"count": settings.PORTAL_MAX_OPEN_PROPOSALS})
    organisation = Organization.objects.create(
        name=name, slug=unique_slug(name), kind=kind, city=city, region=region, website=website,
        description_de=description_de, status=Organization.Status.PENDING)
    Membership.objects.create(organization=organisation, cluster=cluster,
                              status=Membership.Status.ACTIVE)
    Representative.objects.create(user=user, organization=organisation, message=message)
    _record(organisation, by=user, field="status", old="", new=organisation.status)
    _notify_curators(organisation, what="profile", key=f"members:profile:{organisation.pk}:proposed",
                     reference=f"members.organization:{organisation.pk}",
                     context={"person": str(user)}, base_url=base_url)
    return organisation


@transaction.atomic
def create_member(cluster: Organization, *, by, name: str, kind: str, city: str = "",
                  region=None) -> Organization:
    """A cluster manager adds a new organisation to their cluster, as a draft profile."""
    if not permissions.can_manage_cluster(by, cluster):
        raise CurationError(_("You may not manage the members of this cluster."))
    _check_name(name)
    organisation = Organization.objects.create(name=name, slug=unique_slug(name), kind=kind, city=city,
                                               region=region, status=Organization.Status.DRAFT)
    Membership.objects.create(organization=organisation, cluster=cluster, requested_by=by,
                              requested_at=timezone.now(), status=Membership.Status.ACTIVE)
    _record(organisation, by=by, field="status", old="", new=organisation.status)
    _record(organisation, by=by, field="memberships", old="",
            new=history.membership(cluster.name, Membership.Role.MEMBER))
    return organisation

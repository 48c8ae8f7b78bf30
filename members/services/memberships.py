"""Cluster memberships: added by the cluster's managers, with the consent of those who already
hold rights over the organisation; accepted or declined by them; removed by the cluster."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members import history, permissions, selectors
from members.models import Membership, Organization
from members.services._common import (
    ALREADY_DECIDED,
    MAY_NOT_MANAGE_CLUSTER,
    NOT_PUBLISHED,
    OWN_REQUEST,
    WITHDRAWN_MEANWHILE,
    CurationError,
    lock_organisation,
    log,
    record,
    reference,
)
from network_portal import links, mail
from network_portal.locking import lock_if_exists


def _history_value(membership: Membership) -> str:
    return history.membership(membership.cluster.name, membership.role, membership.status)


@transaction.atomic
def add_membership(cluster: Organization, organisation: Organization, *, by, role: str,
                   since=None) -> Membership:
    """Add an organisation to a cluster the person manages, or ask for it. Raises CurationError.

    An active membership makes the cluster's managers curators of the organisation. So it is
    active at once only if nobody holds rights over the organisation yet (a fresh or draft
    profile without representatives or other clusters). Otherwise it waits for the consent of
    those who do (its representatives, its other clusters' managers), who are told by e-mail;
    until one of them accepts (decide_membership) it grants nothing.
    """
    if not permissions.can_manage_cluster(by, cluster):
        raise CurationError(MAY_NOT_MANAGE_CLUSTER)
    if organisation.pk == cluster.pk:
        raise CurationError(_("A cluster cannot be a member of itself."))
    # Serialises with other additions and decisions for the organisation: two clusters adding
    # a fresh organisation at once must not both find nobody to ask.
    organisation = lock_organisation(organisation, by=by)
    if not organisation.is_public and not permissions.can_curate_organisation(by, organisation):
        # Adding it would make the manager a curator of another cluster's unpublished profile.
        raise CurationError(NOT_PUBLISHED)
    existing = Membership.objects.filter(cluster=cluster, organization=organisation).first()
    if existing and existing.status == Membership.Status.PENDING:
        raise CurationError(_("This membership is already waiting for consent."))
    if existing and existing.status == Membership.Status.DECLINED:
        raise CurationError(_("This organisation declined the membership. Remove the declined "
                              "request before asking again."))
    if existing:
        raise CurationError(_("This organisation is already a member."))
    pending = selectors.has_rights_holders(organisation, besides=cluster)
    membership = Membership.objects.create(
        cluster=cluster, organization=organisation, role=role, since=since, requested_by=by,
        requested_at=timezone.now(),
        status=Membership.Status.PENDING if pending else Membership.Status.ACTIVE)
    record(organisation, by=by, field="memberships", old="", new=_history_value(membership))
    log(organisation, "members.membership.requested" if pending else "members.membership.added",
        by=by, cluster=cluster.slug, role=role)
    if pending:
        _ask_for_consent(membership)
    return membership


def _ask_for_consent(membership: Membership) -> None:
    """Mail everyone who may accept the membership (never the requester), each in their
    language, with the page where they decide: managers their work queue, representatives the
    organisation's profile."""
    organisation = membership.organization
    queue = links.url("members:queue")
    profile = links.absolute_url(organisation.get_absolute_url() + "#membership-requests")
    recipients = {user.pk: (user, queue) for user in selectors.curators(organisation)}
    for user in selectors.representative_users(organisation):
        recipients.setdefault(user.pk, (user, profile))
    recipients.pop(membership.requested_by_id, None)
    for user, decide_url in recipients.values():
        mail.enqueue(
            "members_membership_requested", to=user.email, language=user.language,
            key=f"members:membership:{membership.pk}:requested:"
                f"{membership.requested_at.timestamp():.0f}:{user.pk}",
            reference=reference(organisation),
            context={"membership": membership, "organisation": organisation,
                     "cluster": membership.cluster, "person": str(membership.requested_by or ""),
                     "decide_url": decide_url},
        )


@transaction.atomic
def decide_membership(membership: Membership, *, by, accept: bool) -> Membership:
    """Accept (activate) or decline a membership waiting for consent. Raises CurationError.

    Those who may consent for the organisation decide (permissions.may_consent_for), never the
    person who asked. The requester is told by e-mail, in their language.
    """
    # Organisation first, then the membership: add_membership locks in the same order.
    organisation = lock_organisation(membership.organization, by=by)
    membership = lock_if_exists(Membership.objects.select_related("cluster"), pk=membership.pk)
    if membership is None:
        raise CurationError(WITHDRAWN_MEANWHILE)
    if membership.status != Membership.Status.PENDING:
        raise CurationError(ALREADY_DECIDED)
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
    record(organisation, by=by, field="memberships", old=old, new=_history_value(membership))
    log(organisation, "members.membership.accepted" if accept else "members.membership.declined",
        by=by, cluster=membership.cluster.slug)
    requester = membership.requested_by
    if requester and requester.is_active:
        mail.enqueue(
            "members_membership_decided", to=requester.email, language=requester.language,
            key=f"members:membership:{membership.pk}:{membership.status}:"
                f"{membership.decided_at.timestamp():.0f}",
            reference=reference(organisation),
            context={"membership": membership, "organisation": organisation,
                     "cluster": membership.cluster, "accepted": accept,
                     "memberships_url": links.url("members:memberships",
                                                  membership.cluster.slug)},
        )
    return membership


# What removing a membership means, by its status: the audit entry says which.
_REMOVAL_ACTIONS = {
    Membership.Status.ACTIVE: "members.membership.removed",
    Membership.Status.PENDING: "members.membership.withdrawn",
    Membership.Status.DECLINED: "members.membership.cleared",
}


@transaction.atomic
def remove_membership(membership: Membership, *, by) -> str | None:
    """End a membership, withdraw a request still waiting, or clear a declined one (the
    cluster's managers). Returns the status it had (None if it was gone already).
    Raises CurationError."""
    if not permissions.can_manage_cluster(by, membership.cluster):
        raise CurationError(MAY_NOT_MANAGE_CLUSTER)
    # Organisation first, then the membership, as decide_membership: a request withdrawn
    # while someone accepts it is either accepted first (then ended) or gone (then refused).
    organisation = lock_organisation(membership.organization, by=by)
    current = lock_if_exists(Membership.objects.select_related("cluster"), pk=membership.pk)
    if current is None:
        return None  # removed meanwhile: nothing left to do
    current.organization = organisation
    record(organisation, by=by, field="memberships", old=_history_value(current), new="")
    log(organisation, _REMOVAL_ACTIONS[current.status], by=by, cluster=current.cluster.slug)
    current.delete()
    return current.status

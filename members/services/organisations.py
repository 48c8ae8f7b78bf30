"""New organisations: registered by a signed-in person for review, or created by a cluster
manager as a draft member of their cluster."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from members import history, permissions, selectors
from members.models import Membership, Organization, Representative
from members.services._common import (
    MAY_NOT_MANAGE_CLUSTER,
    CurationError,
    log,
    notify_curators,
    record,
)
from network_portal.locking import lock

# Addresses of directory pages that no organisation may take.
RESERVED_SLUGS = {"curation", "new", "search"}


def unique_slug(name: str) -> str:
    base = slugify(name)[:180] or "organisation"
    slug, n = base, 2
    while slug in RESERVED_SLUGS or Organization.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _check_name(name: str) -> None:
    # Without a letter or digit (say, only invisible direction marks) a name shows as nothing.
    if not any(character.isalnum() for character in name):
        raise CurationError(_("The name must contain at least one letter or digit."))


@transaction.atomic
def propose_organisation(*, by, name: str, kind: str, cluster: Organization, city: str = "",
                         region=None, website: str = "", description_de: str = "",
                         message: str = "") -> Organization:
    """A signed-in person (`by`) registers an organisation missing from the directory.

    It is created as a pending profile, a member of the chosen cluster, with the person as
    requested representative; the cluster's managers publish it and confirm the person.
    Raises CurationError for a name without a letter or digit, and when the person already
    has PORTAL_MAX_OPEN_PROPOSALS proposals waiting for review.
    """
    if not (by.is_authenticated and by.is_active):
        raise CurationError(_("Please sign in to register an organisation."))
    if not cluster.is_cluster or not cluster.is_public:
        raise CurationError(_("Please choose a cluster or network of the portal."))
    _check_name(name)
    # Locks the person: two proposals sent at once would both count the same open ones.
    lock(get_user_model(), pk=by.pk)
    if selectors.open_proposals(by).count() >= settings.PORTAL_MAX_OPEN_PROPOSALS:
        raise CurationError(
            _("You already have as many proposed organisations waiting for review as one person "
              "may (%(count)s). Please wait until a cluster manager has decided on them.")
            % {"count": settings.PORTAL_MAX_OPEN_PROPOSALS})
    organisation = Organization.objects.create(
        name=name, slug=unique_slug(name), kind=kind, city=city, region=region, website=website,
        description_de=description_de, status=Organization.Status.PENDING)
    Membership.objects.create(organization=organisation, cluster=cluster,
                              status=Membership.Status.ACTIVE)
    Representative.objects.create(user=by, organization=organisation, message=message)
    record(organisation, by=by, field="status", old="", new=organisation.status)
    log(organisation, "members.organisation.proposed", by=by, cluster=cluster.slug)
    notify_curators(organisation, what="profile",
                    key=f"members:profile:{organisation.pk}:proposed",
                    context={"person": str(by)})
    return organisation


@transaction.atomic
def create_member(cluster: Organization, *, by, name: str, kind: str, city: str = "",
                  region=None) -> Organization:
    """A cluster manager adds a new organisation to their cluster, as a draft profile.
    Raises CurationError."""
    if not permissions.can_manage_cluster(by, cluster):
        raise CurationError(MAY_NOT_MANAGE_CLUSTER)
    _check_name(name)
    organisation = Organization.objects.create(name=name, slug=unique_slug(name), kind=kind,
                                               city=city, region=region,
                                               status=Organization.Status.DRAFT)
    Membership.objects.create(organization=organisation, cluster=cluster, requested_by=by,
                              requested_at=timezone.now(), status=Membership.Status.ACTIVE)
    record(organisation, by=by, field="status", old="", new=organisation.status)
    record(organisation, by=by, field="memberships", old="",
           new=history.membership(cluster.name, Membership.Role.MEMBER))
    log(organisation, "members.organisation.created", by=by, cluster=cluster.slug)
    return organisation

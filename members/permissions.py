"""Who may do what in the members app: curation, representatives, clusters.

Views, exports and templates ask these predicates; no inline role checks. The roles themselves
come from `network_portal.permissions` (re-exported here for the app's callers).
"""

import functools

from django.db import connection

from members.models import Membership, Organization, Representative
from network_portal.permissions import (  # noqa: F401 - the app's callers ask here
    CLUSTER_MANAGERS,
    is_admin,
    is_cluster_manager,
    is_economic_development,
    is_staff_member,
    require,
    rows_of,
)


def forget_rights(user) -> None:
    """Drop the clusters and representations cached on the user object, so the next predicate
    reads what is committed now: a service checks its rule again once it holds its lock."""
    for name in ("_portal_clusters", "_portal_representations"):
        vars(user).pop(name, None)


def managed_cluster_ids(user) -> set[int]:
    """The clusters this person manages (empty unless they are in the cluster-manager role)."""
    if not is_cluster_manager(user):
        return set()
    if not hasattr(user, "_portal_clusters"):
        user._portal_clusters = set(user.managed_clusters.values_list("pk", flat=True))
    return user._portal_clusters


def manages_any(user, organisation_ids) -> bool:
    """Whether the person manages one of the given clusters."""
    return bool(managed_cluster_ids(user) & set(organisation_ids))


def _representations(user) -> set[tuple[int, str]]:
    """(organisation id, status) of the person's confirmed and requested representations: one
    query for both, cached on the user object like the roles (a profile asks both)."""
    if not hasattr(user, "_portal_representations"):
        # SQL for the reason `network_portal.permissions._group_names` gives.
        user._portal_representations = set(rows_of(_REPRESENTATIONS_SQL(), [user.pk]))
    return user._portal_representations


def remember_representations(user, rows) -> None:
    """The person's representations, read with the user (portal.auth): [organisation id, status]
    pairs, no query of their own."""
    user._portal_representations = {(int(pk), status) for pk, status in rows}


def _select_representations(columns: str, user_id: str) -> str:
    """The SELECT of a person's confirmed and requested representations (alias r)."""
    quote = connection.ops.quote_name
    statuses = ", ".join(f"'{status}'" for status in (Representative.Status.CONFIRMED,
                                                     Representative.Status.REQUESTED))
    return (f"SELECT {columns} FROM {quote(Representative._meta.db_table)} r "
            f"WHERE r.{quote('user_id')} = {user_id} AND r.{quote('status')} IN ({statuses})")


@functools.cache
def REPRESENTATIONS_COLUMN_SQL() -> str:  # noqa: N802 - a constant, built once models are loaded
    """`_representations` as one array column ([id, status] text pairs) over the users (u)."""
    quote = connection.ops.quote_name
    pair = f"ARRAY[r.{quote('organization_id')}::text, r.{quote('status')}]"
    return f"ARRAY({_select_representations(pair, 'u.' + quote('id'))})"


@functools.cache
def _REPRESENTATIONS_SQL() -> str:  # noqa: N802 - a constant, built once the models are loaded
    quote = connection.ops.quote_name
    return _select_representations(f"r.{quote('organization_id')}, r.{quote('status')}", "%s")


def represented_organisation_ids(user) -> set[int]:
    """Organisations this person is a confirmed representative of."""
    if not (user and user.is_authenticated and user.is_active):
        return set()
    return {pk for pk, status in _representations(user)
            if status == Representative.Status.CONFIRMED}


def representation_ids(user) -> set[int]:
    """Organisations this person represents or has asked to represent."""
    if not (user and user.is_authenticated and user.is_active):
        return set()
    return {pk for pk, _status in _representations(user)}


def representation_requested(user, organisation) -> bool:
    """Whether the person's request to represent the organisation waits for a manager."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    return (organisation.pk, Representative.Status.REQUESTED) in _representations(user)


def _cluster_ids_of(organisation) -> set[int]:
    """The clusters an organisation actively belongs to, and the organisation itself if it is a
    cluster. A membership waiting for consent (or declined) grants nothing."""
    # Cached on the instance like the user's roles: a page asks several predicates.
    if not hasattr(organisation, "_portal_cluster_ids"):
        # Through the model, not the relation: a page's prefetch of the memberships may hold
        # only some of them (the profile shows published clusters only).
        ids = set(Membership.objects.filter(organization=organisation,
                                            status=Membership.Status.ACTIVE)
                  .order_by().values_list("cluster_id", flat=True))
        if organisation.kind == Organization.Kind.CLUSTER:
            ids.add(organisation.pk)
        organisation._portal_cluster_ids = ids
    return organisation._portal_cluster_ids


def can_curate_organisation(user, organisation) -> bool:
    """Admins, and cluster managers of one of the organisation's clusters (or of the cluster itself)."""
    if is_admin(user):
        return True
    if not managed_cluster_ids(user):
        return False
    return manages_any(user, _cluster_ids_of(organisation))


def can_manage_cluster(user, cluster) -> bool:
    """Admins, and the managers of this cluster: they add and remove its memberships."""
    return is_admin(user) or (cluster.kind == Organization.Kind.CLUSTER
                              and cluster.pk in managed_cluster_ids(user))


def can_edit_profile(user, organisation) -> bool:
    """Confirmed representatives and curators of the organisation."""
    return (organisation.pk in represented_organisation_ids(user)
            or can_curate_organisation(user, organisation))


def may_consent_for(user, organisation) -> bool:
    """Those who already hold rights over the organisation: its confirmed representatives, its
    curators (managers of its active clusters, or of itself if it is a cluster) and admins. They
    accept or decline a cluster's request to take it in as a member. (The people who may edit
    its profile; a membership waiting for consent makes nobody one of them.)"""
    return can_edit_profile(user, organisation)


def _own_request(user, requester_id) -> bool:
    return bool(user and user.is_authenticated and requester_id == user.pk)


def can_review_change_request(user, change_request) -> bool:
    """Approve or reject a change request: the organisation's curators, except its author."""
    return (not _own_request(user, change_request.requested_by_id)
            and can_curate_organisation(user, change_request.organization))


def can_see_curation_queue(user) -> bool:
    return is_admin(user) or bool(managed_cluster_ids(user))


def can_export_directory(user) -> bool:
    """Cluster managers, economic-development staff and admins export the directory."""
    return is_economic_development(user) or is_cluster_manager(user)


def acts_for(user, organisations) -> list:
    """Of these organisations (an event's or a trip's organisers), those this person acts for:
    all of them for economic-development staff and admins, else the clusters they manage and
    the organisations they represent. They may save a choice of export columns for them."""
    if is_economic_development(user):
        return list(organisations)
    mine = managed_cluster_ids(user) | represented_organisation_ids(user)
    return [organisation for organisation in organisations if organisation.pk in mine]

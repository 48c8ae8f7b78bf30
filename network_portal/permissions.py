"""Who may do what. Views, exports and templates ask these predicates; no inline role checks.

Roles: administrators (superusers), economic-development staff (group "Economic development"),
cluster managers (group "Cluster managers", linked to the clusters they manage through
`Organization.managers`). Everyone else is a member or the public.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

CLUSTER_MANAGERS = "Cluster managers"
ECONOMIC_DEVELOPMENT = "Economic development"
ROLE_LABELS = {
    CLUSTER_MANAGERS: _("Cluster managers"),
    ECONOMIC_DEVELOPMENT: _("Economic development"),
}


def _group_names(user) -> set[str]:
    # Cached on the user object: a page asks several predicates, one query is enough.
    if not hasattr(user, "_portal_groups"):
        user._portal_groups = set(user.groups.values_list("name", flat=True))
    return user._portal_groups


def is_admin(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.is_superuser)


def is_economic_development(user) -> bool:
    if not (user and user.is_authenticated and user.is_active):
        return False
    return is_admin(user) or ECONOMIC_DEVELOPMENT in _group_names(user)


def is_cluster_manager(user) -> bool:
    if not (user and user.is_authenticated and user.is_active):
        return False
    return CLUSTER_MANAGERS in _group_names(user)


def managed_cluster_ids(user) -> set[int]:
    """The clusters this person manages (empty unless they are in the cluster-manager role)."""
    if not is_cluster_manager(user):
        return set()
    if not hasattr(user, "_portal_clusters"):
        user._portal_clusters = set(user.managed_clusters.values_list("pk", flat=True))
    return user._portal_clusters


def is_staff_member(user) -> bool:
    """Admins, economic-development staff and cluster managers: they see staff tools."""
    return is_economic_development(user) or is_cluster_manager(user)


def manages_any(user, organisation_ids) -> bool:
    """Whether the person manages one of the given clusters."""
    return bool(managed_cluster_ids(user) & set(organisation_ids))


def require(allowed: bool) -> None:
    """Raise 403 unless `allowed`: views open with `require(can_…(request.user, obj))`."""
    if not allowed:
        raise PermissionDenied


def represented_organisation_ids(user) -> set[int]:
    """Organisations this person is a confirmed representative of."""
    if not (user and user.is_authenticated and user.is_active):
        return set()
    if not hasattr(user, "_portal_represented"):
        user._portal_represented = set(
            user.representations.filter(status="confirmed").values_list("organization_id", flat=True)
        )
    return user._portal_represented


# --- members ------------------------------------------------------------------------------------

def _cluster_ids_of(organisation) -> set[int]:
    """The clusters an organisation belongs to, and the organisation itself if it is a cluster."""
    # Cached on the instance like the user's roles: a page asks several predicates.
    if not hasattr(organisation, "_portal_cluster_ids"):
        ids = set(organisation.memberships.values_list("cluster_id", flat=True))
        if organisation.kind == "cluster":
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
    return is_admin(user) or (cluster.kind == "cluster" and cluster.pk in managed_cluster_ids(user))


def can_edit_profile(user, organisation) -> bool:
    """Confirmed representatives and curators of the organisation."""
    return (organisation.pk in represented_organisation_ids(user)
            or can_curate_organisation(user, organisation))


def can_see_curation_queue(user) -> bool:
    return is_admin(user) or bool(managed_cluster_ids(user))


def can_export_directory(user) -> bool:
    """Cluster managers, economic-development staff and admins export the directory."""
    return is_economic_development(user) or is_cluster_manager(user)



# --- events -------------------------------------------------------------------------------------

def _event_organiser_ids(event) -> set[int]:
    # Uses the prefetched organisers when the caller loaded them (lists ask once per page).
    return {organisation.pk for organisation in event.organisers.all()}


def can_create_event(user) -> bool:
    """Cluster managers (for their clusters), economic-development staff and admins."""
    return is_economic_development(user) or bool(managed_cluster_ids(user))


def can_manage_event(user, event) -> bool:
    """Edit the event, its agenda, see its outbox: staff, or a manager of an organising cluster."""
    if is_economic_development(user):
        return True
    return manages_any(user, _event_organiser_ids(event))


def can_see_participants(user, event) -> bool:
    """The participant list, check-in, print views and exports: the staff, the managers of an
    organising cluster, and confirmed representatives of an organising organisation (who may
    not edit the event)."""
    if can_manage_event(user, event):
        return True
    return bool(represented_organisation_ids(user) & _event_organiser_ids(event))


def can_export_all_registrations(user) -> bool:
    """The registrations of every event in a period (funding reports): economic development
    and admins, who see all participant lists anyway."""
    return is_economic_development(user)


# --- delegations --------------------------------------------------------------------------------

def _trip_organiser_ids(trip) -> set[int]:
    # .all() uses a prefetch when the view made one.
    return {organisation.pk for organisation in trip.organisers.all()}


def can_create_trip(user) -> bool:
    """Economic-development staff, admins and cluster managers may set up delegation trips."""
    return is_economic_development(user) or is_cluster_manager(user)


def can_manage_trip(user, trip) -> bool:
    """Edit the trip, see and decide applications: admins, economic development, and the cluster
    managers of an organising cluster."""
    if is_economic_development(user):
        return True
    return bool(managed_cluster_ids(user)) and manages_any(user, _trip_organiser_ids(trip))


def can_see_trip_participants(user, trip) -> bool:
    """The participant overview: public when the organiser enabled it, else the trip's staff."""
    if trip.status == "draft":
        return can_manage_trip(user, trip)
    return bool(trip.public_overview) or can_manage_trip(user, trip)


def can_export_trip_participants(user, trip) -> bool:
    """The full list (all applications, personal data): organisers and economic development."""
    return can_manage_trip(user, trip)


def hosted_trip_organisation_ids(user, trip) -> set[int]:
    """The organisations this person represents that host a stop of the trip."""
    represented = represented_organisation_ids(user)
    if not represented:
        return set()
    return represented & {stop.host_id for stop in trip.stops.all() if stop.host_id}


def can_see_trip_as_host(user, trip) -> bool:
    """Confirmed representatives of a stop's host organisation prepare their meetings."""
    return trip.status != "draft" and bool(hosted_trip_organisation_ids(user, trip))

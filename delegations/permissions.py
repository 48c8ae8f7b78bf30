"""Who may set up and manage a delegation trip, see its participants, or prepare as a host."""

from delegations.models import DelegationTrip
from members.permissions import (  # noqa: F401 - the app's callers ask here
    CLUSTER_MANAGERS,
    is_cluster_manager,
    is_economic_development,
    is_staff_member,
    managed_cluster_ids,
    manages_any,
    represented_organisation_ids,
    require,
)


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
    if trip.status == DelegationTrip.Status.DRAFT:
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
    return trip.status != DelegationTrip.Status.DRAFT and bool(hosted_trip_organisation_ids(user, trip))

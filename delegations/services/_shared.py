"""What the delegations services share: the trip lock, the rule of who manages, mail context."""

from django.utils.translation import gettext_lazy as _

from delegations import permissions
from delegations.models import DelegationTrip
from delegations.services.errors import NotAllowed
from network_portal import links
from network_portal.locking import lock

NOT_ORGANISER = _("Only the trip's organisers and economic development may do this.")


def lock_trip(trip) -> DelegationTrip:
    return lock(DelegationTrip, pk=trip.pk)


def require_manager(by, trip) -> None:
    """Raise NotAllowed unless `by` manages the trip (`by=None`, the portal itself, may)."""
    if by is not None and not permissions.can_manage_trip(by, trip):
        raise NotAllowed(NOT_ORGANISER, code="not_organiser")


def reference(trip) -> str:
    return trip.reference


def context(application, **extra) -> dict:
    # E-mails are rendered outside a request (beat, worker): links carry the configured address.
    trip = application.trip
    return {"application": application, "trip": trip,
            "trip_url": links.absolute_url(trip.get_absolute_url()),
            "my_portal_url": links.url("my_portal"), **extra}

"""Reads of the reports app: what erased accounts left for the figures, the organiser choices."""

from delegations import selectors as trip_selectors
from events import selectors as event_selectors
from members import selectors as member_selectors
from reports.models import ErasedParticipation


def erased(event_ids, trip_ids) -> list[tuple[int | None, int | None, str, int | None]]:
    """(event id, trip id, status, organisation id) of the erased rows of these events and
    trips. One query."""
    from django.db.models import Q

    if not event_ids and not trip_ids:
        return []
    return list(ErasedParticipation.objects.filter(Q(event_id__in=event_ids)
                                                   | Q(trip_id__in=trip_ids))
                .values_list("event_id", "trip_id", "status", "organisation_id"))


def organiser_choices(scope: set[int] | None):
    """The organisations the person may pick as organiser: every one that organises an event
    or a trip (scope None), else those of the scope."""
    if scope is None:
        scope = event_selectors.organiser_ids() | trip_selectors.organiser_ids()
    return list(member_selectors.organisations_named(scope)) if scope else []


def my_portal_sections(user) -> list[dict]:
    """The link to the statistics on "My portal", for those who may see them."""
    from reports import permissions

    if not user.is_authenticated or not permissions.can_see_statistics(user):
        return []
    return [{"template": "reports/_my_statistics.html", "data": {}}]

"""Who may do what in matchmaking. Rights over an organisation are the members app's
(`members.permissions`): those who may edit a profile edit its offers and needs."""

from members import permissions as member_permissions
from members import selectors as member_selectors
from members.permissions import managed_cluster_ids, represented_organisation_ids  # noqa: F401
from network_portal.permissions import is_admin, require  # noqa: F401


def _signed_in(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def can_edit_interests(user, organisation) -> bool:
    """Confirmed representatives and curators: the people who may edit the profile."""
    return member_permissions.can_edit_profile(user, organisation)


def can_see_suggestions(user, organisation) -> bool:
    """Signed-in members, for a published profile (or one they may edit)."""
    return _signed_in(user) and (organisation.is_public or can_edit_interests(user, organisation))


def can_request_introduction(user, organisation) -> bool:
    """Signed-in members, for a published organisation they do not represent themselves."""
    return (_signed_in(user) and organisation.is_public
            and organisation.pk not in represented_organisation_ids(user))


def answerers(organisation):
    """Who an introduction request goes to and who may answer it: the organisation's confirmed
    representatives, or, if it has none, the managers of its clusters."""
    representatives = list(member_selectors.representative_users(organisation))
    return representatives or list(member_selectors.curators(organisation))


def can_answer_introduction(user, introduction) -> bool:
    """Those the request went to, never the person who asked."""
    if not _signed_in(user) or introduction.requested_by_id == user.pk:
        return False
    return any(person.pk == user.pk for person in answerers(introduction.organization))


def can_see_introduction(user, introduction) -> bool:
    return _signed_in(user) and (introduction.requested_by_id == user.pk
                                 or can_answer_introduction(user, introduction))


def can_see_room(user, participation) -> bool:
    """Who in this room fits me: only for participants themselves (a seat at the event, an
    accepted application for the trip: `participation` is that row, None if there is none)."""
    return _signed_in(user) and participation is not None


# B2B meetings at events and trips (matchmaking.meetings) -----------------------------------------

def can_manage_meetings(user, setup) -> bool:
    """Switch meetings on, see the grid, move or cancel meetings: the event's or trip's
    managers (events.permissions / delegations.permissions)."""
    from delegations import permissions as trip_permissions
    from events import permissions as event_permissions

    if not _signed_in(user):
        return False
    if setup.event_id:
        return event_permissions.can_manage_event(user, setup.event)
    return trip_permissions.can_manage_trip(user, setup.trip)


def participation(user, setup):
    """What lets `user` take part, or None: a confirmed registration (event); an accepted
    application, or representing the organisation that hosts the stop (trip)."""
    from delegations.models import Application, DelegationTrip
    from events.models import Registration

    if not _signed_in(user):
        return None
    if setup.event_id:
        if setup.event.is_cancelled:
            return None
        return (Registration.objects.filter(event_id=setup.event_id, user=user,
                                            status__in=Registration.SEATED)
                .select_related("organisation").first())
    if setup.trip.status == DelegationTrip.Status.CANCELLED:
        return None
    application = (Application.objects.filter(trip_id=setup.trip_id, user=user,
                                              status=Application.Status.ACCEPTED)
                   .select_related("organisation").first())
    if application is not None:
        return application
    # The other side of the table: confirmed representatives of the organisation hosting the
    # stop (for a whole trip: any stop), e.g. the German companies of an exchange day.
    from members.models import Organization

    hosts = ({setup.stop.host_id} if setup.stop_id else
             set(setup.trip.stops.exclude(host=None).values_list("host_id", flat=True)))
    hosting = sorted(hosts & represented_organisation_ids(user))
    if not hosting:
        return None
    return HostParticipation(Organization.objects.get(pk=hosting[0]))


class HostParticipation:
    """Takes part as a representative of a host organisation (not as an applicant)."""

    organisation_name = ""

    def __init__(self, organisation):
        self.organisation = organisation


def can_take_part_in_meetings(user, setup) -> bool:
    """Confirmed registrants of the event, accepted applicants of the trip."""
    return participation(user, setup) is not None


def can_see_meetings(user, setup) -> bool:
    """The meetings page: the participants (to opt in and ask) and the organisers."""
    return can_take_part_in_meetings(user, setup) or can_manage_meetings(user, setup)


def can_see_meeting(user, meeting) -> bool:
    """A request or meeting: its two people, and the organisers."""
    if not _signed_in(user):
        return False
    return (user.pk in (meeting.requester.user_id, meeting.invitee.user_id)
            or can_manage_meetings(user, meeting.setup))


def can_answer_meeting(user, meeting) -> bool:
    """Only the person asked, never the one who asked nor an organiser."""
    return _signed_in(user) and meeting.invitee.user_id == user.pk


def can_cancel_own_meeting(user, meeting) -> bool:
    """One of the meeting's two people, while it is booked (organisers: manage)."""
    return (_signed_in(user) and meeting.status == "accepted"
            and user.pk in (meeting.requester.user_id, meeting.invitee.user_id))

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

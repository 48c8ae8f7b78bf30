"""Who may create, manage and see the participants of an event."""

from members.permissions import (  # noqa: F401 - the app's callers ask here
    is_economic_development,
    managed_cluster_ids,
    manages_any,
    represented_organisation_ids,
    require,
)


def _event_organiser_ids(event) -> set[int]:
    # Uses the prefetched organisers when the caller loaded them (lists ask once per page);
    # else one query, kept on the instance for the page's other predicates.
    if "_portal_organiser_ids" not in vars(event):
        event._portal_organiser_ids = {organisation.pk for organisation in event.organisers.all()}
    return event._portal_organiser_ids


def can_create_event(user) -> bool:
    """Cluster managers (for their clusters), economic-development staff and admins."""
    return is_economic_development(user) or bool(managed_cluster_ids(user))


def may_organise(user, organisation_ids) -> bool:
    """Whether `user` may name these organisers: staff may name any, a cluster manager only a
    set that includes a cluster they manage (so nobody creates events in another's name)."""
    return is_economic_development(user) or manages_any(user, organisation_ids)


def can_manage_event(user, event) -> bool:
    """Edit the event, its agenda, see its outbox: staff, or a manager of an organising cluster."""
    if is_economic_development(user):
        return True
    # Only a cluster manager's rights need the organisers (a member's page asks no query).
    return bool(managed_cluster_ids(user)) and manages_any(user, _event_organiser_ids(event))


def can_manage_series(user, series) -> bool:
    """Edit the series and put events into it: staff, or a manager of one of its organisers
    (a series without organisers, set up in the admin, is the staff's)."""
    if is_economic_development(user):
        return True
    return manages_any(user, {organisation.pk for organisation in series.organisers.all()})


def can_see_participants(user, event) -> bool:
    """The participant list, check-in, print views and exports: the staff, the managers of an
    organising cluster, and confirmed representatives of an organising organisation (who may
    not edit the event), once it is published or cancelled: a draft is its managers' alone."""
    if can_manage_event(user, event):
        return True
    # A draft can still hold the cancelled registrations (names, diets) from before it went
    # back to draft; representatives see its list only once the managers publish it again.
    if event.is_draft:
        return False
    represented = represented_organisation_ids(user)
    return bool(represented) and bool(represented & _event_organiser_ids(event))


def can_export_all_registrations(user) -> bool:
    """The registrations of every event in a period (funding reports): economic development
    and admins, who see all participant lists anyway."""
    return is_economic_development(user)

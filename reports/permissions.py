"""Who may see the statistics for funding reports, and of which events and trips.

Economic-development staff and admins see every event and trip; cluster managers those their
clusters organise; everyone else nothing (403). The roles come from network_portal.permissions,
the clusters a person manages from members.permissions.
"""

from events.permissions import (  # noqa: F401 - the period's registrations, linked here
    can_export_all_registrations,
)
from members.permissions import (  # noqa: F401 - the app's callers ask here
    is_economic_development,
    managed_cluster_ids,
    require,
)


def can_see_statistics(user) -> bool:
    """The statistics page and its exports."""
    return is_economic_development(user) or bool(managed_cluster_ids(user))


def organiser_scope(user) -> set[int] | None:
    """The organisers whose events and trips the person's figures count: None for all (economic
    development, admins), else the clusters they manage (empty: nothing)."""
    if is_economic_development(user):
        return None
    return set(managed_cluster_ids(user))


def may_filter_by(user, organiser_id: int) -> bool:
    """Whether the person may ask for the figures of this one organiser."""
    scope = organiser_scope(user)
    return scope is None or organiser_id in scope

"""Who may handle barrier reports (the roles themselves live in network_portal.permissions)."""

from network_portal.permissions import is_economic_development


def can_handle_barrier_reports(user) -> bool:
    """Administrators and economic-development staff see the reports and mark them answered."""
    return is_economic_development(user)

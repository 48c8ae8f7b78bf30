def open_for_home(limit: int = 3):
    """Trips open for applications, for the home page (filled in by the delegations issue)."""
    return []


def my_portal_sections(user) -> list[dict]:
    return []


def trips_for_organisation(organisation, limit: int = 10):
    """Trips the organisation organises, hosts a stop of, or joins (for its member profile)."""
    return []

def upcoming_for_home(limit: int = 3):
    """Published upcoming events for the home page (filled in by the events issue)."""
    return []


def my_portal_sections(user) -> list[dict]:
    return []


def upcoming_for_organisation(organisation, limit: int = 10):
    """Upcoming published events the organisation organises (for its member profile)."""
    return []

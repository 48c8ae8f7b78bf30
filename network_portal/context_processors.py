from django.conf import settings


def portal(request):
    """What the base layout needs on every page: the languages of the switcher."""
    return {"portal_languages": settings.LANGUAGES}


def csrf(request):
    """A member page that is about to be stored for other members gets a placeholder for its
    forms' CSRF token, filled in for each request (network_portal.pagecache); every other page
    keeps Django's token."""
    from network_portal import pagecache

    if pagecache.member_page_pending(request):
        return {"csrf_token": pagecache.csrf_placeholder()}
    return {}

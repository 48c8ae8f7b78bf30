from django.conf import settings

from network_portal import permissions


def portal(request):
    """What the base layout needs on every page: the role badges for the navigation."""
    user = getattr(request, "user", None)
    return {
        "portal_languages": settings.LANGUAGES,
        "is_staff_member": bool(user and permissions.is_staff_member(user)),
    }

from django.conf import settings


def absolute_url(path: str) -> str:
    """A link for e-mails and calendar files, which are read outside a request."""
    return settings.PORTAL_BASE_URL + path

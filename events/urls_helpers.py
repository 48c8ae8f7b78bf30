from django.conf import settings


def absolute_url(path: str) -> str:
    """A link for e-mails and calendar files, which are read outside a request."""
    base = getattr(settings, "PORTAL_BASE_URL", "") or "http://127.0.0.1:8000"
    return base.rstrip("/") + path

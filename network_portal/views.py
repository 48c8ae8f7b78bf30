"""Views the library offers to every page (the language switch)."""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache


@never_cache
def set_language(request):
    """Keep the chosen language in its cookie and go back to `next` (a link, not a form).

    Django's own set_language changes the language only on POST, so the header's switch had
    to be a form with the visitor's CSRF token, which made every page private. This view sets
    nothing but the language cookie (as Django's does) and accepts GET and POST: a page with
    a plain link is the same for every visitor and can come from the shared cache.
    """
    params = request.POST if request.method == "POST" else request.GET
    next_url = params.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    language = params.get("language")
    if language in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME, language,
            max_age=settings.LANGUAGE_COOKIE_AGE, path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN, secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY, samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    return response

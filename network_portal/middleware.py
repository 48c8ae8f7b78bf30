from django.conf import settings
from django.utils import translation


def visitor_language(request) -> str:
    """The language the visitor chose (the cookie of the language switch), else German."""
    language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


class LanguageMiddleware:
    """Activate the language the visitor chose in the header, else German.

    Unlike Django's LocaleMiddleware this ignores the browser's Accept-Language: the portal is
    German first, and a visitor switches to English with one click (the choice is kept in a
    cookie by network_portal.views.set_language).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = visitor_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response

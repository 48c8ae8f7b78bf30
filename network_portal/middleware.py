from django.conf import settings
from django.utils import translation


class LanguageMiddleware:
    """Activate the language the visitor chose in the header, else German.

    Unlike Django's LocaleMiddleware this ignores the browser's Accept-Language: the portal is
    German first, and a visitor switches to English with one click (the choice is kept in a
    cookie by Django's set_language view).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response

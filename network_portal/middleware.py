from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation.trans_real import parse_accept_lang_header


def chosen_language(request) -> str | None:
    """The language the visitor chose with the header's switch (its cookie), if any."""
    language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return language if language in dict(settings.LANGUAGES) else None


def browser_language(accept_language: str) -> str:
    """German or English from the browser's Accept-Language, in its order of preference: the
    first of the two it names wins; a browser that names only other languages (a French or
    Belgian visitor) gets English; no header, German."""
    offered = dict(settings.LANGUAGES)
    named_other = False
    for tag, _quality in parse_accept_lang_header(accept_language[:255]):
        primary = tag.split("-")[0].lower()
        if primary in offered:
            return primary
        named_other = named_other or primary != "*"
    return "en" if named_other and "en" in offered else settings.LANGUAGE_CODE


def mail_language(request) -> str | None:
    """The language a link from an e-mail names (`?lang=`, network_portal.links.with_language):
    the recipient's. Only for the page it opens; nothing is stored."""
    language = request.GET.get("lang")
    return language if language in dict(settings.LANGUAGES) else None


def visitor_language(request) -> str:
    """The switch's choice, else the language of the e-mail the link came from, else the
    browser's preference between German and English."""
    return (chosen_language(request) or mail_language(request)
            or browser_language(request.META.get("HTTP_ACCEPT_LANGUAGE", "")))


class LanguageMiddleware:
    """Activate the visitor's language: the one chosen with the header's switch (kept in a
    cookie by network_portal.views.set_language), else the browser's between German and English
    (a French visitor gets English, a German one German), else German. A page reached from an
    e-mail opens in the recipient's language where no choice was made: every link in a mail
    names it (`?lang=`), and the secret link of a registration knows it anyway."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = visitor_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", translation.get_language() or language)
        patch_vary_headers(response, ("Accept-Language",))
        return response

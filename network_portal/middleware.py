import functools

from csp import middleware as csp_middleware
from csp.constants import HEADER
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
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


# What a view or a request can change of django-csp's policy: a decorator's parts on the
# response, a nonce on the request.
_POLICY_PARTS = ("_csp_config", "_csp_update", "_csp_replace",
                 "_csp_config_ro", "_csp_update_ro", "_csp_replace_ro")


@functools.cache
def _site_policy() -> str:
    """The Content-Security-Policy of a response that changes nothing of it."""
    return build_policy()


@receiver(setting_changed)
def _forget_site_policy(setting, **kwargs):
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _site_policy.cache_clear()


class CSPMiddleware(csp_middleware.CSPMiddleware):
    """django-csp's middleware, with the policy of the responses that change nothing of it (no
    nonce asked for, no csp decorator: every page here) built once per process. django-csp
    builds it anew for every response, about a tenth of the CPU of a member's page from the
    page cache (README "Page cache"). Every other response goes through django-csp as it is."""

    def process_response(self, request, response):
        if (getattr(request, "_csp_nonce", None) is not None
                or response.status_code in (404, 500)  # django-csp leaves them out in DEBUG
                or any(getattr(response, name, None) is not None for name in _POLICY_PARTS)
                or getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)):
            return super().process_response(request, response)
        policy = _site_policy()
        excluded = (getattr(settings, "CONTENT_SECURITY_POLICY", None) or {}).get(
            "EXCLUDE_URL_PREFIXES") or ()
        if (policy and HEADER not in response and not getattr(response, "_csp_exempt", False)
                and not request.path_info.startswith(tuple(excluded))):
            response[HEADER] = policy
        # As django-csp: a nonce asked for after the header is written is an error.
        request.csp_nonce = csp_middleware.CheckableLazyObject(self._csp_nonce_post_response)
        return response

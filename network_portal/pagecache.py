"""Public pages from the shared cache (Redis), with exact invalidation by versioned topics.

A page an anonymous visitor sees is the same for every anonymous visitor of a language: the
header carries no token (the language switch is a link), no template uses the CSP nonce, and
a response that sets a cookie is never stored. So the rendered response is stored whole in
Redis, keyed by scheme, host, path with query string and language, and served to the next
anonymous visitor with one Redis call (`PageCacheMiddleware`, early in the chain).

Exactness: every cached page names the *topics* it shows ("directory", "events",
"event:<slug>" …; the composition root declares them per URL name with `cache_pages`). Each
topic has a version in Redis, a random token. A page is stored with the versions it was
rendered at, read *before* the view ran; a lookup compares them with the current ones inside
Redis (one Lua script: the entry and its topics' versions in one round trip). A write bumps
the topics it changes (`changed(obj)`, called by `audit.log_action` for every service write,
and by services that change what a page shows without an audit entry, such as a seat count)
with `transaction.on_commit`, so the next request renders afresh. A TTL (`PORTAL_PAGE_CACHE_TTL`,
60 s) bounds what a missed bump can cost (a change made outside the services, the clock
passing a registration deadline).

Fragments (`fragment()`): the same entries and check for a part of a page that is the same for
every visitor, cached inside a page rendered per person (a member's page). Values (`cached()`):
the same for a computed result that is not markup (the matchmaking suggestions of an
organisation).

Without Redis (`REDIS_URL` unset, a laptop) nothing is cached. Redis errors are logged and the
page is rendered as if there were no cache.
"""

import logging
import pickle
import re
import secrets
from collections.abc import Callable, Iterable
from hashlib import sha1

from django.conf import settings
from django.db import transaction
from django.http import HttpResponse

logger = logging.getLogger(__name__)

PAGE_PREFIX = "pc:p:"
FRAGMENT_PREFIX = "pc:f:"
VALUE_PREFIX = "pc:d:"
VERSION_PREFIX = "pc:v:"

# The entry is a hash: "d" the topics with the versions it was rendered at ("topic\nversion\n"
# repeated), "b" the body. Returned only if every topic still has that version.
_LOOKUP = """
local entry = redis.call('HMGET', KEYS[1], 'd', 'b')
local deps = entry[1]
if not deps then return false end
for topic, version in string.gmatch(deps, '([^\\n]*)\\n([^\\n]*)\\n') do
  if redis.call('GET', ARGV[1] .. topic) ~= version then return false end
end
return entry[2]
"""

# Many entries in one round trip (the fragments of one page): for each key its body or nil,
# then the current version of each topic in ARGV[2..] (nil for a topic never bumped).
_LOOKUP_MANY = """
local out = {}
for i, key in ipairs(KEYS) do
  local entry = redis.call('HMGET', key, 'd', 'b')
  local body = false
  if entry[1] then
    body = entry[2]
    for topic, version in string.gmatch(entry[1], '([^\\n]*)\\n([^\\n]*)\\n') do
      if redis.call('GET', ARGV[1] .. topic) ~= version then body = false break end
    end
  end
  out[i] = body
end
for j = 2, #ARGV do
  out[#KEYS + j - 1] = redis.call('GET', ARGV[1] .. ARGV[j])
end
return out
"""

_client = None
_script = None
_script_many = None

# URL name -> the topics its page shows ("{slug}" is filled in from the URL's arguments).
_PAGES: dict[str, tuple[str, ...]] = {}
# model class -> the topics a change of one of its objects touches.
_MODELS: dict[type, Callable[[object], Iterable[str]]] = {}


def enabled() -> bool:
    return bool(getattr(settings, "PORTAL_PAGE_CACHE", False) and settings.REDIS_URL)


def client():
    """One Redis client per process (its own connection pool), with short timeouts."""
    global _client, _script, _script_many
    url = settings.REDIS_URL
    if _client is None or _client[0] != url:
        import redis

        timeout = getattr(settings, "PORTAL_PAGE_CACHE_TIMEOUT", 0.5)
        connection = redis.Redis.from_url(url, socket_timeout=timeout,
                                          socket_connect_timeout=timeout)
        _client = (url, connection)
        _script = connection.register_script(_LOOKUP)
        _script_many = connection.register_script(_LOOKUP_MANY)
    return _client[1]


def _errors():
    import redis

    return (redis.RedisError, OSError)


# Declaring pages and topics (the composition root, at start-up) ------------------------------

def cache_pages(pages: dict[str, Iterable[str]]) -> None:
    """Let these URL names (`"events:detail"`) be served from the cache, each with its topics."""
    _PAGES.update({name: tuple(topics) for name, topics in pages.items()})


def invalidate_on(model: type, topics: Callable[[object], Iterable[str]]) -> None:
    """A change to an object of `model` (through `changed`) bumps `topics(obj)`."""
    _MODELS[model] = topics


def page_topics(view_name: str | None, kwargs: dict) -> list[str] | None:
    """The topics of a cacheable page, or None if the page is not cached."""
    topics = _PAGES.get(view_name or "")
    if topics is None:
        return None
    return [topic.format(**kwargs) for topic in topics]


# Versions ------------------------------------------------------------------------------------

def _token() -> bytes:
    return secrets.token_hex(8).encode()


def current_versions(topics: list[str]) -> list[bytes]:
    """The versions of `topics` now; a topic never bumped gets its first version here."""
    if not topics:
        return []
    connection = client()
    keys = [VERSION_PREFIX + topic for topic in topics]
    values = connection.mget(keys)
    if None in values:
        pipe = connection.pipeline(transaction=False)
        for key, value in zip(keys, values, strict=True):
            if value is None:
                pipe.set(key, _token(), nx=True)
        pipe.mget(keys)
        values = pipe.execute()[-1]
    return values


def bump(*topics: str) -> None:
    """After the current transaction commits, give each topic a new version."""
    topics = tuple(dict.fromkeys(topics))
    if topics and enabled():
        transaction.on_commit(lambda: _bump_now(topics))


def _bump_now(topics: Iterable[str]) -> None:
    try:
        client().mset({VERSION_PREFIX + topic: _token() for topic in topics})
    except _errors():
        # The data is committed; the cached pages expire within the TTL.
        logger.warning("Page cache: could not bump %s", topics, exc_info=True)


def changed(obj) -> None:
    """`obj` was written: bump the topics its model declared (nothing if it declared none)."""
    if not enabled():
        return
    topics = _MODELS.get(obj._meta.concrete_model)  # obj may be a lazy request.user
    if topics is not None:
        bump(*topics(obj))


# Entries -------------------------------------------------------------------------------------

def _deps(topics: list[str], versions: list[bytes]) -> bytes:
    return b"".join(topic.encode() + b"\n" + version + b"\n"
                    for topic, version in zip(topics, versions, strict=True))


def _key(prefix: str, *parts: str) -> str:
    return prefix + sha1("\x1f".join(parts).encode()).hexdigest()


def page_key(request, language: str) -> str:
    return _key(PAGE_PREFIX, request.scheme, request.get_host(), request.get_full_path(),
                language)


def lookup(key: str) -> bytes | None:
    client()
    return _script(keys=[key], args=[VERSION_PREFIX])


def store(key: str, topics: list[str], versions: list[bytes], body: bytes) -> None:
    pipe = client().pipeline(transaction=True)
    _store_into(pipe, key, topics, versions, body)
    pipe.execute()


def _store_into(pipe, key: str, topics: list[str], versions: list[bytes], body: bytes) -> None:
    pipe.hset(key, mapping={"d": _deps(topics, versions), "b": body})
    pipe.expire(key, getattr(settings, "PORTAL_PAGE_CACHE_TTL", 60))


# Responses -----------------------------------------------------------------------------------

# A response that varies on more than the key covers is not stored. "Cookie": only requests
# without session and messages cookies are served, and the one other cookie that changes a
# page (the language) is part of the key; so is the language the browser asks for, resolved
# (network_portal.middleware.visitor_language: German or English).
_KEYED_VARY = {"cookie", "accept-language"}


def storable(response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if "nonce-" in response.headers.get("Content-Security-Policy", ""):
        return False
    cache_control = response.headers.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-store", "no-cache")):
        return False
    vary = {part.strip().lower() for part in response.headers.get("Vary", "").split(",")}
    return not (vary - _KEYED_VARY - {""})


def dump_response(response) -> bytes:
    headers = [(name, value) for name, value in response.items()]
    return pickle.dumps((response.status_code, headers, response.content),
                        protocol=pickle.HIGHEST_PROTOCOL)


def load_response(blob: bytes) -> HttpResponse:
    status, headers, content = pickle.loads(blob)
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response.headers[name] = value
    response.headers["X-Page-Cache"] = "hit"
    return response


# Fragments -----------------------------------------------------------------------------------

def fragment_key(name: str, vary: Iterable[str] = ()) -> str:
    return _key(FRAGMENT_PREFIX, name, *vary)


def fragment(name: str, topics: list[str], render: Callable[[], str], *, vary: Iterable[str] = ()):
    """The rendered fragment `name` (the same for every visitor), from the cache if its topics
    are unchanged, else `render()` stored for the next request. `vary` adds what else the
    fragment depends on (the language, the query string)."""
    if not enabled():
        return render()
    key = fragment_key(name, vary)
    try:
        cached = lookup(key)
        if cached is not None:
            return cached.decode()
        versions = current_versions(topics)
    except _errors():
        logger.warning("Page cache: fragment %s rendered without the cache", name, exc_info=True)
        return render()
    html = render()
    try:
        store(key, topics, versions, html.encode())
    except _errors():
        logger.warning("Page cache: could not store fragment %s", name, exc_info=True)
    return html


_MARKER = re.compile(rb"<!--pc:([0-9a-f]{16}):(\d+)-->")


class FragmentBatch:
    """The fragments of one response, looked up together once the page has rendered.

    `{% cachefragment %}` in a request's template leaves a marker in the page and registers
    its key, topics and a way to render it (with a copy of the template context at that point);
    `FragmentMiddleware` then asks Redis once for all of them and for their topics' versions,
    renders the missing ones (their versions were read before, as `fragment` does) and stores
    them in one pipeline, and puts each fragment in place of its marker. A member's profile has
    seven fragments: one round trip instead of seven."""

    def __init__(self):
        self.marker = secrets.token_hex(8)
        self.entries: list[tuple[str, str, list[str], Callable[[], str]]] = []
        self.resolving = False

    def defer(self, name: str, topics: list[str], render: Callable[[], str], *,
              vary: Iterable[str] = ()) -> str:
        self.entries.append((fragment_key(name, vary), name, topics, render))
        return f"<!--pc:{self.marker}:{len(self.entries) - 1}-->"

    def _lookup(self) -> tuple[list, dict[str, bytes] | None]:
        topics = sorted({topic for _key, _name, entry_topics, _render in self.entries
                         for topic in entry_topics})
        client()
        found = _script_many(keys=[key for key, *_rest in self.entries],
                             args=[VERSION_PREFIX, *topics])
        count = len(self.entries)
        versions = dict(zip(topics, found[count:], strict=True))
        unknown = [topic for topic, version in versions.items() if version is None]
        if unknown:
            versions.update(zip(unknown, current_versions(unknown), strict=True))
        return found[:count], versions

    def resolve(self, content: bytes) -> bytes:
        """`content` with every marker replaced by its fragment."""
        self.resolving = True  # a fragment rendered now looks itself up at once
        try:
            bodies, versions = self._lookup()
        except _errors():
            logger.warning("Page cache: fragments rendered without the cache", exc_info=True)
            bodies, versions = [None] * len(self.entries), None
        parts, misses = [], []
        for (key, _name, topics, render), body in zip(self.entries, bodies, strict=True):
            if body is None:
                body = render().encode()
                misses.append((key, topics, body))
            parts.append(body)
        if misses and versions is not None:
            try:
                pipe = client().pipeline(transaction=False)
                for key, topics, body in misses:
                    _store_into(pipe, key, topics, [versions[topic] for topic in topics], body)
                pipe.execute()
            except _errors():
                logger.warning("Page cache: could not store fragments", exc_info=True)
        marker = self.marker.encode()
        return _MARKER.sub(lambda match: parts[int(match.group(2))]
                           if match.group(1) == marker else match.group(0), content)


def fragment_batch(request) -> FragmentBatch | None:
    """The request's batch, unless it is being resolved (then fragments look up at once)."""
    batch = getattr(request, "_page_fragments", None)
    return batch if batch is not None and not batch.resolving else None


class FragmentMiddleware:
    """Look up a response's fragments together (`FragmentBatch`). Last in the chain, so the
    page is complete before every other middleware (and the page cache, which stores it) sees
    it, and the request's language is still active for a fragment rendered afresh."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not enabled():
            return self.get_response(request)
        request._page_fragments = batch = FragmentBatch()
        response = self.get_response(request)
        if batch.entries and not response.streaming:
            response.content = batch.resolve(response.content)
        return response


def cached(name: str, topics: list[str], compute: Callable[[], object], *,
           vary: Iterable[str] = ()):
    """`compute()` (a picklable value: ids, scores, phrases; not a queryset) from the cache if
    its topics are unchanged, else computed and stored for the next caller. The same versions,
    TTL and round trip as a fragment; `vary` names everything else the value depends on (the
    organisation, the filters, the language of its phrases)."""
    if not enabled():
        return compute()
    key = _key(VALUE_PREFIX, name, *vary)
    try:
        blob = lookup(key)
        if blob is not None:
            return pickle.loads(blob)
        versions = current_versions(topics)
    except _errors():
        logger.warning("Page cache: %s computed without the cache", name, exc_info=True)
        return compute()
    value = compute()
    try:
        store(key, topics, versions, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    except _errors():
        logger.warning("Page cache: could not store %s", name, exc_info=True)
    return value


class _Pending:
    """A cacheable request on its way through the view: its key, topics and versions."""

    __slots__ = ("key", "topics", "versions", "token_asked", "recheck")

    def __init__(self, key):
        self.key = key
        self.topics = None
        self.versions = None
        self.token_asked = False
        self.recheck = None


def eligible(request) -> bool:
    """An anonymous GET/HEAD without session or messages: it may get a shared page."""
    if request.method not in ("GET", "HEAD") or not enabled():
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "HTTP_AUTHORIZATION" in request.META:
        return False
    return getattr(settings, "MESSAGE_COOKIE_NAME", "messages") not in cookies


class PageCacheMiddleware:
    """Serve anonymous visitors the stored page; store the pages that opted in (`cache_pages`).

    Early in the chain (after the security and static-file middleware): a hit costs a cookie
    check, one Redis call and building the response, nothing of the session, auth or
    template machinery. On the way out it sees the response as every inner middleware left it
    (CSP, frame and language headers), which is what it stores.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not eligible(request):
            return self.get_response(request)
        from network_portal.middleware import visitor_language

        try:
            key = page_key(request, visitor_language(request))
        except Exception:  # DisallowedHost and the like: Django answers them as usual.
            return self.get_response(request)
        try:
            cached = lookup(key)
        except _errors():
            logger.warning("Page cache: lookup failed", exc_info=True)
            return self.get_response(request)
        if cached is not None:
            return load_response(cached)
        request._page_cache = pending = _Pending(key)
        response = self.get_response(request)
        # Stored from GET only: the body of a HEAD answer may have been dropped on the way.
        if (pending.versions is not None and request.method == "GET" and storable(response)
                and not _authenticated(request)):
            try:
                store(key, pending.topics, pending.versions, dump_response(response))
            except _errors():
                logger.warning("Page cache: could not store %s", request.path, exc_info=True)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        pending = getattr(request, "_page_cache", None)
        if pending is None:
            return None
        topics = page_topics(request.resolver_match.view_name, view_kwargs)
        if topics is None:
            return None
        try:
            # Read before the view runs: a write that commits while the page renders leaves
            # the entry with the older version, so the next request renders again.
            pending.versions = current_versions(topics)
            pending.topics = topics
        except _errors():
            logger.warning("Page cache: versions unavailable", exc_info=True)
        return None


def _authenticated(request) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


# Members' pages -------------------------------------------------------------------------------
#
# A signed-in member's page differs from the anonymous one (the header says "My portal" and has
# the log-out form), and some of it depends on the person: an export button for those who may
# export, an event's registration card for the registered. A view that declares what of its
# page depends on the person (`for_members(personal)`) has its page shared among the members
# for whom `personal(request, **kwargs)` gives the same values: the "plain" members of a page.
# `personal` returns a dict of the page's per-person inputs (booleans, codes: never a name or an
# address), or None where the page is the person's own (their registration, their drafts, an
# organiser's tools): then it is rendered for them as before. The values are part of the key,
# so an exporter gets the exporters' page. The CSRF token of the page's forms is the one part
# of the stored page that is the person's: it is stored as a placeholder (the template context's
# `csrf_token`, see `network_portal.context_processors.csrf`) and filled in per request. A page
# whose rendering asked for the real token some other way, set a cookie or showed a message is
# not stored.

MEMBER_PREFIX = "pc:m:"


def for_members(personal: Callable[..., dict | None]):
    """Let a view's page be shared among the members for whom `personal` gives equal values."""

    def decorate(view):
        view.member_page = personal
        return view

    return decorate


_csrf_placeholder = None


def csrf_placeholder() -> str:
    """What a stored member page has where its forms' CSRF token goes. Derived from the secret
    key, so that no text on a page (a profile's website) can name it and receive a token."""
    global _csrf_placeholder
    if _csrf_placeholder is None:
        from django.utils.crypto import salted_hmac

        _csrf_placeholder = "pc" + salted_hmac("pagecache.csrf", "placeholder").hexdigest()[:30]
    return _csrf_placeholder


def _has_messages(request) -> bool:
    if getattr(settings, "MESSAGE_COOKIE_NAME", "messages") in request.COOKIES:
        return True
    session = getattr(request, "session", None)
    return bool(session is not None and session.get("_messages"))


def _shown_messages(request) -> bool:
    storage = getattr(request, "_messages", None)
    return storage is not None and len(storage) > 0  # those shown and those added


def _fill_token(response, request):
    from django.middleware.csrf import get_token

    placeholder = csrf_placeholder().encode()
    if not response.streaming and placeholder in response.content:
        response.content = response.content.replace(placeholder, get_token(request).encode())
    return response


class MemberPageMiddleware:
    """Serve a signed-in member the page shared by the members of their kind (`for_members`),
    or store it once rendered. After sessions, CSRF and auth, before `FragmentMiddleware` (so it
    stores the page with its fragments in place); the lookup happens once the URL is resolved."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        pending = getattr(request, "_member_page", None)
        if pending is None:
            return response
        request._member_page = None
        meta = request.META
        token_asked = meta.get("CSRF_COOKIE_NEEDS_UPDATE")
        meta["CSRF_COOKIE_NEEDS_UPDATE"] = pending.token_asked or token_asked
        # Asked again after the view: a registration (or a representation, an address verified)
        # committed between the first answer and the view's own reads made the page the
        # person's, and a page that is the person's is never stored for others.
        if (pending.versions is not None and request.method == "GET" and storable(response)
                and not token_asked and not _shown_messages(request) and pending.recheck()):
            try:
                store(pending.key, pending.topics, pending.versions, dump_response(response))
            except _errors():
                logger.warning("Page cache: could not store %s", request.path, exc_info=True)
        return _fill_token(response, request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        personal = getattr(view_func, "member_page", None)
        if (personal is None or request.method not in ("GET", "HEAD") or not enabled()
                or not _authenticated(request) or _has_messages(request)):
            return None
        topics = page_topics(request.resolver_match.view_name, view_kwargs)
        if topics is None:
            return None
        values = personal(request, **view_kwargs)
        if values is None:
            return None
        from django.utils.translation import get_language

        key = _key(MEMBER_PREFIX, request.scheme, request.get_host(), request.get_full_path(),
                   get_language() or "", repr(sorted(values.items())))
        try:
            cached = lookup(key)
            if cached is not None:
                return _fill_token(load_response(cached), request)
            versions = current_versions(topics)
        except _errors():
            logger.warning("Page cache: member page %s rendered without it", request.path,
                           exc_info=True)
            return None
        request._member_page = pending = _Pending(key)
        pending.topics, pending.versions = topics, versions
        pending.recheck = lambda: personal(request, **view_kwargs) == values
        # Whether anything asked for the real token before the view: only what the view asks
        # for (which the stored page must not keep) decides whether it is stored.
        pending.token_asked = request.META.get("CSRF_COOKIE_NEEDS_UPDATE", False)
        request.META["CSRF_COOKIE_NEEDS_UPDATE"] = False
        return None


def member_page_pending(request) -> bool:
    """Whether this request renders a member page to be stored (its CSRF token a placeholder)."""
    return getattr(request, "_member_page", None) is not None

"""Small, read-mostly figures of the published directory (the home page's numbers, the
value-chain map, the newest members), kept in the shared cache (Redis in production).

Exact invalidation by a version: every key carries the current version; every members
operation (one audit entry each, members.services._common.log) and the admin's edits call
`changed()`, which sets a new version once the transaction commits, so the next read computes
afresh and the old entries expire unread. A change is visible with the next request after
its commit; the timeout (`TIMEOUT`) bounds what a change made outside the services
(a raw SQL fix, the bench generator) can leave stale. If the cache is unreachable the figures
are computed as if it were empty: slower, never wrong.
"""

import logging
import uuid

from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger(__name__)

VERSION_KEY = "members:published:version"
TIMEOUT = 600  # seconds


def _new_version() -> str:
    return uuid.uuid4().hex[:12]


def _version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, _new_version(), None)
        version = cache.get(VERSION_KEY) or ""
    return version


def cached(name: str, compute):
    """`compute()` for the current version of the published directory, from the cache."""
    try:
        key = f"members:published:{_version()}:{name}"
        value = cache.get(key)
    except Exception:  # an unreachable cache must not take the page down
        logger.warning("cache unavailable for %s", name, exc_info=True)
        return compute()
    if value is None:
        value = compute()
        try:
            cache.set(key, value, TIMEOUT)
        except Exception:
            logger.warning("cache unavailable for %s", name, exc_info=True)
    return value


def changed() -> None:
    """The published directory may have changed: a new version once the transaction commits
    (a rolled-back change invalidates nothing)."""
    def bump():
        try:
            cache.set(VERSION_KEY, _new_version(), None)
        except Exception:
            logger.warning("cache unavailable: directory figures stay up to %s s old",
                           TIMEOUT, exc_info=True)

    transaction.on_commit(bump)

"""The one lock helper: a row lock that only exists inside a transaction.

Scarce rows (an event's seats, a trip's seats, an outbox row, a profile under review) are
locked with `lock()` before they are counted or changed; the lock is held until the
surrounding `transaction.atomic` block ends. Outside a transaction `select_for_update` would
lock nothing (autocommit releases it at once), so the helper refuses to run there, as
pretix's `lock_objects` does. Which rows are locked, in which order, and what each lock
prevents is written down in docs/locking.md.
"""

from django.db import models, transaction


class LockOutsideTransaction(RuntimeError):
    """A lock was asked for outside `transaction.atomic`: it would protect nothing."""


def _queryset(source) -> models.QuerySet:
    if isinstance(source, models.QuerySet):
        return source
    return source._default_manager.all()


def _require_transaction(source) -> None:
    using = _queryset(source).db
    if not transaction.get_connection(using).in_atomic_block:
        raise LockOutsideTransaction(
            "lock() must run inside transaction.atomic: outside it the row lock ends at once.")


def lock(source, **lookup):
    """Lock and return the one row of `source` (a model or queryset) matching `lookup`."""
    _require_transaction(source)
    return _queryset(source).select_for_update().get(**lookup)


def lock_if_exists(source, **lookup):
    """Like `lock`, but None when no row matches (a row deleted in the meantime)."""
    _require_transaction(source)
    return _queryset(source).select_for_update().filter(**lookup).first()

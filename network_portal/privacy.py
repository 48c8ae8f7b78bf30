"""Whose data is whose: the helpers every app's `privacy` module (and its lists) find it by.

The download and the erasure across the apps are the composition root's (`portal/privacy.py`).
"""

from allauth.account.models import EmailAddress
from django.db.models import Q
from django.db.models.functions import Upper
from django.db.models.lookups import In

# Whose data is whose: a person's data is found only through the account's VERIFIED addresses.
# Anyone may add any address on /accounts/email/ (allauth keeps it unverified, even when another
# account holds it), so an unverified address says nothing about whose it is; an address counts
# once its owner followed the confirmation link sent to it.


def verified_addresses(user) -> list[str]:
    """The addresses the person has confirmed they receive mail at."""
    if not (user and user.is_authenticated):
        return []
    return list(EmailAddress.objects.filter(user=user, verified=True)
                .values_list("email", flat=True))


def own_address(user, field: str = "email") -> Q:
    """Rows whose `field` is one of the person's verified addresses, ignoring case.

    A subquery, so a list keyed by it costs no query more than before.
    """
    if not (user and user.is_authenticated):
        return Q(pk__in=[])
    verified = (EmailAddress.objects.filter(user=user, verified=True)
                .annotate(key=Upper("email")).values("key"))
    return Q(In(Upper(field), verified))


def consent_record(row) -> dict:
    """A row's consent as the data download shows it: given or not, when, under which wording
    (`consent_version`; "before-versioning" for consents recorded before versions were)."""
    return {
        "given": row.public_consent,
        "given_at": row.consent_at.isoformat() if row.consent_at else None,
        "wording_version": row.consent_version or None,
    }

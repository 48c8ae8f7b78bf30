"""A person's data: what the portal holds about them, as a download, and erasure on request.

Each app that stores personal data has a `privacy` module with `export(user) -> dict` and
`erase(user) -> None`; this module gathers them. The account itself is deleted last.
"""

import importlib

from allauth.account.models import EmailAddress
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Upper
from django.db.models.lookups import In

APP_MODULES = ["members.privacy", "events.privacy", "delegations.privacy"]

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


def _modules():
    for name in APP_MODULES:
        try:
            yield name.split(".")[0], importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name != name:
                raise


def export(user) -> dict:
    """Everything the portal stores about this person, as JSON-ready data."""
    data = {
        "account": {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "language": user.language,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "email_addresses": list(user.emailaddress_set.values("email", "verified", "primary")),
            "roles": sorted(user.groups.values_list("name", flat=True)),
        },
        "emails_sent_to_you": [
            {"subject": subject, "created_at": created.isoformat(), "status": status}
            for subject, created, status in _outbox(user).values_list("subject", "created_at", "status")
        ],
    }
    for app, module in _modules():
        data[app] = module.export(user)
    return data


def _outbox(user):
    from network_portal.models import OutgoingEmail

    return OutgoingEmail.objects.filter(own_address(user, "to")).order_by("created_at")


@transaction.atomic
def delete_account(user) -> None:
    """Erase the person's data in every app, the e-mails to them, then the account.

    Only e-mails to the person's verified addresses go, sent or still queued, including the
    confirmations the erasure itself causes (the page confirms it, and a mail sent afterwards
    would leave their name and address in the outbox). Every other row stays and is sent: the
    promoted waitlisted person, the organisers asked to fill a freed seat, a mail to an address
    the person added but never confirmed.
    """
    for _app, module in _modules():
        module.erase(user)
    _outbox(user).delete()
    user.delete()

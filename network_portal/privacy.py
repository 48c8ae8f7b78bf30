"""A person's data: what the portal holds about them, as a download, and erasure on request.

Each app that stores personal data has a `privacy` module with `export(user) -> dict` and
`erase(user) -> None`; this module gathers them. The account itself is deleted last.
"""

import importlib

from django.db import transaction

APP_MODULES = ["members.privacy", "events.privacy", "delegations.privacy", "accessibility.privacy"]


def addresses(user) -> list[str]:
    """Every e-mail address the person has given the portal (their data is found by these)."""
    return [*user.emailaddress_set.values_list("email", flat=True), user.email]


def matching_email(addresses_: list[str], field: str = "email"):
    """A Q matching any of the addresses in `field`, ignoring case."""
    from django.db.models import Q

    query = Q(pk__in=[])
    for address in addresses_:
        query |= Q(**{f"{field}__iexact": address})
    return query


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

    return OutgoingEmail.objects.filter(matching_email(addresses(user), "to")).order_by("created_at")


@transaction.atomic
def delete_account(user) -> None:
    """Erase the person's data in every app, the e-mails sent to them, then the account."""
    for _app, module in _modules():
        module.erase(user)
    _outbox(user).delete()
    user.delete()

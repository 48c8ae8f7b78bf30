"""A person's data across the portal: the download (GDPR Art. 15, 20) and erasure (Art. 17).

Each app that stores personal data has a `privacy` module with `export(user) -> dict` and
`erase(user) -> None`; they are named here, one by one, so an app without its module fails at
start-up instead of being left out of a download. The account itself is deleted last.
"""

from django.db import transaction

from accessibility import privacy as accessibility_privacy
from delegations import privacy as delegations_privacy
from events import privacy as events_privacy
from matchmaking import privacy as matchmaking_privacy
from members import privacy as members_privacy
from network_portal import audit
from network_portal.models import ExportPreset, OutgoingEmail
from network_portal.privacy import own_address
from reports import services as reports

# Members first: events and trips may point at organisations the person represents.
APPS = [("members", members_privacy), ("events", events_privacy),
        ("delegations", delegations_privacy), ("accessibility", accessibility_privacy),
        ("matchmaking", matchmaking_privacy)]


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
        "actions_you_took": audit.entries_by(user),
        # Their own saved choices of export columns (those shared with an organiser are the
        # organiser's; the account is named in them only as who saved them).
        "export_column_choices": list(ExportPreset.objects.filter(owner=user).order_by("pk")
                                      .values("kind", "name", "columns", "created_at")),
    }
    for app, module in APPS:
        data[app] = module.export(user)
    return data


def _outbox(user):
    return OutgoingEmail.objects.filter(own_address(user, "to")).order_by("created_at")


@transaction.atomic
def delete_account(user) -> None:
    """Erase the person's data in every app, the e-mails to them, then the account.

    Only e-mails to the person's verified addresses go, sent or still queued, including the
    confirmations the erasure itself causes (the page confirms it, and a mail sent afterwards
    would leave their name and address in the outbox). Every other row stays and is sent: the
    promoted waitlisted person, the organisers asked to fill a freed seat, a mail to an address
    the person added but never confirmed. The audit trail keeps what they did, without them.
    """
    # The figures for funding reports keep what they count of the rows the erasure deletes.
    counted = reports.remember_before_erasure(user)
    for _app, module in APPS:
        module.erase(user)
    reports.keep_after_erasure(counted)
    _outbox(user).delete()
    audit.erase_actor(user)
    user.delete()

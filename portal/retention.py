"""Retention: what the privacy notice promises, applied daily (beat) and by `apply_retention`.

Each app anonymises or deletes its own rows in its services (`by=None`: the portal itself);
this module only runs them in order and removes unverified accounts, which touch every app.
`plan()` counts what the next run would do; `run()` does it, each step in batches until
nothing is left. Every step claims or deletes rows so that two runs at once (beat and the
command) never do the same work twice: a second run finds nothing.
"""

from collections.abc import Callable
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accessibility import services as accessibility_services
from delegations import services as delegations_services
from events import services as events_services
from network_portal import audit, mail, retention

ACCOUNTS_REMOVED = "portal.accounts.unverified_removed"


def _relations_to_users():
    """Every foreign key and many-to-many field of any model that points at the User, except
    the account's own addresses (allauth's EmailAddress): the rows that count as data."""
    user_model = get_user_model()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if (field.concrete and field.is_relation and field.related_model is user_model
                    and model is not EmailAddress):
                yield model, field
    for field in user_model._meta.many_to_many:  # roles (groups) and permissions
        yield user_model, field


def unverified_accounts(now=None) -> models.QuerySet:
    """Accounts older than PORTAL_UNVERIFIED_ACCOUNT_DAYS whose every address is unconfirmed,
    that never logged in, are not staff, and to which nothing else is linked (no registration
    made, no application, representation, report, role, audit entry ...). Accounts without
    any address row (made by `createsuperuser` or a script) are never due."""
    user_model = get_user_model()
    addresses = EmailAddress.objects.filter(user=OuterRef("pk"))
    queryset = (user_model.objects
                .filter(date_joined__lt=retention.unverified_account_cutoff(now),
                        last_login__isnull=True, is_staff=False, is_superuser=False)
                .filter(Exists(addresses))
                .exclude(Exists(addresses.filter(verified=True))))
    for model, field in _relations_to_users():
        if model is user_model:
            queryset = queryset.exclude(**{f"{field.name}__isnull": False})
        else:
            queryset = queryset.exclude(
                Exists(model._default_manager.filter(**{field.name: OuterRef("pk")})))
    return queryset


@transaction.atomic
def remove_unverified_accounts(*, by=None, now=None) -> int:
    """Delete the `unverified_accounts`; returns how many (one audit entry for the batch).

    The rows are locked with SKIP LOCKED and checked again under the lock, so two runs never
    delete the same account twice. By now allauth's confirmation link has expired (3 days), so
    nobody can confirm the address in between. E-mails sent to the address stay in the outbox
    until its own retention deletes them.
    """
    user_model = get_user_model()
    pks = list(unverified_accounts(now).select_for_update(skip_locked=True)
               .values_list("pk", flat=True))
    if not pks:
        return 0
    user_model.objects.filter(pk__in=pks).delete()
    audit.log_action(ContentType.objects.get_for_model(user_model), ACCOUNTS_REMOVED, by=by,
                     data={"removed": len(pks)})
    return len(pks)


@dataclass(frozen=True)
class Step:
    code: str
    label: str
    due: Callable  # now -> QuerySet of what the step would change
    run: Callable  # (now) -> how many it changed in one batch; 0 when nothing is left


STEPS = [
    Step("registrations", _("event registrations to anonymise"),
         events_services.registrations_due_for_anonymisation,
         lambda now: events_services.anonymise_registrations(by=None, now=now)),
    Step("guest_registrations", _("lapsed guest registrations (address never confirmed) to "
                                  "delete"),
         events_services.lapsed_guest_registrations_due_for_deletion,
         lambda now: events_services.delete_lapsed_guest_registrations(by=None, now=now)),
    Step("applications", _("trip applications to anonymise"),
         delegations_services.applications_due_for_anonymisation,
         lambda now: delegations_services.anonymise_applications(by=None, now=now)),
    Step("outbox", _("sent or failed e-mails to delete"),
         mail.due_for_deletion,
         lambda now: mail.delete_old_emails(by=None, now=now)),
    Step("barrier_reports", _("answered barrier reports to delete"),
         accessibility_services.reports_due_for_deletion,
         lambda now: accessibility_services.delete_answered_reports(by=None, now=now)),
    Step("unverified_accounts", _("unverified accounts to remove"),
         unverified_accounts,
         lambda now: remove_unverified_accounts(by=None, now=now)),
]


def plan(now=None) -> dict[str, int]:
    """What the next run would do: per step, how many rows."""
    now = now or timezone.now()
    return {step.code: step.due(now).count() for step in STEPS}


def run(now=None) -> dict[str, int]:
    """Apply every step until nothing is left; per step, how many rows it changed."""
    now = now or timezone.now()
    done = {}
    for step in STEPS:
        total = 0
        while changed := step.run(now):
            total += changed
        done[step.code] = total
    return done

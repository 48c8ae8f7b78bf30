"""Retention as a whole: outbox, barrier reports, unverified accounts, the command and beat.

The anonymisation of registrations and applications is tested in their apps
(events/tests/test_retention.py, delegations/tests/test_retention.py); here with a fixed clock
what a whole run does, that a second run does nothing, and that nothing else is touched.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from allauth.account.models import EmailAddress
from django.db.models import Count

from accessibility.models import BarrierReport
from delegations.models import Application
from delegations.tests.factories import ApplicationFactory, TripFactory
from events.models import Registration
from events.tests.factories import EventFactory, RegistrationFactory
from members.models import Organization
from members.tests.factories import OrganizationFactory, region
from network_portal.models import AuditEntry, OutgoingEmail, User
from portal import retention

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

NOW = datetime(2026, 12, 1, 3, 30, tzinfo=ZoneInfo("Europe/Berlin"))
LONG_AGO = NOW - timedelta(days=800)


def email(status, *, days_ago, to="someone@example.com"):
    moment = NOW - timedelta(days=days_ago)
    row = OutgoingEmail.objects.create(to=to, subject="Betreff", body_text="Text", status=status,
                                       sent_at=moment if status == "sent" else None)
    OutgoingEmail.objects.filter(pk=row.pk).update(created_at=moment)
    return row


def unverified(address, *, days_ago):
    user = User.objects.create_user(email=address, password="x-long-password-1")
    User.objects.filter(pk=user.pk).update(date_joined=NOW - timedelta(days=days_ago))
    EmailAddress.objects.create(user=user, email=address, verified=False, primary=True)
    return user


def report(*, answered_days_ago=None, days_ago=400):
    return BarrierReport.objects.create(
        description="Kontrast zu schwach", created_at=NOW - timedelta(days=days_ago),
        answered_at=None if answered_days_ago is None else NOW - timedelta(days=answered_days_ago))


# The outbox ------------------------------------------------------------------------------------

def test_sent_emails_past_the_period_are_deleted():
    old = email("sent", days_ago=91)
    failed = email("failed", days_ago=91)
    recent = email("sent", days_ago=89)

    assert retention.run(now=NOW)["outbox"] == 2

    assert set(OutgoingEmail.objects.values_list("pk", flat=True)) == {recent.pk}
    assert not OutgoingEmail.objects.filter(pk__in=[old.pk, failed.pk]).exists()


def test_queued_and_sending_emails_are_never_deleted():
    kept = {email("queued", days_ago=400).pk, email("sending", days_ago=400).pk}

    assert retention.run(now=NOW)["outbox"] == 0

    assert set(OutgoingEmail.objects.values_list("pk", flat=True)) == kept


def test_the_outbox_period_is_the_operators_setting(settings):
    settings.PORTAL_OUTBOX_RETENTION_DAYS = 200
    email("sent", days_ago=150)

    assert retention.plan(now=NOW)["outbox"] == 0


# Barrier reports -------------------------------------------------------------------------------

def test_answered_reports_past_the_period_are_deleted_open_ones_stay():
    gone = report(answered_days_ago=370)
    recent = report(answered_days_ago=300)
    still_open = report(days_ago=800)

    assert retention.run(now=NOW)["barrier_reports"] == 1

    assert set(BarrierReport.objects.values_list("pk", flat=True)) == {recent.pk, still_open.pk}
    assert not BarrierReport.objects.filter(pk=gone.pk).exists()


# Unverified accounts ---------------------------------------------------------------------------

def test_unverified_accounts_older_than_a_week_are_removed():
    old = unverified("never-confirmed@example.com", days_ago=8)
    recent = unverified("just-signed-up@example.com", days_ago=6)

    assert retention.run(now=NOW)["unverified_accounts"] == 1

    assert not User.objects.filter(pk=old.pk).exists()
    assert not EmailAddress.objects.filter(email="never-confirmed@example.com").exists()
    assert User.objects.filter(pk=recent.pk).exists()


def test_accounts_with_a_verified_address_or_other_data_stay(member):
    User.objects.filter(pk=member.pk).update(date_joined=LONG_AGO)
    with_second_address = unverified("second@example.com", days_ago=30)
    EmailAddress.objects.create(user=with_second_address, email="other@example.com", verified=True)
    registered_someone = unverified("registrant@example.com", days_ago=30)
    RegistrationFactory(user=registered_someone)
    reported = unverified("reporter@example.com", days_ago=30)
    BarrierReport.objects.create(description="x", user=reported)
    staff = unverified("staff@example.com", days_ago=30)
    User.objects.filter(pk=staff.pk).update(is_staff=True)
    scripted = User.objects.create_user(email="script@example.com", password="x-long-password-1")
    User.objects.filter(pk=scripted.pk).update(date_joined=LONG_AGO)
    users = set(User.objects.values_list("pk", flat=True))

    assert retention.run(now=NOW)["unverified_accounts"] == 0

    assert set(User.objects.values_list("pk", flat=True)) == users


def test_the_account_period_is_a_setting(settings):
    settings.PORTAL_UNVERIFIED_ACCOUNT_DAYS = 30
    unverified("never-confirmed@example.com", days_ago=8)

    assert retention.plan(now=NOW)["unverified_accounts"] == 0


# A whole run -----------------------------------------------------------------------------------

@pytest.fixture
def everything(db, member):
    """Of each kind one row past its period and one within, and the rows no step may touch."""
    company = OrganizationFactory(region=region("sachsen"), size=Organization.Size.SMALL)
    lab = OrganizationFactory(kind=Organization.Kind.RESEARCH, region=region("wallonie"))
    old_event = EventFactory(starts_at=LONG_AGO - timedelta(hours=3), ends_at=LONG_AGO)
    new_event = EventFactory(starts_at=NOW - timedelta(days=30), ends_at=NOW - timedelta(days=30))
    for n, (org, status) in enumerate([(company, "attended"), (company, "cancelled"),
                                       (lab, "attended"), (None, "confirmed")]):
        RegistrationFactory(event=old_event, organisation=org, status=status)
        RegistrationFactory(event=new_event, organisation=org, status=status, name=f"Neu {n}")
    # Guests who never confirmed their address: lapsed 10 days ago (deleted) and yesterday.
    for days in (10, 1):
        RegistrationFactory(event=new_event, status="cancelled", name=f"Gast {days}",
                            hold_expires_at=NOW - timedelta(days=days),
                            cancelled_at=NOW - timedelta(days=days))
    old_trip = TripFactory(start_date=LONG_AGO.date() - timedelta(days=3),
                           end_date=LONG_AGO.date(), status="completed")
    new_trip = TripFactory(start_date=NOW.date() - timedelta(days=3), end_date=NOW.date(),
                           status="completed")
    for org, status in [(company, "accepted"), (lab, "declined")]:
        ApplicationFactory(trip=old_trip, organisation=org, status=status)
        ApplicationFactory(trip=new_trip, organisation=org, status=status)
    email("sent", days_ago=100)
    email("sent", days_ago=10)
    email("queued", days_ago=100)
    report(answered_days_ago=400)
    report(answered_days_ago=10)
    unverified("never-confirmed@example.com", days_ago=10)
    unverified("fresh@example.com", days_ago=1)


def counts():
    """The figures reports are made of: registrations by event, status, kind, region and
    attendance; applications by trip, status, kind, region."""
    # Guests who never confirmed their address were never participants: no report counts them.
    registrations = Registration.objects.exclude(hold_expires_at__isnull=False,
                                                 email_confirmed_at__isnull=True)
    return (
        sorted(registrations.values_list(
            "event_id", "status", "organisation__kind", "organisation__region__slug",
            "organisation__region__country").annotate(n=Count("pk"))),
        sorted(Application.objects.values_list(
            "trip_id", "status", "organisation__kind", "organisation__region__slug")
            .annotate(n=Count("pk"))),
    )


def test_a_run_does_what_the_dry_run_said(everything):
    planned = retention.plan(now=NOW)

    assert planned == {"registrations": 4, "guest_registrations": 1, "applications": 2,
                       "outbox": 1, "barrier_reports": 1, "unverified_accounts": 1}
    assert retention.run(now=NOW) == planned


def test_a_run_keeps_the_counts(everything):
    before = counts()

    retention.run(now=NOW)

    assert counts() == before


def test_a_second_run_does_nothing(everything):
    retention.run(now=NOW)
    entries = AuditEntry.objects.count()

    assert retention.run(now=NOW) == dict.fromkeys(
        ["registrations", "guest_registrations", "applications", "outbox", "barrier_reports",
         "unverified_accounts"], 0)
    assert AuditEntry.objects.count() == entries


def test_a_run_touches_nothing_within_the_periods(everything):
    recent = set(Registration.objects.filter(name__in=[f"Neu {n}" for n in range(4)]
                                             + ["Gast 1"]).values_list(
        "pk", "name", "email", "token"))

    retention.run(now=NOW)

    assert set(Registration.objects.filter(anonymised_at__isnull=True).values_list(
        "pk", "name", "email", "token")) == recent
    assert Application.objects.filter(anonymised_at__isnull=True, user__isnull=False).count() == 2
    assert OutgoingEmail.objects.count() == 2
    assert BarrierReport.objects.count() == 1
    assert User.objects.filter(email="fresh@example.com").exists()


def test_every_step_is_recorded_in_the_audit_trail_by_the_portal(everything):
    retention.run(now=NOW)

    entries = AuditEntry.objects.filter(actor=None).values_list("action", "data")
    assert sorted(entries) == sorted([
        ("events.registrations.anonymised", {"registrations": 4}),
        ("events.registrations.guest_lapsed_deleted", {"registrations": 1}),
        ("delegations.trip.applications_anonymised", {"applications": 2}),
        ("network_portal.outbox.purged", {"deleted": 1}),
        ("accessibility.reports.deleted", {"deleted": 1}),
        ("portal.accounts.unverified_removed", {"removed": 1}),
    ])

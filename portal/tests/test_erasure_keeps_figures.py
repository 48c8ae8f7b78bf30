"""Deleting an account keeps the figures for funding reports (reports): what they count survives."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from events.models import Registration
from network_portal.testing import make_user
from portal import privacy
from reports import services
from reports.models import ErasedParticipation
from reports.tests.factories import A, R, apply, event, organisation, register, trip

pytestmark = pytest.mark.django_db


def this_year():
    today = timezone.localdate()
    return services.statistics(start=date(today.year - 1, 1, 1), end=today)


def test_deleting_a_persons_account_keeps_the_totals(cluster):
    person = make_user("erika@example.com")
    zellwerk = organisation(member_of=cluster)
    past = event(timezone.now() - timedelta(days=2), [cluster])
    register(past, R.ATTENDED, organisation=zellwerk, email=person.email, name="Erika Muster")
    register(past, R.ATTENDED, R.CONFIRMED, organisation=zellwerk)
    wallonia = trip(timezone.localdate() - timedelta(days=1), [cluster])
    apply(wallonia, A.ACCEPTED, organisation=zellwerk, user=person)
    apply(wallonia, A.DECLINED, organisation=zellwerk)
    before = this_year()

    privacy.delete_account(person)

    after = this_year()
    assert not Registration.objects.filter(name="Erika Muster").exists()
    assert after.totals == before.totals
    assert [table.rows for table in after.tables] == [table.rows for table in before.tables]
    assert ErasedParticipation.objects.count() == 2


def test_registrations_for_events_yet_to_come_are_not_kept(cluster):
    person = make_user("erika@example.com")
    register(event(timezone.now() + timedelta(days=9), [cluster]), R.CONFIRMED,
             email=person.email)

    privacy.delete_account(person)

    assert not ErasedParticipation.objects.exists()


def test_rows_an_erasure_keeps_are_not_counted_twice(cluster):
    person = make_user("erika@example.com")
    registration, = register(event(timezone.now() - timedelta(days=2), [cluster]), R.ATTENDED,
                             email=person.email)
    pending = services.remember_before_erasure(person)
    # An erasure that blanks the person's fields instead of deleting the row (retention).
    Registration.objects.filter(pk=registration.pk).update(name="", email="erased@invalid")

    assert services.keep_after_erasure(pending) == 0
    assert this_year().totals["attended"] == 1

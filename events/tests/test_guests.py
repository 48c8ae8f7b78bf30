"""Registering without an account: the double opt-in, the held seat, its lapse, the waitlist."""

import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.utils import formats, timezone, translation

from events import selectors, services
from events.models import Registration
from events.tests.factories import (
    AgendaItemFactory,
    EventFactory,
    RegistrationFactory,
    assert_counters_match,
    attendee,
    keys,
)
from network_portal.models import OutgoingEmail
from network_portal.testing import make_user

pytestmark = pytest.mark.django_db

HELD, PENDING = Registration.Status.HELD, Registration.Status.PENDING


def confirm_link(registration) -> str:
    registration.refresh_from_db()
    return f"/events/confirm/{registration.confirm_token}/"


def token_in_mail(email) -> str:
    return re.search(r"/events/confirm/([\w-]+)/", email.body_text).group(1)


def test_a_guest_is_held_on_a_seat_that_counts_against_the_capacity():
    event = EventFactory(capacity=2)

    guest = services.register_guest(event, attendee("gast"), language="en")

    assert guest.status == HELD and guest.user is None
    assert guest.hold_expires_at == pytest.approx(guest.created_at + timedelta(hours=48),
                                                  abs=timedelta(seconds=1))
    event.refresh_from_db()
    assert event.seats_taken == 1 and event.seats_left() == 1
    assert_counters_match(event)
    # The first mail carries the confirmation link and the held time, in the guest's language;
    # not the secret link (that comes after confirming).
    mail = OutgoingEmail.objects.get(key=f"registration:{guest.pk}:guest_confirm")
    assert mail.language == "en" and "48 hours" in mail.body_text
    assert token_in_mail(mail) == guest.confirm_token
    assert guest.token not in mail.body_text


def test_confirming_turns_the_held_seat_into_a_confirmed_one_and_mails_the_secret_link():
    event = EventFactory(capacity=2)
    guest = services.register_guest(event, attendee("gast"))

    confirmed = services.confirm_guest(guest.confirm_token)

    assert confirmed.status == Registration.Status.CONFIRMED
    assert confirmed.email_confirmed_at is not None and confirmed.confirm_token is None
    event.refresh_from_db()
    assert event.seats_taken == 1
    mail = OutgoingEmail.objects.get(key=f"registration:{guest.pk}:confirmation")
    assert guest.token in mail.body_text and mail.attachments  # the secret link and the .ics


def test_the_confirmation_link_works_once():
    event = EventFactory()
    guest = services.register_guest(event, attendee("gast"))
    token = guest.confirm_token
    services.confirm_guest(token)

    with pytest.raises(services.GuestLinkInvalid):
        services.confirm_guest(token)
    assert OutgoingEmail.objects.filter(key__endswith=":confirmation").count() == 1


def test_a_confirmation_after_the_held_time_is_refused_and_changes_nothing():
    event = EventFactory()
    guest = services.register_guest(event, attendee("gast"))

    with pytest.raises(services.GuestHoldExpired):
        services.confirm_guest(guest.confirm_token, now=guest.hold_expires_at)

    guest.refresh_from_db()
    assert guest.status == HELD and guest.email_confirmed_at is None


def test_the_hold_ends_when_registration_closes_if_that_is_sooner():
    event = EventFactory(registration_closes_at=timezone.now() + timedelta(hours=5))

    guest = services.register_guest(event, attendee("gast"))

    assert guest.hold_expires_at == event.registration_closes_at


def test_a_lapsed_hold_frees_the_seat_and_promotes_the_next_waitlisted_person_once():
    event = EventFactory(capacity=1)
    guest = services.register_guest(event, attendee("gast"))
    waiting = services.register(event, attendee("wartend"))
    second = services.register(event, attendee("zweite"))
    assert waiting.status == second.status == Registration.Status.WAITLISTED

    later = guest.hold_expires_at + timedelta(minutes=1)
    assert services.expire_guest_holds(now=later) == 1
    assert services.expire_guest_holds(now=later) == 0  # a second run finds nothing

    guest.refresh_from_db()
    waiting.refresh_from_db()
    second.refresh_from_db()
    assert guest.status == Registration.Status.CANCELLED and guest.confirm_token is None
    assert waiting.status == Registration.Status.CONFIRMED
    assert second.status == Registration.Status.WAITLISTED and second.waitlist_position() == 1
    assert OutgoingEmail.objects.filter(key=f"registration:{waiting.pk}:promotion").count() == 1
    assert_counters_match(event)
    with pytest.raises(services.GuestLinkInvalid):
        services.confirm_guest(guest.confirm_token or "gone")


def test_holds_not_yet_due_stay():
    event = EventFactory(capacity=1)
    guest = services.register_guest(event, attendee("gast"))

    assert services.expire_guest_holds(now=guest.hold_expires_at - timedelta(minutes=1)) == 0
    guest.refresh_from_db()
    assert guest.status == HELD


def test_a_full_event_keeps_the_guest_pending_until_confirmed_then_waitlists_at_the_end():
    event = EventFactory(capacity=1)
    services.register(event, attendee("sitzt"))
    guest = services.register_guest(event, attendee("gast"))
    early = services.register(event, attendee("frueher"))  # waitlisted before the guest confirms

    assert guest.status == PENDING
    event.refresh_from_db()
    assert (event.seats_taken, event.waitlist_length) == (1, 1)
    assert "alle Plätze vergeben" in OutgoingEmail.objects.get(
        key=f"registration:{guest.pk}:guest_confirm").body_text

    confirmed = services.confirm_guest(guest.confirm_token)

    assert confirmed.status == Registration.Status.WAITLISTED
    assert early.waitlist_position() == 1 and confirmed.waitlist_position() == 2
    assert f"registration:{guest.pk}:waitlisted" in keys()
    assert_counters_match(event)


def test_a_pending_guest_confirming_when_a_seat_is_free_gets_it():
    event = EventFactory(capacity=1)
    seated = services.register(event, attendee("sitzt"))
    guest = services.register_guest(event, attendee("gast"))
    services.cancel_registration(seated)  # nobody waiting: the seat stays free

    assert services.confirm_guest(guest.confirm_token).status == Registration.Status.CONFIRMED
    assert_counters_match(event)


def test_a_held_guest_holds_an_agenda_seat_and_its_lapse_passes_it_on():
    event = EventFactory(capacity=None)
    island = AgendaItemFactory(event=event, capacity=1)
    guest = services.register_guest(event, attendee("gast"), agenda_items=[island])
    other = services.register(event, attendee("andere"), agenda_items=[island])
    assert guest.agenda_choices.get().status == "confirmed"
    assert other.agenda_choices.get().status == "waitlisted"

    services.expire_guest_holds(now=guest.hold_expires_at)

    assert other.agenda_choices.get().status == "confirmed"
    assert_counters_match(event)


def test_an_address_registered_already_gets_a_mail_not_an_error():
    event = EventFactory()
    existing = services.register(event, attendee("da"))

    assert services.register_guest(event, attendee("da")) is None

    assert event.registrations.count() == 1
    [notice] = OutgoingEmail.objects.filter(template="events_guest_already_registered")
    assert notice.to == existing.email and existing.token in notice.body_text


def test_an_unconfirmed_address_registering_again_gets_its_link_again_once_an_hour():
    event = EventFactory()
    guest = services.register_guest(event, attendee("gast"))

    now = timezone.now()
    assert services.register_guest(event, attendee("gast"), now=now) is None
    assert services.register_guest(event, attendee("gast"), now=now) is None

    mails = OutgoingEmail.objects.filter(template="events_guest_confirm")
    assert mails.count() == 2  # the first, and one repeat this hour
    assert all(token_in_mail(mail) == guest.confirm_token for mail in mails)


def test_the_consent_is_recorded_as_for_registrations():
    event = EventFactory(public_participants=True)

    guest = services.register_guest(event, attendee("gast"), public_consent=True)

    assert guest.consent_at is not None and guest.consent_version


def test_an_unconfirmed_guest_is_not_in_the_public_overview():
    event = EventFactory(public_participants=True)
    services.register_guest(event, attendee("gast", organisation_name="Gast GmbH"),
                            public_consent=True)

    assert "Gast GmbH" not in [str(o) for o in
                               selectors.public_participant_organisations(event)]


def test_cancelling_the_event_cancels_held_guests_too():
    event = EventFactory(capacity=3)
    guest = services.register_guest(event, attendee("gast"))

    services.cancel_event(event, by=None)

    guest.refresh_from_db()
    assert guest.status == Registration.Status.CANCELLED
    assert_counters_match(event)


def test_lapsed_guest_rows_are_deleted_after_the_retention_days():
    event = EventFactory()
    guest = services.register_guest(event, attendee("gast"))
    confirmed = services.register_guest(event, attendee("bestaetigt"))
    services.confirm_guest(confirmed.confirm_token)
    services.expire_guest_holds(now=guest.hold_expires_at)
    services.cancel_registration(confirmed)

    soon = guest.hold_expires_at + timedelta(days=6)
    assert services.delete_lapsed_guest_registrations(now=soon) == 0
    later = guest.hold_expires_at + timedelta(days=8)
    assert services.delete_lapsed_guest_registrations(now=later) == 1

    assert not Registration.objects.filter(pk=guest.pk).exists()
    assert Registration.objects.filter(pk=confirmed.pk).exists()  # confirmed once: kept


def test_a_guests_registration_joins_the_account_only_once_the_address_is_verified():
    event = EventFactory()
    guest = services.register_guest(event, attendee("gast"))
    services.confirm_guest(guest.confirm_token)
    user = make_user("other@example.com")
    address = EmailAddress.objects.create(user=user, email="teilnehmerin" "gast@example.com",
                                          verified=False, primary=False)

    assert list(selectors.my_registrations(user)) == []

    address.verified = True
    address.save()
    assert [r.pk for r in selectors.my_registrations(user)] == [guest.pk]
    assert selectors.own_registration(user, event).pk == guest.pk


def test_the_periodic_job_is_in_beats_schedule_and_thus_in_run_periodic(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "events.tasks.expire_guest_holds" in tasks


def test_the_task_lapses_due_holds():
    from events import tasks

    event = EventFactory(capacity=1)
    guest = RegistrationFactory(event=event, status=HELD, confirm_token="t",
                                hold_expires_at=timezone.now() - timedelta(minutes=1))
    from events.seats import store_counts
    store_counts()

    assert tasks.expire_guest_holds.apply().result == 1
    guest.refresh_from_db()
    assert guest.status == Registration.Status.CANCELLED
    assert_counters_match(event)


def test_a_new_time_is_not_mailed_to_unconfirmed_guests_their_confirmation_carries_it():
    event = EventFactory(capacity=5)
    guest = services.register_guest(event, attendee("gast"))
    member = services.register(event, attendee("mitglied"))
    event = type(event).objects.get(pk=event.pk)
    event.starts_at += timedelta(days=1)
    event.ends_at += timedelta(days=1)
    services.save_event(event, by=None)

    told = set(OutgoingEmail.objects.filter(template="events_event_changed")
               .values_list("to", flat=True))
    assert told == {member.email}
    services.confirm_guest(guest.confirm_token)
    confirmation = OutgoingEmail.objects.get(key=f"registration:{guest.pk}:confirmation")
    event.refresh_from_db()
    with translation.override("de"):
        new_start = formats.date_format(timezone.localtime(event.starts_at), "DATETIME_FORMAT")
    assert new_start in confirmation.body_text

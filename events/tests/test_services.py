"""The registration life cycle: register, waitlist, cancel, promotion, event cancelled."""

import base64
from datetime import timedelta

import pytest
from django.utils import timezone, translation

from events import services
from events.models import AgendaChoice, AgendaItem, Event, Registration
from events.tests.factories import AgendaItemFactory, EventFactory, RegistrationFactory, attendee
from network_portal.models import OutgoingEmail

pytestmark = pytest.mark.django_db


def keys():
    return set(OutgoingEmail.objects.values_list("key", flat=True))


def test_it_confirms_while_seats_are_free(event):
    registration = services.register(event, attendee(1))

    assert registration.status == Registration.Status.CONFIRMED
    assert registration.email == "teilnehmerin1@example.com"
    assert f"registration:{registration.pk}:confirmation" in keys()


def test_it_waitlists_when_the_event_is_full():
    event = EventFactory(capacity=1)
    services.register(event, attendee(1))

    second = services.register(event, attendee(2))
    third = services.register(event, attendee(3))

    assert second.status == third.status == Registration.Status.WAITLISTED
    assert (second.waitlist_position(), third.waitlist_position()) == (1, 2)
    email = OutgoingEmail.objects.get(key=f"registration:{third.pk}:waitlisted")
    assert "Position 2" in email.body_text


def test_unlimited_capacity_never_waitlists():
    event = EventFactory(capacity=None)
    for n in range(5):
        assert services.register(event, attendee(n)).status == Registration.Status.CONFIRMED


def test_the_confirmation_carries_the_ics_in_the_registrants_language():
    event = EventFactory(title_de="Netzwerktreffen Zwickau", title_en="Network meeting Zwickau")
    with translation.override("en"):
        registration = services.register(event, attendee(1))

    email = OutgoingEmail.objects.get(key=f"registration:{registration.pk}:confirmation")
    assert registration.language == "en"
    assert email.language == "en"
    assert email.subject == "Registration confirmed: Network meeting Zwickau"
    assert "Hello Teilnehmerin 1" in email.body_text
    assert registration.token in email.body_text
    [ics] = email.attachments
    assert ics["filename"] == f"{event.slug}.ics" and ics["mimetype"] == "text/calendar"
    content = base64.b64decode(ics["content"]).decode()
    assert "SUMMARY:Network meeting Zwickau" in content
    assert "BEGIN:VEVENT" in content


def test_the_confirmation_in_german():
    event = EventFactory(title_de="Netzwerktreffen Zwickau")
    with translation.override("de"):
        registration = services.register(event, attendee(1))

    email = OutgoingEmail.objects.get(key=f"registration:{registration.pk}:confirmation")
    assert email.subject == "Anmeldung bestätigt: Netzwerktreffen Zwickau"
    assert "Hallo Teilnehmerin 1" in email.body_text


def test_a_second_registration_with_the_same_email_is_refused(event):
    services.register(event, attendee(1))

    with translation.override("de"), pytest.raises(services.AlreadyRegistered) as error:
        services.register(event, attendee(1, email="Teilnehmerin1@Example.com ", name="Other"))

    assert error.value.messages == [
        "teilnehmerin1@example.com ist für diese Veranstaltung bereits angemeldet."]
    assert event.registrations.count() == 1


def test_after_cancelling_one_may_register_again(event):
    first = services.register(event, attendee(1))
    services.cancel_registration(first)

    again = services.register(event, attendee(1))

    assert again.status == Registration.Status.CONFIRMED


@pytest.mark.parametrize("change, code", [
    ({"status": Event.Status.DRAFT}, "draft"),
    ({"status": Event.Status.CANCELLED}, "cancelled"),
    ({"starts_at": timezone.now() - timedelta(days=2), "ends_at": timezone.now() - timedelta(days=1)},
     "past"),
    ({"registration_opens_at": timezone.now() + timedelta(days=1)}, "not_open"),
    ({"registration_closes_at": timezone.now() - timedelta(minutes=1)}, "closed"),
])
def test_registration_is_refused_outside_the_rules(change, code):
    event = EventFactory(**change)

    with pytest.raises(services.RegistrationClosed) as error:
        services.register(event, attendee(1))

    assert error.value.code == code
    assert not event.registrations.exists()


def test_the_refusal_is_translated():
    event = EventFactory(status=Event.Status.CANCELLED)
    with translation.override("de"), pytest.raises(services.RegistrationClosed) as error:
        services.register(event, attendee(1))
    with translation.override("de"):
        assert error.value.messages == ["Diese Veranstaltung wurde abgesagt."]


def test_cancelling_a_seat_promotes_the_first_waitlisted_in_order():
    event = EventFactory(capacity=1)
    seated = services.register(event, attendee(1))
    first = services.register(event, attendee(2))
    second = services.register(event, attendee(3))

    services.cancel_registration(seated)

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Registration.Status.CONFIRMED
    assert second.status == Registration.Status.WAITLISTED
    assert second.waitlist_position() == 1
    assert {f"registration:{seated.pk}:cancellation",
            f"registration:{first.pk}:promotion"} <= keys()
    promotion = OutgoingEmail.objects.get(key=f"registration:{first.pk}:promotion")
    assert promotion.attachments[0]["mimetype"] == "text/calendar"


def test_cancelling_a_waitlist_place_promotes_nobody():
    event = EventFactory(capacity=1)
    services.register(event, attendee(1))
    waiting = services.register(event, attendee(2))
    last = services.register(event, attendee(3))

    services.cancel_registration(waiting)

    last.refresh_from_db()
    assert last.status == Registration.Status.WAITLISTED
    assert last.waitlist_position() == 1


def test_cancelling_twice_is_refused(event):
    registration = services.register(event, attendee(1))
    services.cancel_registration(registration)

    with pytest.raises(services.NotCancellable):
        services.cancel_registration(registration)


def test_raising_the_capacity_promotes_in_order():
    event = EventFactory(capacity=1)
    services.register(event, attendee(1))
    waiting = [services.register(event, attendee(n)) for n in (2, 3, 4)]

    promoted = services.change_capacity(event, capacity=3, by=None)

    assert [r.pk for r in promoted] == [waiting[0].pk, waiting[1].pk]
    statuses = [Registration.objects.get(pk=r.pk).status for r in waiting]
    assert statuses == ["confirmed", "confirmed", "waitlisted"]


def test_lowering_the_capacity_below_the_seats_taken_is_refused_and_changes_nothing():
    event = EventFactory(capacity=3)
    for n in range(3):
        services.register(event, attendee(n))

    with pytest.raises(services.EventChangeRefused) as error:
        services.change_capacity(event, capacity=2, by=None)

    assert error.value.code == "capacity_below_seats"
    event.refresh_from_db()
    assert event.capacity == 3
    assert event.registrations.filter(status="confirmed").count() == 3


def test_lowering_the_capacity_to_the_seats_taken_closes_the_remaining_seats():
    event = EventFactory(capacity=5)
    for n in range(3):
        services.register(event, attendee(n))

    services.change_capacity(event, capacity=3, by=None)

    assert services.register(event, attendee(9)).status == Registration.Status.WAITLISTED


def test_raising_an_agenda_items_capacity_promotes_its_waitlist_in_order():
    event = EventFactory(capacity=10)
    island = AgendaItemFactory(event=event, capacity=1)
    registrations = [services.register(event, attendee(n), agenda_items=[island])
                     for n in range(4)]
    island.capacity = 3
    island.save()

    services.save_event(event, by=None)

    statuses = [AgendaChoice.objects.get(registration=r).status for r in registrations]
    assert statuses == ["confirmed", "confirmed", "confirmed", "waitlisted"]
    assert {f"registration:{r.pk}:agenda:{island.pk}:promotion" for r in registrations[1:3]} <= keys()


def test_lowering_an_agenda_items_capacity_below_its_seats_is_refused():
    event = EventFactory(capacity=10)
    island = AgendaItemFactory(event=event, capacity=3)
    for n in range(2):
        services.register(event, attendee(n), agenda_items=[island])
    AgendaItem.objects.filter(pk=island.pk).update(capacity=1)

    with pytest.raises(services.EventChangeRefused) as error:
        services.save_event(event, by=None)

    assert error.value.code == "agenda_capacity_below_seats"


def test_a_published_event_with_registrations_cannot_go_back_to_draft(event):
    services.register(event, attendee(1))
    event.status = Event.Status.DRAFT

    with pytest.raises(services.EventChangeRefused) as error:
        services.save_event(event, by=None)

    assert error.value.code == "back_to_draft"
    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED


def test_a_published_event_without_registrations_may_go_back_to_draft(event):
    event.status = Event.Status.DRAFT

    services.save_event(event, by=None)

    event.refresh_from_db()
    assert event.status == Event.Status.DRAFT


def test_cancelling_the_event_notifies_everyone_registered():
    event = EventFactory(capacity=1)
    seated = services.register(event, attendee(1))
    waiting = services.register(event, attendee(2))
    gone = services.register(event, attendee(3))
    services.cancel_registration(gone)

    count = services.cancel_event(event, by=None)

    assert count == 2
    assert {f"registration:{seated.pk}:event_cancelled",
            f"registration:{waiting.pk}:event_cancelled"} <= keys()
    assert f"registration:{gone.pk}:event_cancelled" not in keys()
    assert set(event.registrations.values_list("status", flat=True)) == {"cancelled"}
    email = OutgoingEmail.objects.get(key=f"registration:{seated.pk}:event_cancelled")
    assert "STATUS:CANCELLED" in base64.b64decode(email.attachments[0]["content"]).decode()
    assert email.reference == f"events.event:{event.pk}"


def test_cancelling_an_event_twice_tells_nobody_twice(event):
    registration = services.register(event, attendee(1))
    services.cancel_event(event, by=None)

    with pytest.raises(services.EventChangeRefused) as error:
        services.cancel_event(event, by=None)

    assert error.value.code == "cancelled"
    assert OutgoingEmail.objects.filter(
        key__startswith=f"registration:{registration.pk}:event_cancelled").count() == 1


def test_an_event_that_is_over_cannot_be_cancelled():
    past = timezone.now() - timedelta(days=2)
    event = EventFactory(starts_at=past, ends_at=past + timedelta(hours=3))
    RegistrationFactory(event=event, status="attended")

    with pytest.raises(services.EventChangeRefused) as error:
        services.cancel_event(event, by=None)

    assert error.value.code == "over"
    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED


def test_an_agenda_item_with_its_own_capacity_waitlists_and_promotes():
    event = EventFactory(capacity=10)
    island = AgendaItemFactory(event=event, capacity=1)
    talk = AgendaItemFactory(event=event, capacity=None)
    first = services.register(event, attendee(1), agenda_items=[island, talk])
    second = services.register(event, attendee(2), agenda_items=[island, talk])

    def status(registration, item):
        return AgendaChoice.objects.get(registration=registration, agenda_item=item).status

    assert status(first, island) == status(first, talk) == status(second, talk) == "confirmed"
    assert status(second, island) == "waitlisted"

    services.cancel_registration(first)

    assert status(second, island) == "confirmed"
    assert f"registration:{second.pk}:agenda:{island.pk}:promotion" in keys()


def test_agenda_seats_go_only_to_people_with_an_event_seat():
    event = EventFactory(capacity=1)
    island = AgendaItemFactory(event=event, capacity=5)
    services.register(event, attendee(1), agenda_items=[island])
    waiting = services.register(event, attendee(2), agenda_items=[island])

    choice = AgendaChoice.objects.get(registration=waiting)
    assert choice.status == "waitlisted"


def test_agenda_items_of_another_event_are_ignored(event):
    foreign = AgendaItemFactory()

    registration = services.register(event, attendee(1), agenda_items=[foreign])

    assert not registration.agenda_choices.exists()


def test_check_in_marks_attended_and_can_be_undone(event):
    registration = RegistrationFactory(event=event)

    services.check_in(registration, by=None)
    registration.refresh_from_db()
    assert registration.status == Registration.Status.ATTENDED and registration.checked_in_at

    services.check_in(registration, attended=False, by=None)
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED


@pytest.mark.parametrize("status", ["waitlisted", "cancelled"])
def test_only_confirmed_registrations_can_be_checked_in(event, status):
    registration = RegistrationFactory(event=event, status=status)

    with pytest.raises(services.RegistrationError):
        services.check_in(registration, by=None)

    registration.refresh_from_db()
    assert registration.status == status and registration.checked_in_at is None


def test_the_database_refuses_two_active_registrations_per_email(event):
    from django.db import IntegrityError, transaction

    RegistrationFactory(event=event, email="a@example.com")
    RegistrationFactory(event=event, email="a@example.com", status="cancelled")
    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationFactory(event=event, email="a@example.com", status="waitlisted")

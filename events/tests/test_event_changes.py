"""Staff move an event or change its place: everyone registered is told, once per change."""

import base64
from datetime import timedelta

import pytest
from django.utils import timezone, translation

from events import services
from events.models import Event, Registration
from events.tests.factories import EventFactory, RegistrationFactory, attendee, event_data
from network_portal.models import OutgoingEmail

pytestmark = pytest.mark.django_db

BERLIN_START = timezone.make_aware(timezone.datetime(2027, 6, 3, 10, 0))
NEW_START = timezone.make_aware(timezone.datetime(2027, 6, 10, 14, 30))


def changed_mails():
    return OutgoingEmail.objects.filter(template="events_event_changed").order_by("to")


def published_event(**fields):
    return EventFactory(**{"starts_at": BERLIN_START, "ends_at": BERLIN_START + timedelta(hours=4),
                           "title_de": "Netzwerktreffen Zwickau",
                           "title_en": "Network meeting Zwickau", **fields})


def move(event, start=NEW_START, hours=4):
    event = Event.objects.get(pk=event.pk)  # as the edit form loads it
    event.starts_at, event.ends_at = start, start + timedelta(hours=hours)
    return services.save_event(event, by=None)


def register(event, n, language):
    with translation.override(language):
        return services.register(event, attendee(n))


def test_a_moved_event_is_mailed_in_each_registrants_language_with_the_new_time():
    event = published_event()
    german = register(event, 1, "de")
    english = register(event, 2, "en")

    move(event)

    mails = {mail.to: mail for mail in changed_mails()}
    assert set(mails) == {german.email, english.email}
    de, en = mails[german.email], mails[english.email]
    assert (de.language, en.language) == ("de", "en")
    assert de.subject == "Neuer Termin: Netzwerktreffen Zwickau"
    assert en.subject == "New time: Network meeting Zwickau"
    assert "Hallo Teilnehmerin 1" in de.body_text and "Hello Teilnehmerin 2" in en.body_text
    assert "10. Juni 2027 14:30" in de.body_text
    assert "Bisher: 3. Juni 2027 10:00" in de.body_text
    assert "June 10, 2027, 2:30 p.m." in en.body_text
    assert "Previously: June 3, 2027, 10 a.m." in en.body_text
    assert " the " not in de.body_text  # no English left in the German text
    assert de.key == f"registration:{german.pk}:event_changed:1"
    assert de.reference == event.reference
    [ics] = en.attachments
    content = base64.b64decode(ics["content"]).decode()
    assert ics["mimetype"] == "text/calendar"
    assert "DTSTART:20270610T123000Z" in content  # 14:30 in Berlin (summer time)
    assert "SUMMARY:Network meeting Zwickau" in content


def test_waitlisted_people_are_told_with_their_position_but_get_no_calendar_entry():
    event = published_event(capacity=1)
    register(event, 1, "de")
    waiting = register(event, 2, "en")

    move(event)

    mail = changed_mails().get(to=waiting.email)
    assert mail.attachments == []
    assert "You stay on the waitlist at position 1." in mail.body_text


def test_a_new_venue_or_online_link_is_mailed_as_a_new_place():
    event = published_event(venue_name="Neue Welt", venue_address="Leipziger Straße 182")
    registration = register(event, 1, "de")
    event = Event.objects.get(pk=event.pk)
    event.venue_name, event.venue_address = "Stadthalle", "Marktplatz 1"
    event.online_url = "https://webinar.example.org/treffen"

    services.save_event(event, by=None)

    mail = changed_mails().get(to=registration.email)
    assert mail.subject == "Neuer Ort: Netzwerktreffen Zwickau"
    assert "Wo: Stadthalle, Marktplatz 1" in mail.body_text
    assert "Online: https://webinar.example.org/treffen" in mail.body_text
    assert "Bisheriger Ort: Neue Welt, Leipziger Straße 182" in mail.body_text
    assert "Bisher:" not in mail.body_text  # the time stayed


def test_a_save_without_a_new_time_or_place_mails_nobody():
    event = published_event()
    register(event, 1, "de")
    event = Event.objects.get(pk=event.pk)
    event.title_de, event.capacity, event.description_de = "Neuer Titel", 80, "Mehr Text."

    services.save_event(event, by=None)

    assert not changed_mails().exists()
    assert Event.objects.get(pk=event.pk).details_version == 0


def test_the_same_change_submitted_twice_sends_one_mail_but_two_changes_send_two():
    event = published_event()
    registration = register(event, 1, "de")

    move(event)
    move(event)  # the form sent twice: the second finds nothing changed
    assert changed_mails().count() == 1

    move(event, start=NEW_START + timedelta(days=1))
    assert list(changed_mails().values_list("key", flat=True).order_by("key")) == [
        f"registration:{registration.pk}:event_changed:1",
        f"registration:{registration.pk}:event_changed:2",
    ]


def test_moving_back_and_forth_tells_every_time():
    event = published_event()
    register(event, 1, "de")

    move(event)
    move(event, start=BERLIN_START)
    move(event)

    assert changed_mails().count() == 3


def test_cancelled_registrations_hear_nothing():
    event = published_event()
    cancelled = register(event, 1, "de")
    services.cancel_registration(cancelled)
    RegistrationFactory(event=event, status=Registration.Status.CANCELLED)

    move(event)

    assert not changed_mails().exists()


def test_a_draft_event_mails_nobody():
    event = published_event(status=Event.Status.DRAFT)
    RegistrationFactory(event=event)  # (registration is refused for drafts; just in case)

    move(event)

    assert not changed_mails().exists()


def test_a_cancelled_event_mails_nobody():
    event = published_event()
    register(event, 1, "de")
    services.cancel_event(event, by=None)

    move(event)

    assert not changed_mails().exists()


def test_people_promoted_by_the_same_save_get_only_the_promotion():
    event = published_event(capacity=1)
    seated = register(event, 1, "de")
    waiting = register(event, 2, "de")
    event = Event.objects.get(pk=event.pk)
    event.capacity = 2
    event.starts_at, event.ends_at = NEW_START, NEW_START + timedelta(hours=2)

    services.save_event(event, by=None)

    assert list(changed_mails().values_list("to", flat=True)) == [seated.email]
    promotion = OutgoingEmail.objects.get(key=f"registration:{waiting.pk}:promotion")
    assert "10. Juni 2027 14:30" in promotion.body_text


def test_a_refused_change_mails_nobody():
    event = published_event(capacity=2)
    register(event, 1, "de")
    register(event, 2, "de")
    event = Event.objects.get(pk=event.pk)
    event.capacity = 1
    event.starts_at, event.ends_at = NEW_START, NEW_START + timedelta(hours=2)

    with pytest.raises(services.EventChangeRefused):
        services.save_event(event, by=None)

    assert not changed_mails().exists()
    assert Event.objects.get(pk=event.pk).details_version == 0


def test_an_event_that_is_over_mails_nobody_when_corrected():
    past = timezone.now() - timedelta(days=10)
    event = published_event(starts_at=past, ends_at=past + timedelta(hours=2))
    RegistrationFactory(event=event)

    move(event, start=past - timedelta(hours=1), hours=2)

    assert not changed_mails().exists()


def test_moving_the_event_in_the_staff_form_tells_the_registrants(client, cluster,
                                                                   cluster_manager):
    event = EventFactory(organisers=[cluster], slug="netzwerktreffen-fruehjahr",
                         venue_name="Neue Welt", capacity=80)
    registration = register(event, 1, "en")
    data = event_data(cluster, **{"agenda-TOTAL_FORMS": "0"})
    client.force_login(cluster_manager)

    client.post(f"/events/{event.slug}/edit/", data)
    client.post(f"/events/{event.slug}/edit/", data)  # a double submit

    [mail] = changed_mails()
    assert mail.to == registration.email and mail.language == "en"
    assert mail.subject == "New time and place: Spring network meeting"


def test_a_new_time_and_place_say_so_in_the_subject():
    event = published_event()
    registration = register(event, 1, "en")
    event = Event.objects.get(pk=event.pk)
    event.venue_name = "Stadthalle"
    event.starts_at, event.ends_at = NEW_START, NEW_START + timedelta(hours=2)

    services.save_event(event, by=None)

    mail = changed_mails().get(to=registration.email)
    assert mail.subject == "New time and place: Network meeting Zwickau"
    assert "the time and the place of the following event have changed." in mail.body_text

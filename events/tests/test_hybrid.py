"""Hybrid events: on site or online, each part with its own seats, waitlist and promotion; the
online link only for confirmed online participants (mails, pages, calendar files)."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse

from events import selectors, services
from events.forms import GuestRegistrationForm, RegistrationForm
from events.models import Registration
from events.tests.factories import EventFactory, assert_counters_match, attendee
from network_portal.models import OutgoingEmail

LINK = "https://meet.example.org/hybrid-geheim"
ONLINE, ON_SITE = Registration.Attendance.ONLINE, Registration.Attendance.ON_SITE


def hybrid(**fields):
    return EventFactory(**{"capacity": 10, "online_capacity": 1, "online_url": LINK,
                           "venue_name": "Batteriehalle", "venue_address": "Werkstraße 1",
                           **fields})


def mails_to(email, template=None):
    rows = OutgoingEmail.objects.filter(to=email)
    return rows.filter(template=template) if template else rows


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_requests_for_the_last_online_seat_give_it_to_exactly_one():
    event = hybrid(online_capacity=1)
    barrier = threading.Barrier(6)
    errors = []

    def worker(n):
        try:
            barrier.wait()
            services.register(event, attendee(n), attendance=ONLINE)
        except Exception as error:  # noqa: BLE001 - asserted below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    online = event.registrations.filter(attendance=ONLINE)
    assert online.filter(status="confirmed").count() == 1
    # On-site seats are free, yet the others wait for an online seat: the parts are apart.
    assert online.filter(status="waitlisted").count() == 5
    assert sorted(r.waitlist_position() for r in online.filter(status="waitlisted")) == [1, 2, 3, 4, 5]
    assert_counters_match(event)
    event.refresh_from_db()
    assert (event.seats_taken, event.online_seats_taken, event.online_waitlist_length) == (0, 1, 5)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_cancellation_and_expiry_promote_the_next_online_person_exactly_once():
    event = hybrid(capacity=1, online_capacity=1)
    seated = services.register(event, attendee("online"), attendance=ONLINE)
    services.register(event, attendee("vorort"), attendance=ON_SITE)
    waiting_site = services.register(event, attendee("wartet-vorort"), attendance=ON_SITE)
    first = services.register(event, attendee("wartet-online1"), attendance=ONLINE)
    second = services.register(event, attendee("wartet-online2"), attendance=ONLINE)
    barrier = threading.Barrier(3)

    def cancel():
        try:
            barrier.wait()
            services.cancel_registration(seated)
        except services.NotCancellable:
            pass
        finally:
            connection.close()

    threads = [threading.Thread(target=cancel) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    statuses = {r.email: r.status for r in event.registrations.all()}
    assert statuses[first.email] == "confirmed"
    assert statuses[second.email] == "waitlisted"
    assert statuses[waiting_site.email] == "waitlisted"  # not the on-site waitlist
    assert mails_to(first.email, "events_promoted").count() == 1
    assert not mails_to(waiting_site.email, "events_promoted").exists()
    assert Registration.objects.get(pk=second.pk).waitlist_position() == 1
    assert_counters_match(event)


@pytest.mark.django_db
def test_an_on_site_cancellation_promotes_the_on_site_waitlist_not_the_online_one():
    event = hybrid(capacity=1, online_capacity=1)
    services.register(event, attendee("online"), attendance=ONLINE)
    site = services.register(event, attendee("vorort"), attendance=ON_SITE)
    waiting_online = services.register(event, attendee("wo"), attendance=ONLINE)
    waiting_site = services.register(event, attendee("wv"), attendance=ON_SITE)

    services.cancel_registration(site)

    assert Registration.objects.get(pk=waiting_site.pk).status == "confirmed"
    assert Registration.objects.get(pk=waiting_online.pk).status == "waitlisted"
    assert_counters_match(event)


@pytest.mark.django_db
def test_a_lapsed_online_guest_hold_moves_the_online_waitlist():
    event = hybrid(online_capacity=1)
    guest = services.register_guest(event, attendee("gast"), attendance=ONLINE)
    waiting = services.register(event, attendee("wartet"), attendance=ONLINE)
    assert guest.status == "held" and waiting.status == "waitlisted"

    services.expire_guest_holds(now=guest.hold_expires_at + timedelta(minutes=1))

    assert Registration.objects.get(pk=waiting.pk).status == "confirmed"
    assert_counters_match(event)


@pytest.mark.django_db
def test_the_online_link_goes_only_to_confirmed_online_participants(client, member):
    event = hybrid(online_capacity=1)
    online = services.register(event, attendee("online"), attendance=ONLINE)
    site = services.register(event, attendee("vorort", email=member.email), user=member,
                             attendance=ON_SITE)
    waiting = services.register(event, attendee("wartet"), attendance=ONLINE)

    online_mail = mails_to(online.email, "events_confirmation").get()
    assert LINK in online_mail.body_text and "Batteriehalle" not in online_mail.body_text
    site_mail = mails_to(site.email, "events_confirmation").get()
    assert "Batteriehalle" in site_mail.body_text
    for registration in (site, waiting):
        for sent in mails_to(registration.email):
            assert LINK not in sent.body_text
            assert all(LINK not in str(attachment) for attachment in sent.attachments)

    page = client.get(online.get_absolute_url()).content.decode()
    assert LINK in page
    for registration in (site, waiting):
        page = client.get(registration.get_absolute_url()).content.decode()
        assert LINK not in page
    # An on-site participant logged in sees no link on the event page either.
    client.force_login(member)
    assert LINK not in client.get(event.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_a_hybrid_event_needs_the_choice_and_other_events_offer_none(member):
    user = member
    event = hybrid()
    form = RegistrationForm({"registers_for": "self", "name": "Mara", "email": user.email,
                             "organisation_name": "Zellwerk"}, event=event, user=user)
    assert not form.is_valid()
    assert "attendance" in form.errors
    guest = GuestRegistrationForm({"first_name": "Mara", "last_name": "M", "language": "de",
                                   "email": "m@example.org", "organisation_name": "Zellwerk",
                                   "attendance": "zoom"}, event=event)
    assert not guest.is_valid() and "attendance" in guest.errors
    plain = EventFactory(capacity=10)
    assert "attendance" not in RegistrationForm(event=plain, user=user).fields
    # The service refuses the same, and saves nothing.
    with pytest.raises(services.RegistrationError):
        services.register(event, attendee("ohne"))
    with pytest.raises(services.RegistrationError):
        services.register(plain, attendee("online"), attendance=ONLINE)
    assert not Registration.objects.exists()


@pytest.mark.django_db
def test_the_form_offers_each_part_with_its_seats_left(member):
    user = member
    event = hybrid(capacity=3, online_capacity=1)
    services.register(event, attendee("online"), attendance=ONLINE)
    event.refresh_from_db()
    choices = dict(RegistrationForm(event=event, user=user).fields["attendance"].choices)
    assert "3" in str(choices[ON_SITE]) and "Warteliste" in str(choices[ONLINE])


@pytest.mark.django_db
def test_the_participant_list_filters_by_attendance_and_the_export_has_a_column(
        client, cluster, cluster_manager):
    event = hybrid(online_capacity=5, organisers=[cluster])
    services.register(event, attendee("online"), attendance=ONLINE)
    services.register(event, attendee("vorort"), attendance=ON_SITE)
    client.force_login(cluster_manager)
    url = reverse("events:participants", args=[event.slug])

    page = client.get(url, {"attendance": "online"}).content.decode()
    assert "teilnehmerinonline@example.com" in page
    assert "teilnehmerinvorort@example.com" not in page

    export = client.get(url, {"format": "csv"})
    lines = b"".join(export.streaming_content if export.streaming else [export.content]).decode(
        "utf-8-sig").splitlines()
    assert "Teilnahme" in lines[0]
    assert any("Online" in line and "teilnehmerinonline" in line for line in lines[1:])


@pytest.mark.django_db
def test_waitlist_positions_are_counted_per_part():
    event = hybrid(capacity=1, online_capacity=1)
    for n, mode in enumerate([ON_SITE, ONLINE, ON_SITE, ONLINE, ONLINE]):
        services.register(event, attendee(n), attendance=mode)
    positions = selectors.waitlist_positions(event)
    by_email = {r.email: positions.get(r.pk) for r in event.registrations.all()}
    assert by_email == {"teilnehmerin0@example.com": None, "teilnehmerin1@example.com": None,
                        "teilnehmerin2@example.com": 1, "teilnehmerin3@example.com": 1,
                        "teilnehmerin4@example.com": 2}


@pytest.mark.django_db
def test_online_seats_cannot_drop_below_those_taken(cluster, cluster_manager):
    event = hybrid(online_capacity=2, organisers=[cluster])
    services.register(event, attendee(1), attendance=ONLINE)
    services.register(event, attendee(2), attendance=ONLINE)
    event.refresh_from_db()
    event.online_capacity = 1
    with pytest.raises(services.EventChangeRefused):
        services.save_event(event, by=cluster_manager)


@pytest.mark.django_db
def test_a_group_takes_part_one_way_with_its_own_waitlist(member):
    event = hybrid(capacity=10, online_capacity=1)
    people = [services.GroupMember(name=f"Kollegin {n}", email=f"k{n}@example.org")
              for n in range(2)]

    registered = services.register_group(event, people, organisation_name="Zellwerk",
                                         user=member, attendance=ONLINE)

    assert [(r.attendance, r.status) for r in registered] == [
        (ONLINE, "confirmed"), (ONLINE, "waitlisted")]
    assert_counters_match(event)


def _list_queries(client, url):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()  # cold each time
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


@pytest.mark.django_db
def test_the_participant_list_of_a_hybrid_event_costs_what_a_plain_events_does(
        client, cluster, cluster_manager):
    from events.tests.factories import RegistrationFactory

    event = hybrid(capacity=100, online_capacity=100, organisers=[cluster])
    plain = EventFactory(capacity=100, organisers=[cluster])
    client.force_login(cluster_manager)

    def add(n):
        for target in (event, plain):
            RegistrationFactory.create_batch(n, event=target)
        RegistrationFactory.create_batch(n, event=event, attendance=ONLINE)

    add(2)
    url = reverse("events:participants", args=[event.slug])
    few = _list_queries(client, url)
    few_online = _list_queries(client, url + "?attendance=online")
    add(25)
    assert _list_queries(client, url) == few
    assert _list_queries(client, url + "?attendance=online") == few_online == few
    assert few == _list_queries(client, reverse("events:participants", args=[plain.slug]))


@pytest.mark.django_db
def test_the_edit_form_sets_online_seats_and_asks_for_the_link(client, cluster, cluster_manager):
    from events.models import Event
    from events.tests.factories import event_data

    client.force_login(cluster_manager)
    refused = client.post("/events/new/", event_data(cluster, online_capacity="50"))
    assert "braucht den Online-Link" in refused.content.decode()
    assert not Event.objects.exists()

    client.post("/events/new/", event_data(cluster, online_capacity="50",
                                           online_url="https://meet.example.org/x"))
    event = Event.objects.get()
    assert event.is_hybrid and event.online_capacity == 50 and event.capacity == 80


@pytest.mark.django_db
def test_the_group_summary_names_the_venue_but_not_a_hybrid_events_link(member):
    event = hybrid()
    services.register_group(event, [services.GroupMember(name="K", email="k@example.org")],
                            organisation_name="Zellwerk", user=member, attendance=ON_SITE)
    summary = OutgoingEmail.objects.get(template="events_group_summary")
    assert "Batteriehalle" in summary.body_text and LINK not in summary.body_text


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_online_walk_ins_for_the_last_online_seat_take_it_once():
    event = hybrid(online_capacity=1)
    barrier = threading.Barrier(4)
    refused, errors = [], []

    def worker(n):
        try:
            barrier.wait()
            services.register_walk_in(event, name=f"Spät {n}", email=f"spaet{n}@example.com",
                                      attendance=ONLINE, by=None)
        except services.WalkInRefused as error:
            refused.append(error.code)
        except Exception as error:  # noqa: BLE001 - asserted below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == [] and refused == ["full"] * 3
    assert event.registrations.filter(attendance=ONLINE, status="attended").count() == 1
    assert_counters_match(event)
    event.refresh_from_db()
    assert (event.seats_taken, event.online_seats_taken) == (0, 1)

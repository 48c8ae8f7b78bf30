"""The event day: the personal check-in code and QR link, its page, and walk-ins at the door."""

from urllib.parse import urlencode

import pytest
from django.utils import timezone

from events import history, services
from events.models import Registration
from events.tests.factories import EventFactory, RegistrationFactory, assert_counters_match, attendee
from network_portal.models import AuditEntry, OutgoingEmail

pytestmark = pytest.mark.django_db


@pytest.fixture
def today_event(cluster):
    return EventFactory(organisers=[cluster], starts_at=timezone.now())


def page(registration):
    return f"/events/{registration.event.slug}/check-in/{registration.check_in_code}/"


def test_code_and_qr_on_the_secret_link_page_and_in_the_confirmation(client, settings, event):
    settings.PORTAL_BASE_URL = "https://portal.example.org"
    registration = services.register(event, attendee(1), language="de")
    code = registration.check_in_code
    assert len(code) == 8 and registration.token.startswith(code)

    html = client.get(registration.get_absolute_url()).content.decode()
    assert code in html and "<svg" in html and 'role="img"' in html and "<script" not in \
        html.split("<svg", 1)[1].split("</svg>", 1)[0]

    mail = OutgoingEmail.objects.get(to=registration.email)
    assert code in mail.body_text
    assert f"https://portal.example.org/events/{event.slug}/check-in/{code}/" in mail.body_text


def test_the_qr_code_holds_the_absolute_check_in_link(settings, event):
    from events import checkin

    settings.PORTAL_BASE_URL = "https://portal.example.org"
    registration = RegistrationFactory(event=event)
    assert checkin.check_in_url(registration) == "https://portal.example.org" + page(registration)


def test_staff_see_the_person_others_see_nothing_personal(client, event, cluster_manager,
                                                          other_manager):
    registration = RegistrationFactory(event=event, name="Erika Mustermann",
                                       organisation_name="Zellwerk GmbH", diet="vegan")
    anonymous = client.get(page(registration)).content.decode()
    client.force_login(other_manager)
    other = client.get(page(registration)).content.decode()
    for html in (anonymous, other):
        assert "Erika" not in html and "Zellwerk" not in html and "vegan" not in html
        assert registration.email not in html
    # The same page for a code that is nobody's: it tells nothing, not even whether it is valid.
    assert client.get(f"/events/{event.slug}/check-in/XXXXXXXX/").status_code == 200

    client.force_login(cluster_manager)
    staff = client.get(page(registration)).content.decode()
    assert "Erika Mustermann" in staff and "Zellwerk GmbH" in staff


def test_post_checks_in_and_undoes(client, today_event, cluster_manager):
    registration = RegistrationFactory(event=today_event)
    client.force_login(cluster_manager)

    response = client.post(page(registration), {"attended": "1"})
    assert response.status_code == 302 and response["Location"] == page(registration)
    registration.refresh_from_db()
    assert registration.status == Registration.Status.ATTENDED

    client.post(page(registration), {"attended": "0"})
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
    assert list(AuditEntry.objects.order_by("pk").values_list("action", flat=True)) == [
        history.CHECKED_IN, history.CHECK_IN_UNDONE]


def test_others_cannot_check_in_by_post(client, today_event, other_manager):
    registration = RegistrationFactory(event=today_event)
    client.force_login(other_manager)
    client.post(page(registration), {"attended": "1"})
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED


def test_before_the_day_refused_unless_staff_override(client, event, cluster_manager):
    registration = RegistrationFactory(event=event)  # in 30 days
    client.force_login(cluster_manager)
    html = client.get(page(registration)).content.decode()
    assert 'name="override"' in html

    response = client.post(page(registration), {"attended": "1"}, follow=True)
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
    assert "ab dem Veranstaltungstag" in response.content.decode()

    client.post(page(registration), {"attended": "1", "override": "1"})
    registration.refresh_from_db()
    assert registration.status == Registration.Status.ATTENDED
    assert AuditEntry.objects.get(action=history.CHECKED_IN).data["before_the_day"] is True


def test_the_day_rule_in_the_service(event):
    registration = RegistrationFactory(event=event)
    with pytest.raises(services.RegistrationError) as error:
        services.check_in(registration, by=None, day_rule=True)
    assert error.value.code == "before_day"
    on_the_day = event.starts_at
    services.check_in(registration, by=None, day_rule=True, now=on_the_day)
    registration.refresh_from_db()
    assert registration.status == Registration.Status.ATTENDED


def walk_in(client, event, **fields):
    data = {"name": "Max Tür", "email": "max@example.com", "organisation_name": "Türwerk"}
    data.update(fields)
    return client.post(f"/events/{event.slug}/participants/walk-in/", data)


def test_walk_in_within_capacity_is_checked_in(client, cluster, cluster_manager):
    event = EventFactory(organisers=[cluster], capacity=2)
    RegistrationFactory(event=event)
    client.force_login(cluster_manager)
    mails = OutgoingEmail.objects.count()

    response = walk_in(client, event)

    assert response.status_code == 302
    registration = event.registrations.get(email="max@example.com")
    assert registration.status == Registration.Status.ATTENDED and registration.checked_in_at
    event.refresh_from_db()
    assert event.seats_taken == 2 and event.waitlist_length == 0
    assert_counters_match(event)
    entry = AuditEntry.objects.get(action=history.WALK_IN)
    assert entry.data == {"registration": registration.pk, "overbooked": False}
    assert OutgoingEmail.objects.count() == mails


def test_walk_in_when_full_needs_overbook(client, cluster, cluster_manager):
    event = EventFactory(organisers=[cluster], capacity=1)
    RegistrationFactory(event=event)
    client.force_login(cluster_manager)

    walk_in(client, event)
    assert not event.registrations.filter(email="max@example.com").exists()
    assert not AuditEntry.objects.filter(action=history.WALK_IN).exists()
    assert 'name="overbook"' in client.get(f"/events/{event.slug}/participants/").content.decode()

    walk_in(client, event, overbook="1")
    registration = event.registrations.get(email="max@example.com")
    assert registration.status == Registration.Status.ATTENDED
    event.refresh_from_db()
    assert event.seats_taken == 2 and event.waitlist_length == 0
    assert_counters_match(event)
    assert AuditEntry.objects.get(action=history.WALK_IN).data["overbooked"] is True


def test_walk_in_refused_to_others(client, event, other_manager):
    client.force_login(other_manager)
    assert walk_in(client, event).status_code == 403
    assert not event.registrations.exists()


def test_walk_in_already_registered_is_refused(client, event, cluster_manager):
    RegistrationFactory(event=event, email="max@example.com")
    client.force_login(cluster_manager)
    walk_in(client, event)
    assert event.registrations.count() == 1


@pytest.mark.vnu
def test_the_event_day_pages_are_valid_html(client, cluster, cluster_manager, tmp_path):
    import subprocess

    from network_portal.testing import VNU_JAR
    from network_portal.testing import require_vnu as _require_vnu

    java = _require_vnu()
    event = EventFactory(organisers=[cluster], capacity=1)
    registration = RegistrationFactory(event=event)
    pages = {"secret": client.get(registration.get_absolute_url()),
             "other": client.get(page(registration))}
    client.force_login(cluster_manager)
    pages["staff"] = client.get(page(registration))
    pages["participants"] = client.get(f"/events/{event.slug}/participants/")
    pages["unknown code"] = client.get(f"/events/{event.slug}/check-in/XXXXXXXX/")
    pages["badges"] = client.get(f"/events/{event.slug}/participants/?print=badges&size=a6"
                                 "&status=confirmed")
    pages["sheet"] = client.get(f"/events/{event.slug}/participants/?print=sheet"
                                "&order=organisation")
    files = []
    for name, response in pages.items():
        assert response.status_code == 200, name
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.content)
        files.append(str(path))
    result = subprocess.run([java, "-jar", VNU_JAR, "--errors-only", *files],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr.replace(str(tmp_path) + "/", "")


def test_a_drafts_check_in_page_tells_others_not_even_its_title(client, cluster):
    event = EventFactory(organisers=[cluster], status="draft", title_de="Geheimes Treffen")
    registration = RegistrationFactory(event=event)
    html = client.get(page(registration)).content.decode()
    assert "Geheimes Treffen" not in html and "Bitte zeigen Sie diesen Code am Empfang." in html


def lookup(event, typed):
    return f"/events/{event.slug}/check-in/?" + urlencode({"code": typed})


def test_a_typed_code_opens_the_persons_check_in_page(client, today_event, cluster_manager):
    registration = RegistrationFactory(event=today_event)
    client.force_login(cluster_manager)

    response = client.get(lookup(today_event, f"  {registration.check_in_code} "))

    assert response.status_code == 302 and response["Location"] == page(registration)


def test_a_scanned_link_and_a_phone_capitalised_code_open_it_too(client, settings, today_event,
                                                                 cluster_manager):
    settings.PORTAL_BASE_URL = "https://portal.example.org"
    registration = RegistrationFactory(event=today_event, token="abcdefgh" + "x" * 35)
    client.force_login(cluster_manager)

    scanned = client.get(lookup(today_event, "https://portal.example.org" + page(registration)))
    typed = client.get(lookup(today_event, "Abcdefgh"))

    assert scanned["Location"] == page(registration) == typed["Location"]


def test_an_unknown_code_goes_back_to_the_list_with_a_message(client, today_event,
                                                              cluster_manager):
    RegistrationFactory(event=today_event)
    other_events = RegistrationFactory()  # a code of another event opens nothing here
    client.force_login(cluster_manager)

    for typed in ("ZZZZZZZZ", "kurz", other_events.check_in_code, ""):
        response = client.get(lookup(today_event, typed), follow=True)
        assert response.redirect_chain[-1][0] == f"/events/{today_event.slug}/participants/"
        assert "Keine Anmeldung dieser Veranstaltung hat den Check-in-Code" in \
            response.content.decode()


def test_the_code_lookup_is_for_staff_only(client, today_event, other_manager):
    registration = RegistrationFactory(event=today_event)
    assert client.get(lookup(today_event, registration.check_in_code))["Location"].startswith(
        "/accounts/login/")
    client.force_login(other_manager)
    assert client.get(lookup(today_event, registration.check_in_code)).status_code == 403


def test_the_list_and_the_check_in_page_offer_the_code_field(client, today_event,
                                                             cluster_manager):
    registration = RegistrationFactory(event=today_event)
    client.force_login(cluster_manager)
    for url in (f"/events/{today_event.slug}/participants/", page(registration)):
        html = client.get(url).content.decode()
        assert 'name="code"' in html and f'action="/events/{today_event.slug}/check-in/"' in html


def test_the_search_finds_by_name_or_organisation_on_the_server(client, today_event,
                                                                cluster_manager):
    RegistrationFactory(event=today_event, name="Erika Mustermann", organisation_name="Zellwerk")
    RegistrationFactory(event=today_event, name="Bea Bereit", organisation_name="Anodenbau")
    client.force_login(cluster_manager)
    base = f"/events/{today_event.slug}/participants/?q="

    by_name = client.get(base + "muster").content.decode()
    by_organisation = client.get(base + "anoden").content.decode()

    assert "Erika Mustermann" in by_name and "Bea Bereit" not in by_name
    assert "Bea Bereit" in by_organisation and "Erika Mustermann" not in by_organisation
    assert "data-live-results" in by_name  # the part the script swaps as one types


# Walk-ins at a hybrid event: on site (the default) or online, each a seat of its own part.

def hybrid_event(cluster, **fields):
    return EventFactory(organisers=[cluster], **{
        "capacity": 2, "online_capacity": 1, "online_url": "https://meet.example.org/tuer",
        **fields})


def test_a_walk_in_at_a_hybrid_event_is_on_site_unless_online_is_chosen(cluster, cluster_manager):
    event = hybrid_event(cluster)

    on_site = services.register_walk_in(event, name="Vor Ort", email="a@example.com",
                                        by=cluster_manager)
    online = services.register_walk_in(event, name="Online", email="b@example.com",
                                       attendance=Registration.Attendance.ONLINE,
                                       by=cluster_manager)

    assert on_site.attendance == Registration.Attendance.ON_SITE
    assert online.attendance == Registration.Attendance.ONLINE
    assert online.status == Registration.Status.ATTENDED and online.checked_in_at
    event.refresh_from_db()
    assert (event.seats_taken, event.online_seats_taken) == (1, 1)
    assert (event.waitlist_length, event.online_waitlist_length) == (0, 0)
    assert_counters_match(event)
    assert AuditEntry.objects.filter(action=history.WALK_IN).latest("pk").data == {
        "registration": online.pk, "overbooked": False, "attendance": "online"}


def test_a_full_online_part_refuses_an_online_walk_in_unless_overbooked(cluster, cluster_manager):
    event = hybrid_event(cluster)
    services.register(event, attendee("online"), attendance=Registration.Attendance.ONLINE)

    with pytest.raises(services.WalkInRefused) as error:
        services.register_walk_in(event, name="Spät", email="spaet@example.com",
                                  attendance=Registration.Attendance.ONLINE, by=cluster_manager)
    assert error.value.code == "full"
    assert not event.registrations.filter(email="spaet@example.com").exists()
    # On-site seats are free: the same person at the door is taken on site.
    services.register_walk_in(event, name="Spät", email="spaet@example.com", by=cluster_manager)
    services.register_walk_in(event, name="Noch später", email="noch@example.com",
                              attendance=Registration.Attendance.ONLINE, overbook=True,
                              by=cluster_manager)
    event.refresh_from_db()
    assert (event.seats_taken, event.online_seats_taken) == (1, 2)
    assert_counters_match(event)
    assert AuditEntry.objects.filter(action=history.WALK_IN).latest("pk").data["overbooked"]


def test_an_event_without_an_online_part_takes_no_online_walk_in(event, cluster_manager):
    with pytest.raises(services.RegistrationError) as error:
        services.register_walk_in(event, name="Max", email="max@example.com",
                                  attendance=Registration.Attendance.ONLINE, by=cluster_manager)
    assert error.value.code == "not_hybrid"
    assert not event.registrations.exists()


def test_the_walk_in_form_offers_the_choice_only_at_a_hybrid_event(client, cluster,
                                                                   cluster_manager):
    plain = EventFactory(organisers=[cluster], capacity=5)
    event = hybrid_event(cluster)
    client.force_login(cluster_manager)

    html = client.get(f"/events/{event.slug}/participants/").content.decode()
    assert 'name="attendance" id="walk-in-on-site" value="on_site" checked' in html
    assert 'id="walk-in-online" value="online"' in html and "1 Platz frei" in html
    plain_html = client.get(f"/events/{plain.slug}/participants/").content.decode()
    assert "walk-in-name" in plain_html and "walk-in-online" not in plain_html

    walk_in(client, event, attendance="online")
    registration = event.registrations.get(email="max@example.com")
    assert registration.attendance == Registration.Attendance.ONLINE
    assert registration.status == Registration.Status.ATTENDED
    walk_in(client, event, email="vorort@example.com")  # no choice sent: on site
    assert event.registrations.get(email="vorort@example.com").attendance == "on_site"
    event.refresh_from_db()
    assert (event.seats_taken, event.online_seats_taken) == (1, 1)

    # A plain event: a stray attendance value changes nothing, the person is on site.
    walk_in(client, plain, attendance="online")
    assert plain.registrations.get(email="max@example.com").attendance == "on_site"


def test_a_bad_attendance_value_is_a_german_form_error_and_saves_nothing(client, cluster,
                                                                         cluster_manager):
    event = hybrid_event(cluster)
    client.force_login(cluster_manager)

    response = walk_in(client, event, attendance="balkon")

    assert not event.registrations.exists()
    assert not AuditEntry.objects.filter(action=history.WALK_IN).exists()
    page = client.get(response.url).content.decode()
    assert "Wie nimmt die Person teil?: Bitte wählen Sie, ob die Person vor Ort oder online " \
           "teilnimmt." in page
    event.refresh_from_db()
    assert (event.seats_taken, event.online_seats_taken) == (0, 0)

"""Journeys through the events app in a real browser, each page checked with axe."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from events import services
from events.models import Registration
from events.tests.factories import AgendaItemFactory, EventFactory, RegistrationFactory, attendee
from network_portal.models import OutgoingEmail
from network_portal.testing import axe_violations, log_in, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_member_registers_and_finds_it_in_my_portal(page):
    make_user("mara@zellwerk.example", first_name="Mara", last_name="Muster")
    event = EventFactory(title_de="Netzwerktreffen Zwickau 2027", capacity=40,
                         starts_at=timezone.now() + timedelta(days=40),
                         ends_at=timezone.now() + timedelta(days=40, hours=4))
    AgendaItemFactory(event=event, title_de="Gesprächsinsel Recycling", capacity=10)
    log_in(page, "mara@zellwerk.example")

    page.goto("/events/")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Netzwerktreffen Zwickau 2027").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Netzwerktreffen Zwickau 2027"
    assert axe_violations(page) == []
    page.screenshot(path="/tmp/events-detail.png", full_page=True)

    page.get_by_role("link", name="Zur Veranstaltung anmelden").click()
    assert page.locator("#id_name").input_value() == "Mara Muster"
    email = page.locator("#id_email")
    expect(email).to_have_attribute("readonly", "")  # oneself: the account's address
    page.get_by_label("Ich melde eine Kollegin oder einen Kollegen an").check()
    expect(email).to_have_value("")
    expect(email).not_to_have_attribute("readonly", "")
    page.get_by_label("Ich melde mich selbst an").check()
    expect(email).to_have_value("mara@zellwerk.example")
    assert page.locator("#id_name").input_value() == "Mara Muster"
    page.locator("#id_organisation_name").fill("Zellwerk Zwickau GmbH")
    page.locator("#id_job_title").fill("+49 375 Einkauf")
    page.get_by_label("Gesprächsinsel Recycling (begrenzte Plätze)").check()
    assert axe_violations(page) == []
    page.screenshot(path="/tmp/events-register.png", full_page=True)
    page.locator("main form button[type=submit]").click()

    page.wait_for_url("**/events/registration/**")
    assert "Bestätigt" in page.locator("main").inner_text()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Mein Portal").click()
    section = page.locator("#my-registrations").locator("..")
    assert "Netzwerktreffen Zwickau 2027" in section.inner_text()
    assert axe_violations(page) == []
    page.screenshot(path="/tmp/events-my-portal.png", full_page=True)
    registration = Registration.objects.get()
    assert OutgoingEmail.objects.get(key=f"registration:{registration.pk}:confirmation").status == "sent"


def test_waitlist_and_cancelling_by_the_secret_link_promotes_the_next(page):
    make_user("wim@example.com", first_name="Wim", last_name="Wartend")
    event = EventFactory(title_de="Workshop Recycling", capacity=1)
    seated = services.register(event, attendee(1))
    log_in(page, "wim@example.com")

    page.goto(f"/events/{event.slug}/register/")
    assert "Alle Plätze sind vergeben" in page.locator("main").inner_text()
    page.locator("#id_organisation_name").fill("Wartend KG")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/events/registration/**")
    own_url = page.url
    assert "Position 1 auf der Warteliste" in page.locator("main").inner_text()
    assert axe_violations(page) == []

    # The seated person cancels through the link in their e-mail, without logging in.
    page.context.clear_cookies()
    page.goto(f"/events/registration/{seated.token}/")
    assert axe_violations(page) == []
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Anmeldung stornieren").click()
    page.wait_for_selector("text=Die Anmeldung ist storniert.")

    page.goto(own_url)
    assert "Bestätigt" in page.locator("main dl").inner_text()
    waiting = Registration.objects.get(email="wim@example.com")
    assert OutgoingEmail.objects.filter(key=f"registration:{waiting.pk}:promotion").exists()


def test_staff_filter_check_in_and_export_the_participant_list(page, cluster, cluster_manager):
    # On the event's day: the list checks people in from then on.
    event = EventFactory(title_de="Netzwerkempfang", organisers=[cluster], capacity=2,
                         starts_at=timezone.now())
    RegistrationFactory(event=event, name="Anna Anwesend", organisation_name="Alpha GmbH")
    RegistrationFactory(event=event, name="Bea Bereit", organisation_name="Beta AG")
    RegistrationFactory(event=event, name="Wim Wartend", status="waitlisted")
    log_in(page, cluster_manager.email)

    page.goto(event.get_absolute_url())
    page.get_by_role("link", name="Teilnehmendenliste").click()
    assert axe_violations(page) == []
    page.get_by_label("Status").select_option("confirmed")
    page.get_by_role("button", name="Filter", exact=True).click()
    page.wait_for_url("**status=confirmed**")
    table = page.locator("main table")
    assert "Wim Wartend" not in table.inner_text() and "Anna Anwesend" in table.inner_text()

    page.get_by_role("button", name=re.compile(r"Einchecken\W+Anna Anwesend")).click()
    page.wait_for_selector("text=Anna Anwesend ist eingecheckt.")
    assert "status=confirmed" in page.url
    assert Registration.objects.get(name="Anna Anwesend").status == "attended"
    assert axe_violations(page) == []
    page.screenshot(path="/tmp/events-participants.png", full_page=True)

    export = page.get_by_role("link", name="CSV (Excel, Semikolon)")
    assert export.get_attribute("href") == "?status=confirmed&format=csv"
    with page.expect_download() as download:
        export.click()
    content = open(download.value.path(), encoding="utf-8-sig").read()
    assert "Bea Bereit" in content and "Wim Wartend" not in content

    page.get_by_role("link", name="Namensschilder").click()
    assert page.locator("[data-print]").is_visible()
    assert axe_violations(page) == []
    page.screenshot(path="/tmp/events-badges.png", full_page=True)


def test_staff_creates_an_event_with_an_agenda(page, cluster, cluster_manager):
    log_in(page, cluster_manager.email)

    page.goto("/events/new/")
    assert axe_violations(page) == []
    start = timezone.localtime() + timedelta(days=50)
    page.locator("#id_title_de").press_sequentially("Zellchemie für Einsteiger")
    assert page.locator("#id_slug").input_value() == "zellchemie-fuer-einsteiger"  # proposed
    page.locator("#id_kind").select_option("workshop")
    page.locator("#id_organisers").fill(cluster.name)  # the organiser search (pickers)
    page.locator("#id_starts_at").fill(start.strftime("%Y-%m-%dT10:00"))
    page.locator("#id_ends_at").fill(start.strftime("%Y-%m-%dT16:00"))
    page.locator("#id_agenda-0-title_de").fill("Gesprächsinsel Kathoden")
    page.locator("#id_agenda-0-capacity").fill("12")
    page.get_by_role("button", name="Veröffentlichen").click()

    page.wait_for_url("**/events/zellchemie-fuer-einsteiger/")
    assert "Die Veranstaltung ist veröffentlicht" in page.locator("main").inner_text()
    assert "Gesprächsinsel Kathoden" in page.locator("main").inner_text()
    assert axe_violations(page) == []


def test_a_visitor_browses_the_demo_events_and_the_archive(page, settings):
    from io import StringIO

    from django.core.management import call_command

    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    settings.DEBUG = False

    page.goto("/")
    assert "Netzwerkempfang Cleantech 2027" in page.locator("#next-events").locator("..").inner_text()
    page.get_by_role("link", name="Veranstaltungen", exact=True).first.click()
    assert axe_violations(page) == []
    page.screenshot(path="/tmp/events-list.png", full_page=True)
    page.locator("#id_kind").select_option("workshop")
    page.get_by_role("button", name="Filter", exact=True).click()
    assert "Workshop: Batterierecycling in der Praxis" in page.locator("main").inner_text()
    assert "Netzwerkempfang Cleantech 2027" not in page.locator("main").inner_text()

    page.get_by_role("link", name="Archiv: vergangene Veranstaltungen").click()
    page.get_by_role("link", name="Branchenübergreifender Industriedialog Neue Mobilität Sachsen").click()
    main = page.locator("main").inner_text()
    assert "Gläserne Manufaktur Dresden" in main and "Gesprächsinseln" in main
    assert "Energie" in main and "Gesprächsinsel Energie" not in main  # the kind once
    assert "Diese Veranstaltung ist vorbei." in main
    assert axe_violations(page) == []
    page.screenshot(path="/tmp/events-dialogue.png", full_page=True)


def test_a_member_registers_a_colleague_who_gets_english_emails(page, settings):
    settings.PORTAL_MAX_COLLEAGUES_PER_EVENT = 1
    make_user("mara@zellwerk.example", first_name="Mara", last_name="Muster")
    event = EventFactory(title_de="Netzwerktreffen Chemnitz", title_en="Network meeting Chemnitz")
    log_in(page, "mara@zellwerk.example")

    page.goto(f"/events/{event.slug}/register/")
    language = page.locator("#id_language")
    expect(language).to_be_hidden()  # oneself: the page's language
    page.get_by_label("Ich melde eine Kollegin oder einen Kollegen an").check()
    expect(language).to_be_visible()
    expect(language).to_have_value("de")
    page.locator("#id_name").fill("Kai Kollege")
    page.locator("#id_email").fill("kai@zellwerk.example")
    page.get_by_label("Sprache der E-Mails").select_option("en")
    page.locator("#id_organisation_name").fill("Zellwerk Zwickau GmbH")
    assert axe_violations(page) == []
    page.screenshot(path="/tmp/events-register-colleague.png", full_page=True)
    page.locator("main form button[type=submit]").click()

    page.wait_for_url("**/events/registration/**")
    registration = Registration.objects.get()
    assert registration.language == "en"
    email = OutgoingEmail.objects.get(key=f"registration:{registration.pk}:confirmation")
    assert email.subject == "Registration confirmed: Network meeting Chemnitz"
    assert "Mara Muster (mara@zellwerk.example) registered you" in email.body_text
    assert "Kai Kollege erhält die Bestätigung per E-Mail, Sie eine Kopie." in page.locator(
        "main").inner_text()
    copy = OutgoingEmail.objects.get(key=f"registration:{registration.pk}:registrant_copy")
    assert copy.to == "mara@zellwerk.example"

    # One colleague is the most this test allows: the next one is refused, nothing is saved.
    page.goto(f"/events/{event.slug}/register/")
    page.get_by_label("Ich melde eine Kollegin oder einen Kollegen an").check()
    page.locator("#id_name").fill("Karla Kollegin")
    page.locator("#id_email").fill("karla@zellwerk.example")
    page.locator("#id_organisation_name").fill("Zellwerk Zwickau GmbH")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main")).to_contain_text(
        "Sie haben für diese Veranstaltung bereits 1 Kollegin oder Kollegen angemeldet")
    assert axe_violations(page) == []
    assert Registration.objects.count() == 1


def test_staff_move_an_event_and_the_registrants_are_told(page, cluster, cluster_manager):
    event = EventFactory(organisers=[cluster], title_de="Netzwerktreffen Plauen")
    registration = services.register(event, attendee(1))
    log_in(page, cluster_manager.email)

    page.goto(f"/events/{event.slug}/")
    page.get_by_role("link", name="Veranstaltung und Programm bearbeiten").click()
    new_start = timezone.localtime(event.starts_at) + timedelta(days=7)
    page.locator("#id_starts_at").fill(new_start.strftime("%Y-%m-%dT%H:%M"))
    page.locator("#id_ends_at").fill((new_start + timedelta(hours=4)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Speichern", exact=True).click()
    page.wait_for_url(f"**/events/{event.slug}/")

    page.goto(f"/events/{event.slug}/outbox/")
    assert "Neuer Termin: Netzwerktreffen Plauen" in page.locator("main").inner_text()
    assert axe_violations(page) == []
    email = OutgoingEmail.objects.get(key=f"registration:{registration.pk}:event_changed:1")
    assert email.attachments[0]["mimetype"] == "text/calendar"


def test_staff_see_who_changed_exported_and_checked_in_in_the_events_history(page, cluster,
                                                                              cluster_manager):
    cluster_manager.first_name, cluster_manager.last_name = "Petra", "Beispiel"
    cluster_manager.save()
    start = timezone.now().replace(second=0, microsecond=0) + timedelta(days=30)
    event = EventFactory(organisers=[cluster], title_de="Netzwerktreffen Aue", capacity=40,
                         starts_at=start, ends_at=start + timedelta(hours=3))
    RegistrationFactory(event=event, name="Anna Anwesend", organisation_name="Alpha GmbH")
    log_in(page, cluster_manager.email)

    page.goto(f"/events/{event.slug}/edit/")
    page.locator("#id_capacity").fill("60")
    page.get_by_role("button", name="Speichern", exact=True).click()
    page.wait_for_url(f"**/events/{event.slug}/")
    page.get_by_role("link", name="Teilnehmendenliste").click()
    # Loaded with its styles: the phone and the desktop check-in buttons differ only by CSS.
    page.wait_for_url(f"**/events/{event.slug}/participants/")
    page.wait_for_load_state()
    # 30 days ahead: staff check in early, explicitly (the history records it).
    page.get_by_role("button", name=re.compile(r"Vorzeitig einchecken\W+Anna Anwesend")).click()
    page.wait_for_selector("text=Anna Anwesend ist eingecheckt.")
    with page.expect_download():
        page.get_by_role("link", name="Excel (XLSX)").click()

    page.goto(f"/events/{event.slug}/edit/")
    history = page.locator("section", has=page.get_by_role("heading", name="Verlauf"))
    rows = history.locator("tbody tr")
    expect(rows).to_have_count(3)
    assert "hat die Teilnehmendenliste exportiert" in rows.nth(0).inner_text()
    assert "Anna Anwesend" in rows.nth(1).inner_text()
    edit = rows.nth(2).inner_text()
    assert "Petra Beispiel" in edit and "hat die Veranstaltung bearbeitet" in edit
    assert "Plätze 40 → 60" in edit and "Beginn" not in edit  # only what changed
    assert axe_violations(page) == []
    page.screenshot(path="/tmp/events-history.png", full_page=True)


def test_staff_search_sort_and_page_through_a_long_participant_list(page, cluster,
                                                                     cluster_manager):
    event = EventFactory(title_de="Branchendialog", organisers=[cluster], capacity=None)
    for n in range(55):
        RegistrationFactory(event=event, name=f"Person {n:02d}", organisation_name="Zelle AG")
    RegistrationFactory(event=event, name="Xaver Xylit", organisation_name="Anoden GmbH")
    log_in(page, cluster_manager.email)

    page.goto(f"/events/{event.slug}/participants/")
    assert page.get_by_text("1–50 von 56 Anmeldungen").is_visible()
    assert axe_violations(page) == []
    # Sorting by a column header, then the other way round.
    page.get_by_role("link", name=re.compile(r"^Name\b")).click()
    page.wait_for_url("**sort=name**")
    assert page.locator("main table tbody th").first.inner_text().startswith("Person 00")
    page.get_by_role("link", name=re.compile(r"^Name\b")).click()
    page.wait_for_url("**sort=-name**")
    assert page.locator("main table tbody th").first.inner_text().startswith("Xaver Xylit")
    assert page.locator("th[aria-sort=descending]").count() == 1
    # The next page keeps the sort.
    page.get_by_role("link", name="Weiter").click()
    page.wait_for_url("**page=2**")
    assert "sort=-name" in page.url
    assert page.locator("main table tbody tr").count() == 6
    assert axe_violations(page) == []
    # Searching by organisation keeps the sort too.
    page.get_by_label("Name oder Organisation").fill("anoden")
    page.get_by_role("button", name="Filter", exact=True).click()
    page.wait_for_url("**q=anoden**")
    assert "sort=-name" in page.url
    rows = page.locator("main table tbody tr")
    assert rows.count() == 1 and "Xaver Xylit" in rows.inner_text()
    assert axe_violations(page) == []
    page.screenshot(path="/tmp/events-participant-search.png", full_page=True)

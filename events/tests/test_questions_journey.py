"""In a real browser, in German: an organiser asks two questions, a member answers them and
chooses one island of a slot, the organiser sees the answers in the participant list."""

from datetime import timedelta

import pytest
from django.utils import timezone

from events.models import AgendaItem, Question, Registration
from events.tests.factories import AgendaItemFactory, EventFactory
from events.tests.test_journeys import log_in
from network_portal.testing import axe_violations, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_questions_and_a_slot_of_islands_from_the_edit_page_to_the_participant_list(
        page, cluster, cluster_manager):
    start = (timezone.localtime() + timedelta(days=40)).replace(hour=14, minute=0, second=0,
                                                                microsecond=0)
    event = EventFactory(title_de="Netzwerktreffen Zwickau 2027", organisers=[cluster],
                         starts_at=start, ends_at=start + timedelta(hours=4))
    AgendaItemFactory(event=event, kind=AgendaItem.Kind.TALK, title_de="Begrüßung",
                      starts_at=start, ends_at=start + timedelta(minutes=45), room="Großer Saal")
    for title, room in (("Recycling", "Salon 1"), ("Zellchemie", "Salon 2")):
        AgendaItemFactory(event=event, title_de=title, room=room, capacity=20,
                          starts_at=start + timedelta(hours=1),
                          ends_at=start + timedelta(hours=2))
    make_user("mara@zellwerk.example", first_name="Mara", last_name="Muster")

    # The organiser asks: a yes/no question in the empty row, a choice in a row added by JS.
    log_in(page, cluster_manager.email)
    page.goto(f"/events/{event.slug}/edit/")
    page.locator("#id_questions-0-label_de").fill("Teilnahme am Abendessen")
    page.locator("#id_questions-0-label_en").fill("Dinner")
    page.locator("#id_questions-0-kind").select_option("yes_no")
    page.locator("#id_questions-0-required").check()
    page.get_by_role("button", name="Frage hinzufügen").click()
    page.locator("#id_questions-1-label_de").fill("Übernachtung")
    page.locator("#id_questions-1-kind").select_option("choice")
    page.locator("#id_questions-1-options_de").fill("Keine\nEine Nacht\nZwei Nächte")
    page.locator("#id_questions-1-position").fill("1")
    # An agenda row added by JS too, without saving first (3 items + 2 empty rows: row 5).
    page.get_by_role("button", name="Programmpunkt hinzufügen").click()
    page.locator("#id_agenda-5-title_de").fill("Abschluss und Imbiss")
    page.locator("#id_agenda-5-kind").select_option("talk")
    page.locator("#id_agenda-5-starts_at").fill(
        (start + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"))
    assert axe_violations(page) == []
    page.get_by_role("button", name="Speichern", exact=True).click()
    page.wait_for_url(f"**/events/{event.slug}/")
    dinner, stay = Question.objects.order_by("position", "pk")
    assert (dinner.label_de, dinner.kind, dinner.required) == (
        "Teilnahme am Abendessen", "yes_no", True)
    assert (stay.label_de, stay.options_de) == ("Übernachtung", "Keine\nEine Nacht\nZwei Nächte")
    assert event.agenda_items.get(title_de="Abschluss und Imbiss").starts_at == start + timedelta(
        hours=3)

    # The event page shows the day: times, rooms, the islands as one slot.
    main = page.locator("main").inner_text()
    assert "Programm" in main and "Salon 2" in main and "zur selben Zeit" in main
    assert "Gesprächsinsel: " not in main
    assert axe_violations(page) == []
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"/tmp/forms-event-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})

    # The member registers, answers, and chooses one island of the slot.
    page.context.clear_cookies()
    log_in(page, "mara@zellwerk.example")
    page.goto(f"/events/{event.slug}/register/")
    page.locator("#id_organisation_name").fill("Zellwerk Zwickau GmbH")
    assert page.get_by_label("Begrüßung").count() == 0  # the plenum is not a checkbox
    page.get_by_label("Zellchemie (Salon 2, begrenzte Plätze)").check()
    page.locator("main form button[type=submit]").click()  # the required answer is missing
    assert Registration.objects.count() == 0
    assert page.locator(".invalid-feedback, .alert-danger").first.is_visible()
    page.locator(f"input[name=question_{dinner.pk}][value=yes]").check()
    page.locator(f"input[name=question_{stay.pk}][value='Eine Nacht']").check()
    page.get_by_label("Zellchemie (Salon 2, begrenzte Plätze)").check()
    assert axe_violations(page) == []
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"/tmp/forms-register-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/events/registration/**")
    main = page.locator("main").inner_text()
    assert "Teilnahme am Abendessen" in main and "Eine Nacht" in main and "Zellchemie" in main
    registration = Registration.objects.get()
    assert [item.title_de for item in registration.agenda_items.all()] == ["Zellchemie"]
    assert axe_violations(page) == []

    # The organiser sees the answers and filters by one.
    page.context.clear_cookies()
    log_in(page, cluster_manager.email)
    page.goto(f"/events/{event.slug}/participants/")
    table = page.locator("table").inner_text()
    assert "Mara Muster" in table and "Eine Nacht" in table and "Ja" in table
    page.locator(f"#id_answer_{stay.pk}").select_option("Zwei Nächte")
    page.get_by_role("button", name="Filter", exact=True).click()
    assert "Mara Muster" not in page.locator("table").inner_text()
    page.locator(f"#id_answer_{stay.pk}").select_option("Eine Nacht")
    page.get_by_role("button", name="Filter", exact=True).click()
    assert "Mara Muster" in page.locator("table").inner_text()
    assert axe_violations(page) == []
    page.screenshot(path="/tmp/forms-participants-1280.png", full_page=True)

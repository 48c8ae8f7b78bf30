"""Keyboard only (WCAG 2.1.1, 2.1.2, 2.4.3, 2.4.7): register for an event, check a participant
in, approve a profile change, with Tab, Shift+Tab, Enter, Space and typing, never a click.
At every stop the focused element shows a focus ring (its computed outline), and each page is
checked with axe. A form sent with a mistake comes back with its error summary focused."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from events.models import Registration
from events.tests.factories import EventFactory, RegistrationFactory
from members.models import ProfileChangeRequest
from members.tests.factories import (
    ChangeRequestFactory,
    MembershipFactory,
    OrganizationFactory,
    RepresentativeFactory,
)
from network_portal.testing import axe_violations, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FOCUSED = """() => {
  const e = document.activeElement;
  const style = getComputedStyle(e);
  return {tag: e.tagName, id: e.id, text: (e.innerText || e.value || '').trim().slice(0, 80),
          label: e.getAttribute('aria-label') || '', href: e.getAttribute('href') || '',
          outline: style.outlineStyle, width: parseFloat(style.outlineWidth),
          color: style.outlineColor};
}"""


def log_in(page, live_server, user):
    """The session cookie of `user` (logging in by keyboard is a journey of its own)."""
    client = Client()
    client.force_login(user)
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "url": live_server.url,
                               "value": client.cookies[settings.SESSION_COOKIE_NAME].value}])


def focused(page):
    info = page.evaluate(FOCUSED)
    if info["tag"] not in {"BODY", "MAIN"}:
        # Visible focus: a ring of at least 2 px, never outline: none.
        assert info["outline"] != "none" and info["width"] >= 2, info
    return info


def tab_to(page, matches, *, limit=80, key="Tab"):
    """Press Tab until the focused element `matches` (a function of focused()); fail after
    `limit` presses, which is also how a keyboard trap would show."""
    seen = []
    for _ in range(limit):
        page.keyboard.press(key)
        info = focused(page)
        if matches(info):
            return info
        seen.append(info["text"] or info["id"] or info["tag"])
    raise AssertionError(f"not reached in {limit} presses of {key}: {seen[-10:]}")


def text(pattern):
    return lambda info: any(re.search(pattern, info[key]) for key in ("text", "label"))


def element_id(value):
    return lambda info: info["id"] == value


def test_a_member_registers_for_an_event_with_the_keyboard_alone(page, live_server):
    member = make_user("kira@zellwerk.example", first_name="Kira", last_name="Keyboard")
    event = EventFactory(title_de="Netzwerktreffen Tastatur", capacity=30,
                         starts_at=timezone.now() + timedelta(days=30),
                         ends_at=timezone.now() + timedelta(days=30, hours=3))
    log_in(page, live_server, member)
    page.goto("/events/")

    tab_to(page, text(r"^Netzwerktreffen Tastatur$"))
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/events/{event.slug}/")
    assert axe_violations(page) == []
    tab_to(page, lambda info: info["href"] == f"/events/{event.slug}/register/")
    page.keyboard.press("Enter")
    page.wait_for_url("**/register/")

    # Sent without an organisation: the page comes back with the summary focused.
    tab_to(page, text(r"^Zur Veranstaltung anmelden$"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    summary = focused(page)
    assert "Das Formular enthält 1 Fehler" in summary["text"], summary
    assert page.title().startswith("Fehler: Anmeldung: Netzwerktreffen Tastatur")
    assert axe_violations(page) == []
    link = tab_to(page, lambda info: info["tag"] == "A", limit=3)
    assert link["href"] == "#id_organisation_name"
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "id_organisation_name"
    page.keyboard.type("Zellwerk Tastatur GmbH")
    tab_to(page, text(r"^Zur Veranstaltung anmelden$"))
    page.keyboard.press("Enter")

    page.wait_for_url("**/events/registration/**")
    registration = Registration.objects.get(email="kira@zellwerk.example")
    assert registration.organisation_name == "Zellwerk Tastatur GmbH"
    assert registration.is_confirmed
    assert axe_violations(page) == []


def test_staff_check_a_participant_in_with_the_keyboard_alone(page, live_server, cluster,
                                                              cluster_manager):
    event = EventFactory(title_de="Netzwerkempfang", organisers=[cluster], capacity=5,
                         starts_at=timezone.now())  # the event's day: check-in is open
    RegistrationFactory(event=event, name="Anna Anwesend", organisation_name="Alpha GmbH")
    RegistrationFactory(event=event, name="Bea Bereit", organisation_name="Beta AG")
    log_in(page, live_server, cluster_manager)
    page.goto(event.get_absolute_url())

    tab_to(page, lambda info: info["href"] == f"/events/{event.slug}/participants/")
    page.keyboard.press("Enter")
    page.wait_for_url("**/participants/")
    assert axe_violations(page) == []
    tab_to(page, text(r"Einchecken\W+Bea Bereit"))
    page.keyboard.press("Space")

    page.wait_for_selector("text=Bea Bereit ist eingecheckt.")
    assert Registration.objects.get(name="Bea Bereit").status == "attended"
    assert Registration.objects.get(name="Anna Anwesend").status == "confirmed"
    assert axe_violations(page) == []


def test_a_curator_approves_a_profile_change_with_the_keyboard_alone(page, live_server, cluster,
                                                                     cluster_manager):
    organisation = OrganizationFactory(name="Zellwerk Tastatur GmbH", city="Zwickau")
    MembershipFactory(organization=organisation, cluster=cluster)
    representative = make_user("rita@zellwerk.example", first_name="Rita", last_name="Rep")
    RepresentativeFactory(organization=organisation, user=representative)
    change = ChangeRequestFactory(organization=organisation, requested_by=representative,
                                  proposed={"city": "Chemnitz"})
    log_in(page, live_server, cluster_manager)
    page.goto("/members/curation/")

    tab_to(page, lambda info: info["href"] == f"/members/curation/changes/{change.pk}/")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/members/curation/changes/{change.pk}/")
    assert axe_violations(page) == []
    # The wide diff table scrolls in its own box, which the keyboard reaches too.
    box = tab_to(page, lambda info: info["tag"] == "DIV")
    assert box["id"] == "" and page.evaluate("document.activeElement.getAttribute('role')") == "region"
    tab_to(page, element_id("id_decision_0"))
    page.keyboard.press("Space")  # "Approve and publish the changes"
    tab_to(page, text(r"^Entscheidung speichern$"))
    page.keyboard.press("Enter")

    page.wait_for_url("**/members/curation/")
    change.refresh_from_db()
    organisation.refresh_from_db()
    assert change.status == ProfileChangeRequest.Status.APPROVED
    assert organisation.city == "Chemnitz"
    assert axe_violations(page) == []


@pytest.mark.parametrize("width", [320, 1280])
def test_tab_goes_through_every_page_and_out_again_without_a_trap(page, live_server, member,
                                                                   width):
    """From the skip link to the last footer link and back with Shift+Tab: nothing holds the
    focus, also with the navigation opened on a narrow screen."""
    page.set_viewport_size({"width": width, "height": 800})
    log_in(page, live_server, member)
    page.goto("/events/")
    if width == 320:
        tab_to(page, lambda info: info["label"] == "Navigation anzeigen")
        page.keyboard.press("Enter")
        expect(page.locator("#main-nav")).to_have_class(re.compile(r"\bshow\b"))
    last = tab_to(page, text(r"^Leichte Sprache$"), limit=60)
    assert last["href"] == "/leichte-sprache/"
    tab_to(page, lambda info: info["text"] == "Zum Inhalt springen", key="Shift+Tab", limit=60)


def test_with_reduced_motion_nothing_moves(browser, live_server, db):
    context = browser.new_context(base_url=live_server.url, reduced_motion="reduce", locale="de-DE")
    page = context.new_page()
    page.goto("/")
    durations = page.evaluate("""() => Array.from(document.querySelectorAll('*'))
        .map(e => getComputedStyle(e).transitionDuration).filter(d => d !== '0s')""")
    context.close()
    assert durations == []


def test_the_focus_ring_turns_white_on_the_dark_hero(page, db):
    page.goto("/")

    info = tab_to(page, lambda info: page.evaluate(
        "document.activeElement.closest('.hero') !== null"))

    assert info["color"] == "rgb(255, 255, 255)", info  # orange has 2.1:1 there, white 7.7:1

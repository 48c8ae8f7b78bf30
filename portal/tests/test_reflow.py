"""WCAG 1.4.10 reflow and 1.4.4 zoom: the main pages at 320 CSS px (a phone, or 1280 px at
400 %) and at 640 px (1280 px at 200 %) scroll only up and down, nothing cut off, no axe
violation. Wide tables scroll inside their own labelled, focusable box."""

from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from events.models import Event, Registration
from members.models import Organization
from network_portal.models import User
from network_portal.testing import axe_violations, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENS = Path(settings.BASE_DIR) / "var" / "screens"
EVENT = "workshop-batterierecycling-2027"
TRIP = "akkumulatoren-campus-auvergne-rhone-alpes-2027"


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    settings.DEBUG = False
    member = make_user("newcomer@example.com", first_name="Nora", last_name="Neu")
    event = Event.objects.get(slug=EVENT)
    Registration.objects.create(event=event, email=member.email, user=member, name="Nora Neu",
                                organisation_name="Neu & Söhne Batteriesysteme GmbH")
    return {"member": member, "manager": User.objects.get(email="clustermanager@demo.example")}


def log_in(page, live_server, user):
    """Log the tab in as `user` through a session cookie (the login form has its own test)."""
    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "url": live_server.url,
                               "value": client.cookies[settings.SESSION_COOKIE_NAME].value}])


def main_pages(demo):
    profile = Organization.objects.get(slug="whz")
    return [
        # name, path, who is logged in
        ("home", "/", None),
        ("directory", "/members/", None),
        ("profile", profile.get_absolute_url(), None),
        ("events", "/events/", None),
        ("event", f"/events/{EVENT}/", None),
        ("trips", "/delegations/", None),
        ("trip", f"/delegations/{TRIP}/", None),
        ("register", f"/events/{EVENT}/register/", "member"),
        ("my-portal", "/my/", "member"),
        ("participants", f"/events/{EVENT}/participants/", "manager"),
        ("trip-applications", f"/delegations/{TRIP}/applications/", "manager"),
        ("curation-queue", "/members/curation/", "manager"),
        ("my-portal-manager", "/my/", "manager"),
    ]


def overflowing(page, width):
    """Elements whose right edge lies beyond the window (outside a scrolling table box)."""
    return page.evaluate("""width => Array.from(document.querySelectorAll('body *'))
        .filter(e => e.getBoundingClientRect().right > width + 0.5
                     && !e.closest('.table-responsive') && e.getClientRects().length)
        .slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + (e.id || ''))""", width)


@pytest.mark.parametrize("width", [320, 640])
def test_the_main_pages_reflow_without_scrolling_sideways(page, live_server, demo, width):
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": width, "height": 800})
    wide = {}
    for name, path, who in main_pages(demo):
        if who:
            log_in(page, live_server, demo[who])
        else:
            page.context.clear_cookies()
        page.goto(path)
        assert page.locator("h1").count() == 1, name
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > width:
            wide[name] = (scroll_width, overflowing(page, width))
        if width == 320:
            assert axe_violations(page) == [], name
        page.screenshot(path=str(SCREENS / f"{name}-{width}.png"), full_page=True)

    assert wide == {}


def test_a_table_that_scrolls_inside_its_box_is_labelled_and_reached_by_the_keyboard(
        page, live_server, demo):
    page.set_viewport_size({"width": 320, "height": 800})
    log_in(page, live_server, demo["manager"])
    page.goto(f"/events/{EVENT}/participants/")

    box = page.locator(".table-responsive").first
    assert box.get_attribute("tabindex") == "0"
    assert box.get_attribute("role") == "region" and box.get_attribute("aria-labelledby")
    assert box.evaluate("e => e.scrollWidth > e.clientWidth")  # it does scroll, inside

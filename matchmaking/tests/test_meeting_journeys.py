"""B2B meetings in a real browser, in German, with axe on every page: a participant asks,
the invitee accepts in a slot, both see it in their agenda; the organiser sees the grid and
moves the meeting. Screenshots at 1280 and 390 px go to /tmp."""

import re

import pytest

from matchmaking.models import Meeting
from matchmaking.tests.conftest import state
from matchmaking.tests.meeting_helpers import meeting_event, registrant
from network_portal.models import OutgoingEmail
from network_portal.testing import PASSWORD, axe_violations, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, email):
    page.goto("/accounts/login/")
    page.get_by_label("E-Mail").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Einloggen").click()
    page.wait_for_url("**/my/")


def log_out(page):
    page.get_by_role("button", name="Ausloggen").click()
    page.wait_for_url("**/")


def shots(page, name):
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"/tmp/b2b-{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


@pytest.fixture
def arranged(cluster):
    manager = make_user("organisatorin@example.com", role="cluster-manager", cluster=cluster,
                        first_name="Olga", last_name="Organisatorin")
    setup = meeting_event(manager, cluster=cluster, tables=4, slot_minutes=20)
    anna = registrant(setup, "anna@example.com", first_name="Anna", last_name="Anode")
    bert = registrant(setup, "bert@example.com", first_name="Bert", last_name="Binder")
    registrant(setup, "carla@example.com", first_name="Carla", last_name="Kathode")
    state(setup.participants.get(user=anna).organization, offers=["recycling"],
          seeks=["cell-manufacturing"])
    state(setup.participants.get(user=bert).organization, offers=["cell-manufacturing"],
          seeks=["recycling"])
    return setup, manager, anna, bert


def test_request_accept_agenda_and_the_organisers_grid(page, arranged):
    setup, manager, anna, bert = arranged
    log_in(page, anna.email)
    section = page.get_by_role("region", name="B2B-Gespräche")
    assert axe_violations(page) == []
    section.get_by_role("link", name=setup.title, exact=True).click()
    page.wait_for_url(f"**/matchmaking/meetings/{setup.pk}/")
    assert page.get_by_role("heading", name="Teilnehmende der B2B-Gespräche").is_visible()
    first = page.locator("main li.border").first
    assert "Bert Binder" in first.inner_text() and "Passt gut" in first.inner_text()
    assert axe_violations(page) == []
    shots(page, "participants")
    page.get_by_role("link", name=re.compile(r"Gespräch anfragen\W*Bert Binder")).click()

    page.get_by_label("Ihre Nachricht").fill("Wir recyceln Zellen – 20 Minuten zu Ihrem Ausschuss?")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Anfrage senden").click()
    page.wait_for_selector("text=Wartet auf Antwort")
    request = OutgoingEmail.objects.get(template="matchmaking_meeting_requested")
    assert request.to == bert.email and "Anna Anode" in request.body_text
    log_out(page)

    log_in(page, bert.email)
    assert "1 Anfrage wartet auf Ihre Antwort" in page.content()
    page.goto(f"/matchmaking/meetings/{setup.pk}/")
    page.get_by_role("link", name="Anfrage von Anna Anode").click()
    slots = page.get_by_role("radio")
    assert slots.count() == setup.slots.count()
    slots.nth(1).check()
    assert axe_violations(page) == []
    shots(page, "answer")
    page.get_by_role("button", name="In diesem Zeitfenster annehmen").click()
    page.wait_for_selector("text=Angenommen: Das Gespräch steht in beiden Terminplänen.")
    meeting = Meeting.objects.get()
    assert (meeting.status, meeting.table) == ("accepted", 1)
    page.get_by_role("link", name="Mein Terminplan").click()
    assert page.get_by_role("cell", name="Tisch 1").is_visible()
    assert "Anna Anode" in page.content()
    assert axe_violations(page) == []
    shots(page, "agenda")
    page.get_by_role("link", name="Druckansicht").click()
    assert page.get_by_role("button", name="Drucken").is_visible()
    log_out(page)

    log_in(page, manager.email)
    page.get_by_role("region", name="B2B-Gespräche").get_by_role(
        "link", name=re.compile(rf"Gesprächsplan\W*{setup.title}")).click()
    assert page.get_by_role("heading", name=f"Gesprächsplan: {setup.title}").is_visible()
    assert "Anna Anode – Bert Binder" in page.content()
    assert axe_violations(page) == []
    shots(page, "grid")
    page.get_by_role("link", name="Anna Anode – Bert Binder").click()
    page.get_by_label("Tisch").select_option("3")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Gespräch verlegen").click()
    page.wait_for_selector("text=Das Gespräch ist verlegt. Beide wurden informiert.")
    meeting.refresh_from_db()
    assert meeting.table == 3
    assert OutgoingEmail.objects.filter(template="matchmaking_meeting_moved").count() == 2
    page.get_by_role("link", name="Druckansicht").click()
    shots(page, "grid-print")


def test_opt_in_with_refined_offers_and_needs_then_cancel_own_meeting(page, cluster):
    """Dora opts in: the form starts from her organisation's profile; she adds a need for this
    evening only, Bert (who offers it) comes first with the reason; later she cancels their
    booked meeting herself and Bert is told, in English."""
    from matchmaking import meetings, selectors
    from matchmaking.models import MeetingParticipant

    manager = make_user("organisatorin@example.com", role="cluster-manager", cluster=cluster)
    setup = meeting_event(manager, cluster=cluster, tables=2, slot_minutes=20)
    dora = registrant(setup, "dora@example.com", first_name="Dora", last_name="Diode",
                      opt_in=False)
    bert = registrant(setup, "bert@example.com", first_name="Bert", last_name="Binder",
                      language="en")
    registrant(setup, "carla@example.com", first_name="Carla", last_name="Kathode")
    doras = setup.event.registrations.get(user=dora).organisation
    state(doras, offers=["recycling"])
    state(setup.participants.get(user=bert).organization, offers=["cell-manufacturing"])
    profile = selectors.profile_interests(doras)

    log_in(page, dora.email)
    page.goto(f"/matchmaking/meetings/{setup.pk}/")
    offers = page.locator("#div_id_offer_stages")
    assert offers.get_by_label("Recycling").is_checked()  # from the profile
    seeks = page.locator("#div_id_seek_stages")
    assert not seeks.get_by_label("Zellfertigung").is_checked()
    assert axe_violations(page) == []
    shots(page, "opt-in-refine")
    seeks.get_by_label("Zellfertigung").check()
    page.get_by_role("button", name="Teilnehmen").click()
    page.wait_for_selector("text=Sie nehmen an den B2B-Gesprächen teil.")
    first = page.locator("main li.border").first
    assert "Bert Binder" in first.inner_text() and "Passt gut" in first.inner_text()
    assert "bietet Zellfertigung, die Sie suchen" in first.inner_text()
    assert axe_violations(page) == []
    shots(page, "refined-list")
    me = MeetingParticipant.objects.get(setup=setup, user=dora)
    assert me.refined and list(me.seek_stages.values_list("code", flat=True)) == [
        "cell-manufacturing"]
    assert selectors.profile_interests(doras) == profile  # the profile stays as it was

    meeting = meetings.request_meeting(setup, by=bert, invitee=me, message="20 minutes?")
    meetings.answer_meeting(meeting, by=dora, accept=True, slot=setup.slots.first())
    page.goto(f"/matchmaking/meeting/{meeting.pk}/")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Dieses Gespräch absagen").click()
    page.wait_for_selector("text=Das Gespräch ist abgesagt. Ihr Gegenüber wurde informiert.")
    meeting.refresh_from_db()
    assert meeting.status == "cancelled"
    told = OutgoingEmail.objects.get(template="matchmaking_meeting_withdrawn")
    assert told.to == bert.email and "Dora Diode has cancelled your B2B meeting" in told.body_text
    assert not page.get_by_role("button", name="Dieses Gespräch absagen").count()

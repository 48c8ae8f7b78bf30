"""Journey: a participant opens "Welche Teilnehmenden zu Ihnen passen" from the event page."""

import pytest

from events.tests.factories import EventFactory, RegistrationFactory
from matchmaking.tests.conftest import state
from members.tests.factories import OrganizationFactory, RepresentativeFactory
from network_portal.testing import PASSWORD, axe_violations, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_participant_sees_which_organisations_in_the_room_fit(page):
    cell_maker = OrganizationFactory(name="Zellfabrik Zwickau GmbH", slug="zellfabrik",
                                     stages=["cell-manufacturing"])
    person = make_user("rita@example.com", first_name="Rita", last_name="Rep")
    RepresentativeFactory(user=person, organization=cell_maker)
    state(cell_maker, offers=["cell-manufacturing"], seeks=["testing"])
    lab = OrganizationFactory(name="Prüflabor Chemnitz GmbH", stages=["testing"], city="Chemnitz")
    state(lab, offers=["testing"], seeks=["cell-manufacturing"])
    materials = OrganizationFactory(name="Anoden AG", stages=["active-materials"])
    event = EventFactory(title_de="Netzwerktreffen Zwickau", slug="netzwerktreffen-zwickau")
    RegistrationFactory(event=event, email=person.email, name="Rita Rep", organisation=cell_maker)
    RegistrationFactory(event=event, name="Paul Prüfer", organisation=lab)
    RegistrationFactory(event=event, name="Anna Anode", organisation=materials)
    RegistrationFactory(event=event, name="Kai Kanzlei",
                        organisation=OrganizationFactory(name="Kanzlei Recht", stages=["services"]))

    page.goto("/accounts/login/")
    page.get_by_label("E-Mail").fill(person.email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Einloggen").click()
    page.wait_for_url("**/my/")

    page.goto(event.get_absolute_url())
    page.get_by_role("link", name="Welche Teilnehmenden zu Ihnen passen").click()
    page.wait_for_url("**/matchmaking/events/netzwerktreffen-zwickau/fit/")

    assert page.get_by_role("heading", name="Welche Teilnehmenden zu Ihnen passen").is_visible()
    assert page.get_by_text("2 von 3 anderen Organisationen passen zu Ihrer").is_visible()
    names = page.locator(".suggestion > a").all_inner_texts()
    assert names == ["Prüflabor Chemnitz GmbH", "Anoden AG"]
    assert page.get_by_text("bietet Prüfung, Validierung & Zertifizierung, die Sie suchen").is_visible()
    content = page.content()
    assert "Paul Prüfer" not in content and "Kanzlei Recht" not in content
    assert axe_violations(page) == []
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"/tmp/room-fit-{width}.png", full_page=True)

    page.get_by_role("link", name="Prüflabor Chemnitz GmbH").click()
    page.wait_for_url(f"**{lab.get_absolute_url()}")

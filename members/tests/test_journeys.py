"""Journeys through the members app in a real browser, with axe on every page."""

import pytest
from django.core.management import call_command

from members.models import Organization, ProfileChangeRequest, Representative
from network_portal.models import OutgoingEmail, User
from network_portal.testing import PASSWORD, axe_violations, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    with open("/dev/null", "w") as devnull:
        call_command("seed_demo", verbosity=0, stdout=devnull)
    settings.DEBUG = False


def log_in(page, email, password=PASSWORD):
    page.goto("/accounts/login/")
    page.get_by_label("E-Mail").fill(email)
    page.locator("#id_password").fill(password)
    page.get_by_role("button", name="Einloggen").click()
    page.wait_for_url("**/my/")


def test_visitor_filters_the_directory_and_opens_a_profile(page, demo):
    page.goto("/members/")
    assert page.get_by_role("heading", level=1).inner_text() == "Mitgliederverzeichnis"
    assert axe_violations(page) == []

    page.get_by_label("Stufe der Wertschöpfungskette").select_option(
        label="Batteriemanagement & Leistungselektronik")
    page.get_by_label("Region").select_option(label="Wallonie")
    page.get_by_role("button", name="Ergebnisse zeigen").click()

    page.wait_for_url("**/members/?stage=bms-power-electronics&region=wallonie")
    assert "3 Organisationen" in page.locator(".result-count").inner_text()
    page.screenshot(path="/tmp/members-directory.png", full_page=True)
    assert axe_violations(page) == []

    page.get_by_role("link", name="Mitis SA").click()
    page.wait_for_url("**/members/mitis/")
    assert page.get_by_role("heading", level=1).inner_text() == "Mitis SA"
    assert page.get_by_role("link", name="Cluster TWEED").is_visible()
    assert axe_violations(page) == []

    page.goto("/members/akkumulatoren-campus-zwickau/")
    assert "Dr. Jana Beispiel" in page.content()
    assert "Tom Muster" not in page.content()  # no consent
    page.screenshot(path="/tmp/members-profile.png", full_page=True)
    assert axe_violations(page) == []


def test_visitor_goes_from_the_value_chain_map_to_the_filtered_directory(page, demo):
    page.set_viewport_size({"width": 1600, "height": 1000})  # a projector
    page.goto("/value-chain/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Die Wertschöpfungskette")
    assert "Second Life & Wiederverwendung" in page.locator(".chain-gaps").inner_text()
    page.screenshot(path="/tmp/members-value-chain.png", full_page=True)
    assert axe_violations(page) == []

    page.locator("#stage-recycling").locator("xpath=ancestor::article").get_by_role(
        "link", name="Wallonie").click()

    page.wait_for_url("**/members/?stage=recycling&region=wallonie")
    assert page.get_by_role("link", name="CRM Group – Metallurgiezentrum").is_visible()
    assert axe_violations(page) == []


# Texts of the map wider than their box (the arrows between cards stick out on purpose).
WIDER_THAN_ITS_BOX = """() => [...document.querySelectorAll(
        '.chain-stage > article, .chain-stage-title, .chain-total, .chain-split a, .chain-regions a')]
    .filter(el => el.scrollWidth > el.clientWidth + 1).map(el => el.textContent.trim())"""


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_value_chain_map_fits_the_screen(page, demo, language):
    """Long German stage names wrap inside their cards; the page never scrolls sideways."""
    page.goto("/value-chain/")
    if language == "en":
        page.locator(".language-switcher a[hreflang=en]").click()
        page.wait_for_selector("html[lang=en]")
    for width in (1280, 1920, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/value-chain/")
        if width == 1280:
            page.screenshot(path=f"/tmp/members-value-chain-{width}-{language}.png", full_page=True)
        else:
            page.screenshot(path=f"/tmp/members-value-chain-{width}-{language}.png")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), width
        assert page.evaluate(WIDER_THAN_ITS_BOX) == [], width


def test_representative_proposes_a_change_and_the_manager_approves_it(page, demo):
    whz = Organization.objects.get(slug="whz")
    rep = make_user("lena@whz.example", first_name="Lena", last_name="Fiktiv")
    Representative.objects.create(user=rep, organization=whz, status=Representative.Status.CONFIRMED)

    log_in(page, "lena@whz.example")
    assert page.get_by_role("link", name="Profil bearbeiten Westsächsische Hochschule Zwickau").is_visible()
    assert axe_violations(page) == []
    page.goto("/members/whz/edit/")
    assert axe_violations(page) == []
    page.get_by_label("Ort", exact=True).fill("Zwickau-Innenstadt")
    page.get_by_role("button", name="Änderungen vorschlagen").click()
    page.wait_for_url("**/members/whz/")
    assert "Das Clustermanagement prüft Ihre Änderungen" in page.content()
    page.get_by_role("button", name="Ausloggen").click()

    log_in(page, "clustermanager@demo.example", "demo-cluster-2027")
    page.get_by_role("link", name="Arbeitsliste").click()
    page.wait_for_url("**/members/curation/")
    page.screenshot(path="/tmp/members-queue.png", full_page=True)
    assert axe_violations(page) == []
    change_request = ProfileChangeRequest.objects.get(requested_by=rep)
    page.locator(f'a[href="/members/curation/changes/{change_request.pk}/"]').click()
    assert "Zwickau-Innenstadt" in page.content()
    page.screenshot(path="/tmp/members-review.png", full_page=True)
    assert axe_violations(page) == []
    page.get_by_label("Änderungen annehmen und veröffentlichen").check()
    page.get_by_role("button", name="Entscheidung speichern").click()

    page.wait_for_url("**/members/curation/")
    whz.refresh_from_db()
    assert whz.city == "Zwickau-Innenstadt"
    assert whz.region.slug == "sachsen"  # untouched fields stay as they were
    email = OutgoingEmail.objects.get(to="lena@whz.example")
    assert "veröffentlicht" in email.subject
    page.goto("/members/whz/")
    assert "Änderungsverlauf" in page.content()
    changes = page.get_by_role("table", name="Änderungsverlauf")
    assert "vorgeschlagen von Lena Fiktiv, freigegeben von" in changes.get_by_role("row").nth(1).inner_text()
    assert axe_violations(page) == []
    assert User.objects.filter(email="lena@whz.example").exists()


def test_a_new_logo_waits_for_the_manager_who_rejects_it(page, demo, settings, tmp_path):
    from PIL import Image

    settings.MEDIA_ROOT = tmp_path
    logo_file = tmp_path / "logo.webp"
    Image.new("RGB", (900, 300), (11, 110, 79)).save(logo_file, format="WEBP")
    whz = Organization.objects.get(slug="whz")
    rep = make_user("lena@whz.example", first_name="Lena", last_name="Fiktiv", language="en")
    Representative.objects.create(user=rep, organization=whz, status=Representative.Status.CONFIRMED)

    log_in(page, "lena@whz.example")
    page.goto("/members/whz/edit/")
    page.locator("#id_logo").set_input_files(str(logo_file))
    page.get_by_role("button", name="Logo hochladen").click()
    page.wait_for_url("**/members/whz/edit/")
    assert "Das Clustermanagement prüft das neue Logo" in page.content()
    assert axe_violations(page) == []
    whz.refresh_from_db()
    assert not whz.logo
    page.get_by_role("button", name="Ausloggen").click()

    log_in(page, "clustermanager@demo.example", "demo-cluster-2027")
    change_request = ProfileChangeRequest.objects.get(requested_by=rep)
    page.goto(f"/members/curation/changes/{change_request.pk}/")
    proposed = page.get_by_role("img", name="Vorgeschlagenes Logo")
    assert proposed.evaluate("img => img.naturalWidth") == 400  # resized, and served
    page.screenshot(path="/tmp/members-review-logo.png", full_page=True)
    assert axe_violations(page) == []
    page.get_by_label("Ablehnen").check()
    page.get_by_label("Kommentar für die Vertretung").fill("Bitte das Logo mit Schriftzug.")
    page.get_by_role("button", name="Entscheidung speichern").click()

    page.wait_for_url("**/members/curation/")
    whz.refresh_from_db()
    assert not whz.logo
    email = OutgoingEmail.objects.get(to="lena@whz.example")
    assert "were not accepted" in email.subject and "Schriftzug" in email.body_text


def test_a_person_asks_to_represent_and_the_manager_confirms(page, demo):
    make_user("paul@example.com", first_name="Paul", last_name="Fiktiv")

    log_in(page, "paul@example.com")
    page.goto("/members/whz/")
    page.get_by_role("link", name="Ich vertrete diese Organisation").click()
    assert axe_violations(page) == []
    page.get_by_label("Ihre Rolle in der Organisation").fill("Transferstelle")
    page.get_by_role("button", name="Anfrage senden").click()
    page.wait_for_url("**/members/whz/")
    assert "wartet auf das Clustermanagement" in page.content()
    page.get_by_role("button", name="Ausloggen").click()

    log_in(page, "clustermanager@demo.example", "demo-cluster-2027")
    page.goto("/members/curation/")
    page.get_by_role("button", name="Bestätigen Paul Fiktiv").click()

    page.wait_for_url("**/members/curation/")
    assert axe_violations(page) == []
    representative = Representative.objects.get(user__email="paul@example.com")
    assert representative.status == Representative.Status.CONFIRMED
    assert OutgoingEmail.objects.filter(to="paul@example.com").exists()


def test_the_manager_publishes_a_pending_profile_and_manages_members(page, demo):
    log_in(page, "clustermanager@demo.example", "demo-cluster-2027")
    page.goto("/members/curation/")
    page.get_by_role("link", name="Kuratieren und veröffentlichen Westsachsen Zellrecycling").click()
    page.wait_for_url("**/members/westsachsen-zellrecycling/curate/")
    assert axe_violations(page) == []
    page.get_by_label("Veröffentlicht").check()
    page.get_by_label("Prüfung, Validierung & Zertifizierung").check()
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_url("**/members/westsachsen-zellrecycling/")
    pending = Organization.objects.get(slug="westsachsen-zellrecycling")
    assert pending.status == Organization.Status.PUBLISHED
    assert pending.stages.filter(code="testing").exists()

    page.goto("/members/akkumulatoren-campus-zwickau/memberships/")
    assert axe_violations(page) == []
    page.locator("#id_name").fill("Vogtland Speichertechnik (Demo)")
    page.get_by_role("button", name="Entwurf anlegen").click()
    page.wait_for_url("**/edit/")
    assert axe_violations(page) == []
    assert Organization.objects.get(name="Vogtland Speichertechnik (Demo)").status == "draft"


def test_the_representative_keeps_contact_persons_and_a_person_registers_an_organisation(
        page, demo):
    log_in(page, "vertretung@demo.example", "demo-vertretung-2027")
    page.goto("/members/whz/contacts/")
    assert axe_violations(page) == []
    new = page.locator("fieldset").last
    new.get_by_label("Name").fill("Nora Neu")
    new.get_by_label("öffentlich angezeigt").check()
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_url("**/members/whz/")
    assert "Nora Neu" in page.content()
    page.get_by_role("button", name="Ausloggen").click()

    make_user("gruenderin@example.com")
    log_in(page, "gruenderin@example.com")
    page.goto("/members/new/")
    assert axe_violations(page) == []
    page.get_by_label("Name der Organisation").fill("Erzgebirge Akku (Demo)")
    page.get_by_label("Cluster oder Netzwerk").select_option(label="Akkumulatoren-Campus Zwickau")
    page.get_by_role("button", name="Zur Prüfung senden").click()
    page.wait_for_url("**/my/")
    assert Organization.objects.get(name="Erzgebirge Akku (Demo)").status == "pending"


def test_a_manager_asks_to_take_in_another_clusters_member_and_its_manager_accepts(page, demo):
    from members.models import Membership

    sued_west = Organization.objects.get(slug="cluster-elektromobilitaet-sued-west")
    make_user("suedwest@example.com", first_name="Sven", last_name="Süd", role="cluster-manager",
              cluster=sued_west)

    log_in(page, "suedwest@example.com")
    page.goto("/members/cluster-elektromobilitaet-sued-west/memberships/")
    page.locator("#id_organization").select_option(label="Landkreis Zwickau")
    page.locator("#id_role").select_option(label="Partner")
    page.get_by_role("button", name="Hinzufügen", exact=True).click()
    page.wait_for_url("**/members/cluster-elektromobilitaet-sued-west/memberships/")
    assert "um Zustimmung gebeten" in page.content()
    assert page.get_by_role("heading", name="Wartet auf Zustimmung").is_visible()
    assert page.get_by_role("button", name="Zurückziehen Landkreis Zwickau").is_visible()
    assert axe_violations(page) == []
    # Waiting grants nothing: the Süd-West manager may not curate the district yet.
    assert page.goto("/members/landkreis-zwickau/curate/").status == 403
    page.get_by_role("button", name="Ausloggen").click()

    log_in(page, "clustermanager@demo.example", "demo-cluster-2027")
    assert OutgoingEmail.objects.filter(to="clustermanager@demo.example",
                                        subject__contains="Landkreis Zwickau").exists()
    page.goto("/members/curation/")
    assert page.get_by_role("heading", name="Anfragen zur Mitgliedschaft").is_visible()
    page.screenshot(path="/tmp/members-membership-requests.png", full_page=True)
    assert axe_violations(page) == []
    page.get_by_role("button", name="Annehmen Cluster Elektromobilität Süd-West – Landkreis Zwickau").click()

    page.wait_for_url("**/members/curation/")
    assert "Entscheidung gespeichert" in page.content()
    assert "Keine Anfragen zur Mitgliedschaft offen." in page.content()
    assert axe_violations(page) == []
    membership = Membership.objects.get(cluster=sued_west, organization__slug="landkreis-zwickau")
    assert membership.status == Membership.Status.ACTIVE
    assert membership.decided_by.email == "clustermanager@demo.example"
    assert OutgoingEmail.objects.filter(to="suedwest@example.com",
                                        subject__contains="jetzt Mitglied").exists()


def test_the_manager_reads_who_did_what_in_the_profiles_history(page, demo):
    log_in(page, "clustermanager@demo.example", "demo-cluster-2027")
    page.goto("/members/westsachsen-zellrecycling/curate/")
    page.get_by_label("Veröffentlicht").check()
    page.get_by_label("Prüfung, Validierung & Zertifizierung").check()
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_url("**/members/westsachsen-zellrecycling/")

    latest = page.get_by_role("table", name="Verlauf", exact=True).get_by_role("row").nth(1)
    assert "Karla Clausen" in latest.inner_text()
    assert "Profil veröffentlicht" in latest.inner_text()
    assert "Wertschöpfungsstufen" in latest.inner_text()  # which fields it changed
    page.get_by_role("heading", name="Verlauf", exact=True).scroll_into_view_if_needed()
    page.screenshot(path="/tmp/members-history.png", full_page=True)
    assert axe_violations(page) == []


def test_visitor_finds_a_cluster_by_typing_its_name_and_pages_through_its_members(page, demo):
    from members.tests.factories import MembershipFactory, OrganizationFactory

    tweed = Organization.objects.get(slug="tweed")
    for n in range(60):
        MembershipFactory(cluster=tweed, organization=OrganizationFactory(name=f"Partner {n:02}"))

    page.goto("/members/")
    field = page.get_by_label("Cluster / Netzwerk")
    assert field.get_attribute("list") == "cluster-suggestions"
    assert page.locator("#cluster-suggestions option[value='tweed']").count() == 1
    field.fill("tweed")
    page.get_by_role("button", name="Ergebnisse zeigen").click()
    page.wait_for_url("**/members/?cluster=tweed")
    assert page.get_by_role("link", name="Mitis SA").is_visible()
    assert page.get_by_label("Cluster / Netzwerk").input_value() == "tweed"
    assert axe_violations(page) == []

    page.goto("/members/tweed/")
    members = page.locator("#members")
    assert "Seite 1 von 2" in members.locator(".result-count").inner_text()
    assert members.get_by_role("link", name="Partner 00").is_visible()
    members.get_by_role("link", name="Weiter").click()
    page.wait_for_url("**/members/tweed/?page=2#members")
    assert members.get_by_role("link", name="Partner 59").is_visible()
    assert axe_violations(page) == []

    page.get_by_label("Mitglied nach Namen suchen").fill("Partner 4")
    members.get_by_role("button", name="Suche").click()
    page.wait_for_url("**/members/tweed/?q=Partner+4#members")
    assert members.locator("tbody tr").count() == 10
    page.screenshot(path="/tmp/members-cluster-list.png", full_page=True)
    assert axe_violations(page) == []

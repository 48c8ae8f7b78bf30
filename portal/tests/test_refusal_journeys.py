"""Refusals a person meets in the browser, each in the portal's layout and axe clean: an expired
form, an upload that is too large, one proposal too many."""

import pytest

from members import services as member_services
from members.models import Organization
from members.tests.factories import ClusterFactory, OrganizationFactory, RepresentativeFactory
from network_portal.testing import PASSWORD, axe_violations, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, email):
    page.goto("/accounts/login/")
    page.get_by_label("E-Mail").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Einloggen").click()
    page.wait_for_url("**/my/")


def test_a_form_sent_with_a_stale_security_token_explains_what_to_do(page, live_server):
    make_user("anna@zellwerk.example")
    page.goto("/accounts/login/")
    # As after logging in elsewhere: the browser's CSRF cookie no longer matches the form.
    page.context.add_cookies([{"name": "csrftoken", "value": "x" * 32, "url": live_server.url}])
    page.get_by_label("E-Mail").fill("anna@zellwerk.example")
    page.locator("#id_password").fill(PASSWORD)

    page.get_by_role("button", name="Einloggen").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Das Formular ist abgelaufen"
    assert "laden Sie die Seite neu" in page.content()
    assert axe_violations(page) == []
    page.get_by_role("link", name="EN", exact=True).click()  # the layout works: the language switch links
    page.wait_for_selector("html[lang=en]")


def test_a_logo_of_30_mb_is_refused_as_too_large(page, live_server, tmp_path):
    organisation = OrganizationFactory(name="Zellwerk GmbH", slug="zellwerk",
                                       status=Organization.Status.DRAFT)
    RepresentativeFactory(user=make_user("vertretung@zellwerk.example"), organization=organisation)
    log_in(page, "vertretung@zellwerk.example")
    page.goto("/members/zellwerk/edit/")

    logo = tmp_path / "logo.png"
    logo.write_bytes(b"\x89PNG" + b"0" * (30 * 1024 * 1024))
    page.locator("input[type=file]").set_input_files(logo)
    page.get_by_role("button", name="Logo hochladen").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Was Sie gesendet haben, ist zu groß"
    assert "höchstens 3,0" in page.content()
    assert axe_violations(page) == []
    organisation.refresh_from_db()
    assert not organisation.logo


def test_one_proposal_too_many_is_refused_with_a_message(page, live_server, settings):
    cluster = ClusterFactory(name="Akku-Cluster", slug="akku-cluster")
    person = make_user("gruenderin@zellwerk.example")
    for n in range(settings.PORTAL_MAX_OPEN_PROPOSALS):
        member_services.propose_organisation(by=person, name=f"Zellwerk {n}", kind="company",
                                             cluster=cluster)
    log_in(page, "gruenderin@zellwerk.example")
    page.goto("/members/new/")
    page.get_by_label("Name der Organisation").fill("Zellwerk Nord")
    page.get_by_label("Cluster oder Netzwerk").select_option(label="Akku-Cluster")

    page.get_by_role("button", name="Zur Prüfung senden").click()

    assert "so viele vorgeschlagene Organisationen in der Prüfung" in page.content()
    assert axe_violations(page) == []
    assert not Organization.objects.filter(name="Zellwerk Nord").exists()

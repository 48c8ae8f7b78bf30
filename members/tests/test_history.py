"""The change history stores codes and shows them in the language of whoever reads it."""

from html import unescape

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from members import history, services
from members.models import ContactPerson, Organization, ProfileChange, ProfileChangeRequest
from members.tests.factories import (
    RepresentativeFactory,
    stage,
    topic,
)
from network_portal.models import OutgoingEmail
from network_portal.testing import make_user

pytestmark = pytest.mark.django_db


def page(client, url, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url)
    assert response.status_code == 200
    return unescape(response.content.decode())


@pytest.fixture
def curated_history(org_a, cluster_manager, cluster):
    """A history written while German was active, by every kind of change there is."""
    with translation.override("de"):
        Organization.objects.filter(pk=org_a.pk).update(status=Organization.Status.DRAFT)
        org_a.refresh_from_db()
        services.edit_profile(org_a, by=cluster_manager,
                              values={"region": "bayern", "size": "medium"})
        services.curate(org_a, by=cluster_manager, status=Organization.Status.PUBLISHED,
                        stages=[stage("cell-manufacturing")], topics=[topic("digitalisation")])
        # Before a representative is confirmed: then nobody else holds rights over org_a and
        # the membership is active at once.
        services.remove_membership(org_a.memberships.get(), by=cluster_manager)
        services.add_membership(cluster, org_a, by=cluster_manager, role="partner")
        person = make_user("paul@example.com", first_name="Paul", last_name="Probe")
        link = RepresentativeFactory(user=person, organization=org_a,
                                     status="requested")
        services.decide_representation(link, by=cluster_manager, confirm=True)
        org_a.refresh_from_db()
        services.save_contacts(org_a, by=cluster_manager, rows=[{
            "id": None, "delete": False, "name": "Clara Kontakt", "function": "CTO",
            "email": "clara@example.com", "phone": "", "public_consent": True}])
    return org_a


def test_the_history_keeps_codes_not_the_labels_of_the_language_active_when_saving(
        curated_history, cluster):
    stored = {c.field: (c.old_value, c.new_value) for c in curated_history.history.all()}

    assert stored["region"] == ("", "bayern")
    assert stored["size"] == ("", "medium")
    assert stored["status"] == ("draft", "published")
    assert stored["stages"] == ("", "cell-manufacturing")
    assert stored["topics"] == ("", "digitalisation")
    assert stored["representatives"] == ("", "Paul Probe: confirmed")
    memberships = [(c.old_value, c.new_value)
                   for c in curated_history.history.filter(field="memberships")]
    assert memberships == [("", f"{cluster.name} (partner)"), (f"{cluster.name} (member)", "")]
    assert stored["contacts"] == ("", "Clara Kontakt (CTO, clara@example.com, public)")


def test_the_same_history_reads_in_german_and_in_english(client, curated_history,
                                                         cluster_manager, cluster):
    client.force_login(cluster_manager)
    url = curated_history.get_absolute_url()

    german = page(client, url, "de")
    english = page(client, url, "en")

    for text in ("Bayern", "50–249 Beschäftigte", "Entwurf", "Veröffentlicht", "Zellfertigung",
                 "Digitalisierung", "Paul Probe: Bestätigt", f"{cluster.name} (Mitglied)",
                 "Clara Kontakt (CTO, clara@example.com, öffentlich)"):
        assert text in german, text
    for text in ("Bavaria", "50–249 employees", "Draft", "Published", "Cell manufacturing",
                 "Digitalisation", "Paul Probe: Confirmed", f"{cluster.name} (Member)",
                 "Clara Kontakt (CTO, clara@example.com, public)"):
        assert text in english, text
    for text in ("Veröffentlicht", "Zellfertigung", "Bestätigt", "öffentlich"):
        assert text not in english, text


def test_rows_written_by_earlier_code_are_shown_as_stored(client, org_a, cluster_manager):
    for field, old, new in (("status", "Veröffentlicht", "Archiviert"),
                            ("stages", "", "Recycling, Zellfertigung"),
                            ("region", "", "Sachsen"),
                            ("representatives", "", "Rita Rep: Bestätigt"),
                            ("memberships", "", "Cluster X (Mitglied)")):
        ProfileChange.objects.create(organization=org_a, field=field, old_value=old,
                                     new_value=new)
    client.force_login(cluster_manager)

    english = page(client, org_a.get_absolute_url(), "en")

    for text in ("Veröffentlicht", "Archiviert", "Recycling, Zellfertigung", "Sachsen",
                 "Rita Rep: Bestätigt", "Cluster X (Mitglied)"):
        assert text in english, text


def test_erased_people_and_roles_read_in_the_readers_language():
    with translation.override("en"):
        assert history.show("contacts", history.ERASED) == "(erased on request)"
        assert history.show("memberships", "A (member)") == "A (Member)"
    with translation.override("de"):
        assert history.show("contacts", history.ERASED) == "(auf Wunsch gelöscht)"
    contact = ContactPerson(name="N", public_consent=False)
    assert history.contact(contact) == "N (–, –, not public)"
    cluster = Organization(kind=Organization.Kind.CLUSTER)
    assert history.field_value(cluster, "kind") == "cluster"


def test_an_approved_change_reads_in_the_readers_language_on_the_review_page_and_in_the_mail(
        client, org_a, representative, cluster_manager):
    change_request = services.edit_profile(org_a, by=representative,
                                           values={"region": "bayern", "size": "large"})
    with translation.override("de"):
        services.review_change_request(change_request, by=cluster_manager, approve=True)
    change_request.refresh_from_db()
    assert change_request.status == ProfileChangeRequest.Status.APPROVED
    client.force_login(cluster_manager)
    url = reverse("members:review", args=[change_request.pk])

    assert "Bayern" in page(client, url, "de")
    english = page(client, url, "en")
    assert "Bavaria" in english and "250 employees or more" in english
    mail = OutgoingEmail.objects.get(to=representative.email)  # the representative reads English
    assert "Bavaria" in mail.body_text and "Bayern" not in mail.body_text


def test_an_admin_change_of_the_kind_reads_in_each_language(client, cluster_manager, org_a):
    ProfileChange.objects.create(organization=org_a, field="kind", old_value="company",
                                 new_value="research")
    client.force_login(cluster_manager)

    assert "Forschungseinrichtung" in page(client, org_a.get_absolute_url(), "de")
    assert "Research institute" in page(client, org_a.get_absolute_url(), "en")


def test_the_history_names_who_proposed_and_who_approved_and_shows_long_texts_whole(
        client, org_a, representative, cluster_manager):
    representative.first_name, representative.last_name = "Rita", "Repräsentantin"
    representative.save()
    cluster_manager.first_name, cluster_manager.last_name = "Karla", "Clausen"
    cluster_manager.save()
    long_text = "Wir fertigen Batteriezellen für Nutzfahrzeuge. " * 6 + "Ende des Textes."
    change_request = services.edit_profile(org_a, by=representative,
                                           values={"description_de": long_text})
    services.review_change_request(change_request, by=cluster_manager, approve=True)
    client.force_login(cluster_manager)

    html = page(client, org_a.get_absolute_url(), "de")
    history_part = html.split('id="history"')[1]

    assert "vorgeschlagen von Rita Repräsentantin, freigegeben von Karla Clausen" in history_part
    assert "Ende des Textes." in history_part  # the whole text, behind "show"
    assert "<details>" in history_part


def test_the_history_costs_the_same_queries_for_few_and_many_reviewed_changes(
        client, org_a, representative, cluster_manager):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(cluster_manager)
    url = org_a.get_absolute_url()

    def approved(n):
        change_request = services.edit_profile(org_a, by=representative,
                                               values={"description_de": f"Text {n}"})
        services.review_change_request(change_request, by=cluster_manager, approve=True)

    approved(0)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(1, 12):
        approved(n)
    with CaptureQueriesContext(connection) as many:
        client.get(url)

    assert len(many) == len(few)

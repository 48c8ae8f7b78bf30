from io import StringIO

from django.core.management import call_command
from django.urls import reverse

from members import selectors
from members.models import Representative
from members.tests.factories import ChangeRequestFactory, RepresentativeFactory
from network_portal.models import User


def test_my_portal_lists_represented_organisations_and_their_requests(client, representative, org_a):
    ChangeRequestFactory(organization=org_a, requested_by=representative)
    client.force_login(representative)

    content = client.get(reverse("my_portal")).content.decode()

    assert "Organisationen, die Sie vertreten" in content
    assert "Anoden AG" in content and f'href="/members/{org_a.slug}/edit/"' in content
    assert "Ihre vorgeschlagenen Profiländerungen" in content


def test_my_portal_shows_a_pending_representative_request(client, member, org_a):
    RepresentativeFactory(user=member, organization=org_a, status=Representative.Status.REQUESTED)
    client.force_login(member)

    content = client.get(reverse("my_portal")).content.decode()

    assert "Anoden AG" in content and "Angefragt" in content
    assert "/edit/" not in content


def test_my_portal_links_managers_to_their_work_queue(client, cluster_manager, org_a):
    ChangeRequestFactory(organization=org_a)
    client.force_login(cluster_manager)

    content = client.get(reverse("my_portal")).content.decode()

    assert 'href="/members/curation/"' in content
    assert selectors.my_portal_sections(cluster_manager)[-1]["data"]["open_items"] == 1


def test_members_without_representations_get_no_members_section(member):
    assert selectors.my_portal_sections(member) == []


def test_the_demo_gives_the_cluster_manager_work(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())

    queue = selectors.work_queue(User.objects.get(email="clustermanager@demo.example"))

    assert len(queue["change_requests"]) == 1
    assert len(queue["representative_requests"]) == 2
    assert len(queue["pending_profiles"]) == 1

import pytest
from django.urls import reverse

from members.models import Membership, Organization
from members.tests.factories import (
    ClusterFactory,
    ContactPersonFactory,
    MembershipFactory,
    OrganizationFactory,
)
from network_portal.testing import make_user


def test_it_shows_stages_topics_and_clusters(client, db):
    cluster = ClusterFactory(name="Campus Zwickau")
    organisation = OrganizationFactory(name="Zellwerk", stages=["cell-manufacturing"],
                                       topics=["hydrogen"])
    MembershipFactory(organization=organisation, cluster=cluster, role="initiator")

    content = client.get(organisation.get_absolute_url()).content.decode()

    assert "Zellfertigung" in content
    assert 'href="/members/?stage=cell-manufacturing"' in content
    assert "Wasserstoff" in content
    assert "Campus Zwickau" in content and "Initiator" in content


def test_contact_persons_appear_only_with_consent(client, db):
    organisation = OrganizationFactory()
    ContactPersonFactory(organization=organisation, name="Erika Einverstanden", public_consent=True)
    ContactPersonFactory(organization=organisation, name="Norbert Nein", public_consent=False,
                         email="norbert@example.com")

    content = client.get(organisation.get_absolute_url()).content.decode()

    assert "Erika Einverstanden" in content
    assert "Norbert Nein" not in content and "norbert@example.com" not in content


def test_a_cluster_profile_lists_its_published_members(client, db):
    cluster = ClusterFactory()
    MembershipFactory(cluster=cluster, organization=OrganizationFactory(name="Sichtbar AG"))
    MembershipFactory(cluster=cluster, organization=OrganizationFactory(
        name="Entwurf AG", status=Organization.Status.DRAFT))

    content = client.get(cluster.get_absolute_url()).content.decode()

    assert "Sichtbar AG" in content
    assert "Entwurf AG" not in content


@pytest.mark.parametrize("status", ["draft", "pending", "archived"])
def test_unpublished_profiles_are_not_found_for_the_public(client, db, status):
    organisation = OrganizationFactory(status=status)

    assert client.get(organisation.get_absolute_url()).status_code == 404


def test_it_renders_events_and_trips_from_the_other_apps(client, db, monkeypatch):
    from datetime import UTC, date, datetime

    class Item:
        def __init__(self, title, **dates):
            self.title = title
            self.__dict__.update(dates)

        def get_absolute_url(self):
            return "/somewhere/"

    meeting = Item("Netzwerktreffen", starts_at=datetime(2027, 3, 4, 17, tzinfo=UTC))
    monkeypatch.setattr("events.selectors.upcoming_for_organisation",
                        lambda org, limit=10: [meeting])
    monkeypatch.setattr("delegations.selectors.trips_for_organisation",
                        lambda org, limit=10: [Item("Reise nach Wallonien", start_date=date(2027, 5, 10))])
    organisation = OrganizationFactory()

    content = client.get(organisation.get_absolute_url()).content.decode()

    assert "Netzwerktreffen" in content and "Reise nach Wallonien" in content
    assert "4. März 2027" in content and "10. Mai 2027" in content


def test_the_query_count_does_not_grow_with_stages_contacts_and_members(
        client, db, django_assert_num_queries):
    cluster = ClusterFactory(stages=["research"], topics=["hydrogen"])

    def grow(count):
        for _ in range(count):
            MembershipFactory(cluster=cluster, organization=OrganizationFactory())
            ContactPersonFactory(organization=cluster)

    url = reverse("members:detail", args=[cluster.slug])
    # 1 organisation with region, 2 stages, 3 topics, 4 memberships with cluster, 5 public contacts,
    # 6 upcoming events (events app), 7 trips (delegations app), 8 count of the cluster's
    # members, 9 their page (members/tests/test_cluster_members.py).
    grow(2)
    with django_assert_num_queries(9):
        client.get(url)
    grow(40)
    with django_assert_num_queries(9):
        client.get(url)


@pytest.mark.parametrize("url", [
    "/members/keine-solche-organisation/", "/members/%C3%A4%C3%B6/", "/members/x/logo/",
    "/members/curation/changes/99999999999999999999999/",
])
def test_unknown_addresses_are_not_found(client, db, url):
    assert client.get(url).status_code in (302, 404)  # 302: staff pages ask for a login first


def test_a_page_beyond_the_last_shows_the_last(client, db):
    OrganizationFactory(name="Einzige AG")

    response = client.get("/members/?page=99999")

    assert response.status_code == 200
    assert [o.name for o in response.context["page"].object_list] == ["Einzige AG"]


def test_the_curators_view_with_history_keeps_its_query_count(client, cluster, cluster_manager,
                                                            django_assert_num_queries):
    from members import services

    organisation = OrganizationFactory()
    MembershipFactory(organization=organisation, cluster=cluster)
    client.force_login(cluster_manager)

    def grow(count):
        for n in range(count):
            services.edit_profile(organisation, by=cluster_manager, values={"city": f"Ort {n}"})
            MembershipFactory(organization=organisation, status=Membership.Status.PENDING,
                              requested_by=make_user(f"asking-{n}-{count}@example.com"))

    # 1 session, 2 user (with their representations and groups, portal.auth), 3 organisation
    # with region, 4 stages, 5 topics, 6 memberships, 7 public contacts, 8 events, 9 trips,
    # 10 managed clusters, 11 the organisation's clusters (can_curate), 12 history with people,
    # 13 audit entries with their actors, 14 confirmed representatives, 15 membership requests
    # with clusters and requesters; matchmaking's section: 16 offers and needs shown, 17-18 the
    # stage and topic vocabularies, 19 the chain table, 20 the organisation's stages, 21 its
    # offers and needs (no candidates are looked for: it has no stages and no needs).
    grow(3)
    with django_assert_num_queries(21):
        response = client.get(organisation.get_absolute_url())
    assert len(response.context["membership_requests"]) == 3
    assert len(response.context["actions"]) == 3
    grow(40)
    with django_assert_num_queries(21):
        client.get(organisation.get_absolute_url())


def test_pages_link_an_organisation_only_while_its_profile_is_public(db):
    from django.template import Context, Template

    from members.models import Organization
    from members.tests.factories import OrganizationFactory

    template = Template("{% load members_tags %}{% organisation_link org %}")
    public = OrganizationFactory(name="O'Brien & Söhne", slug="obrien")
    draft = OrganizationFactory(name="Entwurf <GmbH>", slug="entwurf",
                                status=Organization.Status.DRAFT)

    assert template.render(Context({"org": public})) == (
        '<a href="/members/obrien/">O&#x27;Brien &amp; Söhne</a>')
    assert template.render(Context({"org": draft})) == "Entwurf &lt;GmbH&gt;"

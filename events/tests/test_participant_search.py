"""The staff participant list at size: search by name or organisation, sort by column, pages."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.tests.factories import OrganizationFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def url(event, query=""):
    return f"/events/{event.slug}/participants/{query}"


def names(client, event, query=""):
    return [r.name for r in client.get(url(event, query)).context["registrations"]]


@pytest.fixture
def people(event):
    akku = OrganizationFactory(name="Akkuwerk Zwickau GmbH")
    RegistrationFactory(event=event, name="Zora Zeller", organisation=akku)
    RegistrationFactory(event=event, name="Anton Albrecht", organisation_name="Batterie-Labor")
    RegistrationFactory(event=event, name="Maria Müller", organisation_name="Zelltech AG",
                        status="waitlisted")
    return event


def test_search_finds_people_by_name_and_by_organisation(client, people, cluster_manager):
    client.force_login(cluster_manager)

    assert names(client, people, "?q=anton") == ["Anton Albrecht"]
    assert names(client, people, "?q=akkuwerk") == ["Zora Zeller"]  # a member organisation
    assert names(client, people, "?q=zelltech") == ["Maria Müller"]  # a free-text one
    assert names(client, people, "?q=z") == ["Zora Zeller", "Maria Müller"]
    assert names(client, people, "?q=zora+akku") == ["Zora Zeller"]  # every word must match
    assert names(client, people, "?q=nobody") == []


def test_sorting_by_a_column_both_ways(client, people, cluster_manager):
    client.force_login(cluster_manager)

    assert names(client, people) == ["Zora Zeller", "Anton Albrecht", "Maria Müller"]
    assert names(client, people, "?sort=name") == ["Anton Albrecht", "Maria Müller",
                                                   "Zora Zeller"]
    assert names(client, people, "?sort=-name") == ["Zora Zeller", "Maria Müller",
                                                    "Anton Albrecht"]
    assert names(client, people, "?sort=organisation") == ["Zora Zeller", "Anton Albrecht",
                                                           "Maria Müller"]
    assert names(client, people, "?sort=-registered")[0] == "Maria Müller"


def test_the_sorted_header_says_so_and_links_to_the_other_way(client, people, cluster_manager):
    client.force_login(cluster_manager)

    text = client.get(url(people, "?q=a&sort=name")).content.decode()

    assert 'aria-sort="ascending"' in text
    assert 'href="?q=a&amp;sort=-name"' in text
    assert 'href="?q=a&amp;sort=organisation"' in text


def test_an_unknown_sort_is_named_and_the_list_keeps_its_order(client, people, cluster_manager):
    client.force_login(cluster_manager)

    response = client.get(url(people, "?sort=email"))

    assert response.status_code == 200
    assert "sort" in response.context["form"].errors
    assert [r.name for r in response.context["registrations"]][0] == "Zora Zeller"


def test_pages_of_fifty_keep_search_and_sort(client, event, cluster_manager):
    for n in range(120):
        RegistrationFactory(event=event, name=f"Person {n:03d}", organisation_name="Beispiel AG")
    RegistrationFactory(event=event, name="Other One", organisation_name="Anders GmbH")
    client.force_login(cluster_manager)

    first = client.get(url(event, "?q=beispiel&sort=-name"))
    third = client.get(url(event, "?q=beispiel&sort=-name&page=3"))

    assert len(first.context["registrations"]) == 50
    assert first.context["shown"] == 120
    assert [r.name for r in third.context["registrations"]][-1] == "Person 000"
    assert len(third.context["registrations"]) == 20
    text = first.content.decode()
    assert 'href="?q=beispiel&amp;sort=-name&amp;page=2"' in text
    assert "1–50 of 120 registrations" in text or "1–50 von 120" in text


def test_the_page_costs_the_same_queries_for_60_and_300_rows(client, event,
                                                            economic_development):
    client.force_login(economic_development)
    organisation = OrganizationFactory()

    def add(n):
        for i in range(n):
            RegistrationFactory(event=event, organisation=organisation if i % 2 else None,
                                status="waitlisted" if i % 5 == 0 else "confirmed")

    def measure(query):
        with CaptureQueriesContext(connection) as context:
            assert client.get(url(event, query)).status_code == 200
        return len(context.captured_queries)

    add(60)
    few = measure("?q=person&sort=organisation&page=2")
    add(240)
    many = measure("?q=person&sort=organisation&page=2")
    # session, user, groups, event, organisers, agenda items for the filter (2), waitlist
    # positions, count, the page's registrations, their agenda choices, counts
    assert few == many <= 13

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from members.tests.factories import MembershipFactory, OrganizationFactory, region

URL = reverse("members:list")


@pytest.fixture
def orgs(cluster):
    sachsen = OrganizationFactory(name="Zellwerk Sachsen", region=region("sachsen"),
                                  stages=["cell-manufacturing"], phone="+49 375 123",
                                  keywords="=HYPERLINK(1)")
    MembershipFactory(organization=sachsen, cluster=cluster)
    OrganizationFactory(name="Recycling Wallonie", region=region("wallonie"), stages=["recycling"])
    return sachsen


def csv_rows(response):
    return b"".join(response.streaming_content).decode("utf-8-sig").splitlines()


@pytest.mark.parametrize("persona", [None, "member"])
def test_the_public_and_members_may_not_export(client, orgs, request, persona):
    if persona:
        client.force_login(request.getfixturevalue(persona))

    assert client.get(f"{URL}?format=csv").status_code == 403


@pytest.mark.parametrize("persona", ["cluster_manager", "economic_development", "admin_user"])
def test_staff_export_exactly_the_filtered_rows(client, orgs, request, persona, settings):
    settings.PORTAL_BASE_URL = "https://portal.example.org"
    client.force_login(request.getfixturevalue(persona))

    response = client.get(f"{URL}?region=sachsen&format=csv")

    rows = csv_rows(response)
    assert rows[0].startswith("Name;Art;Region")
    assert len(rows) == 2
    assert rows[1].startswith("Zellwerk Sachsen;Unternehmen;Sachsen;DE;Zwickau")
    assert "'+49 375 123" in rows[1] and "'=HYPERLINK(1)" in rows[1]
    assert "Batterie-Cluster Test" in rows[1]
    # The portal's public address, not the host the export was asked through.
    assert "https://portal.example.org/members/" in rows[1] and "testserver" not in rows[1]


def test_comma_csv_and_xlsx(client, orgs, economic_development):
    client.force_login(economic_development)

    comma = csv_rows(client.get(f"{URL}?format=csv-comma&stage=recycling"))
    xlsx = client.get(f"{URL}?format=xlsx")

    assert comma[1].startswith("Recycling Wallonie,")
    sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    assert [row[0] for row in sheet.iter_rows(values_only=True)] == [
        "Name", "Batterie-Cluster Test", "Recycling Wallonie", "Zellwerk Sachsen"]
    # Typed string cells: no apostrophe in the content, and no formula either.
    phone, keywords = sheet["H4"], sheet["L4"]
    assert (phone.value, phone.data_type) == ("+49 375 123", "s")
    assert (keywords.value, keywords.data_type) == ("=HYPERLINK(1)", "s")


def test_an_unknown_format_is_refused_with_the_formats_that_exist(client, orgs,
                                                                  economic_development):
    client.force_login(economic_development)

    response = client.get(f"{URL}?format=pdf")

    assert response.status_code == 400
    assert "csv, csv-comma, xlsx" in response.content.decode()


@pytest.mark.parametrize("query", ["region=atlantis", "stage=nonsense&region=sachsen"])
def test_an_export_with_a_filter_not_understood_is_refused(client, orgs, economic_development,
                                                           query):
    client.force_login(economic_development)

    response = client.get(f"{URL}?{query}&format=csv")

    assert response.status_code == 400
    assert "Kein Export" in response.content.decode()


def test_the_public_gets_403_before_any_format_check(client, orgs):
    assert client.get(f"{URL}?format=pdf").status_code == 403


def test_export_links_appear_only_for_staff(client, orgs, member, economic_development):
    client.force_login(member)
    assert "format=csv" not in client.get(f"{URL}?stage=recycling").content.decode()
    client.force_login(economic_development)
    assert 'href="?stage=recycling&amp;format=csv"' in client.get(f"{URL}?stage=recycling").content.decode()


def test_the_export_query_count_is_the_same_for_10_and_200_rows(
        client, economic_development, cluster, django_assert_num_queries):
    client.force_login(economic_development)

    def make(count):
        for _ in range(count):
            MembershipFactory(cluster=cluster, organization=OrganizationFactory(
                stages=["recycling"], topics=["hydrogen"], region=region("sachsen")))

    # 1 session, 2 user with their groups (permission; portal.auth), 3-5 labels: regions,
    # stages, topics, 6-8 the stage, topic and cluster names of all rows, 9 the organisations.
    make(10)
    with django_assert_num_queries(9):
        b"".join(client.get(f"{URL}?format=csv").streaming_content)
    make(190)
    with django_assert_num_queries(9):
        b"".join(client.get(f"{URL}?format=csv").streaming_content)

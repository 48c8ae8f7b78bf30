import pytest
from django.urls import reverse

from members.models import Organization
from members.tests.factories import ClusterFactory, MembershipFactory, OrganizationFactory, region

URL = reverse("members:list")


def names(response):
    return [o.name for o in response.context["page"].object_list]


@pytest.fixture
def orgs(db):
    """Three published organisations that differ in every filtered field, and a draft."""
    campus = ClusterFactory(name="Campus Zwickau", slug="campus", region=region("sachsen"))
    zell = OrganizationFactory(name="Zellfabrik Sachsen", kind=Organization.Kind.COMPANY,
                               region=region("sachsen"), stages=["cell-manufacturing"],
                               topics=["e-mobility"], keywords="Pouchzellen, Trockenbeschichtung")
    lab = OrganizationFactory(name="Recyclinglabor Liège", kind=Organization.Kind.RESEARCH,
                              region=region("wallonie"), stages=["recycling"],
                              topics=["circular-economy"], description_de="Hydrometallurgie",
                              description_en="Hydrometallurgy")
    anlagen = OrganizationFactory(name="Anlagenbau Süd", kind=Organization.Kind.COMPANY,
                                  region=region("baden-wuerttemberg"),
                                  stages=["production-equipment", "cell-manufacturing"],
                                  topics=["digitalisation"])
    OrganizationFactory(name="Entwurf GmbH", status=Organization.Status.DRAFT,
                        stages=["cell-manufacturing"])
    MembershipFactory(organization=zell, cluster=campus)
    MembershipFactory(organization=lab, cluster=campus)
    return {"campus": campus, "zell": zell, "lab": lab, "anlagen": anlagen}


def test_it_lists_published_organisations_only(client, orgs):
    response = client.get(URL)

    assert names(response) == ["Anlagenbau Süd", "Campus Zwickau", "Recyclinglabor Liège",
                               "Zellfabrik Sachsen"]
    assert "4 Organisationen" in response.content.decode()


@pytest.mark.parametrize("query, expected", [
    ("kind=research", ["Recyclinglabor Liège"]),
    ("stage=cell-manufacturing", ["Anlagenbau Süd", "Zellfabrik Sachsen"]),
    ("region=wallonie", ["Recyclinglabor Liège"]),
    ("cluster=campus", ["Recyclinglabor Liège", "Zellfabrik Sachsen"]),
    ("topic=digitalisation", ["Anlagenbau Süd"]),
    ("q=zellfabrik", ["Zellfabrik Sachsen"]),
    ("q=trockenbeschichtung", ["Zellfabrik Sachsen"]),
    ("q=hydrometallurgy", ["Recyclinglabor Liège"]),
])
def test_each_filter_alone(client, orgs, query, expected):
    assert names(client.get(f"{URL}?{query}")) == expected


def test_filters_combine(client, orgs):
    response = client.get(f"{URL}?stage=cell-manufacturing&region=sachsen&kind=company&cluster=campus")

    assert names(response) == ["Zellfabrik Sachsen"]


def test_an_empty_result_says_so_and_offers_to_clear_filters(client, orgs):
    response = client.get(f"{URL}?stage=recycling&region=sachsen")

    content = response.content.decode()
    assert names(response) == []
    assert "Keine Organisation passt zu diesen Filtern." in content
    assert f'href="{URL}">Filter zurücksetzen und alle Mitglieder zeigen' in content


@pytest.mark.parametrize("query", ["stage=no-such-stage", "kind=spaceship", "region=atlantis",
                                   "cluster=zellfabrik-sachsen", "topic=%00", "page=abc"])
def test_an_invalid_value_is_ignored_with_a_message(client, orgs, query):
    response = client.get(f"{URL}?{query}&topic=e-mobility")

    assert response.status_code == 200
    assert names(response) == ["Zellfabrik Sachsen"]
    if not query.startswith(("page", "topic")):
        assert "hatte einen unbekannten Wert und wurde ignoriert" in response.content.decode()


def test_an_invalid_topic_alone_lists_everything(client, orgs):
    response = client.get(f"{URL}?topic=nonsense")

    assert len(names(response)) == 4
    assert "ignoriert" in response.content.decode()


def test_filters_survive_pagination(client, db):
    for n in range(30):
        OrganizationFactory(name=f"Recycler {n:02}", stages=["recycling"])
    OrganizationFactory(name="Zellbauer", stages=["cell-manufacturing"])

    first = client.get(f"{URL}?stage=recycling")
    second = client.get(f"{URL}?stage=recycling&page=2")

    assert len(names(first)) == 25
    assert 'href="?stage=recycling&amp;page=2"' in first.content.decode()
    assert names(second) == [f"Recycler {n:02}" for n in range(25, 30)]
    assert "30 Organisationen" in second.content.decode()


def test_the_filter_form_shows_the_active_values(client, orgs):
    response = client.get(f"{URL}?stage=recycling")

    assert '<option value="recycling" selected>' in response.content.decode()


@pytest.mark.parametrize("query, expected", [
    # 1 count, 2 page of organisations with region, 3 their stages,
    # 4-7 filter choices: stages, regions, clusters (suggestions), topics.
    ("", 7),
    # 1 validate the stage code, then as above.
    ("?stage=recycling", 8),
    # A search is found and counted in one query (COUNT(*) OVER ()): 1 page with its total,
    # 2 stages, 3-6 filter choices.
    ("?q=Zellwerk", 6),
    # 1 find the cluster by its address, then as above.
    ("?cluster=campus", 8),
    # Both: 1 stage, 2 cluster, 3 page with its total, 4 stages, 5-8 filter choices.
    ("?q=Zellwerk&stage=recycling&cluster=campus", 8),
])
def test_the_query_count_is_the_same_for_10_and_200_organisations(
        client, db, django_assert_num_queries, query, expected):
    campus = ClusterFactory(slug="campus")

    def make(count):
        for _ in range(count):
            organisation = OrganizationFactory(region=region("sachsen"),
                                               stages=["recycling", "testing"])
            MembershipFactory(organization=organisation, cluster=campus)

    make(10)
    with django_assert_num_queries(expected):
        response = client.get(f"{URL}{query}")
    assert response.status_code == 200
    assert len(names(response)) == (10 if query else 11)  # unfiltered: the cluster too
    make(190)
    with django_assert_num_queries(expected):
        response = client.get(f"{URL}{query}")
    assert response.status_code == 200 and len(names(response)) == 25


@pytest.mark.postgres
def test_full_text_search_ranks_by_relevance_on_postgres(client, db):
    OrganizationFactory(name="Beratung Nord", description_de="Wir beraten auch zu Recycling.")
    OrganizationFactory(name="Recycling Ost", keywords="Recycling, Schwarzmasse")

    assert names(client.get(f"{URL}?q=recycling")) == ["Recycling Ost", "Beratung Nord"]


@pytest.mark.parametrize("query", ["q=%00", "q=" + "x" * 5000, "q=a%27%20OR%201=1", "stage=a&stage=b",
                                   "q=%22unterminated", "q=-", "q=!!!&kind="])
def test_odd_search_input_never_fails(client, orgs, query):
    assert client.get(f"{URL}?{query}").status_code == 200


def test_a_partial_name_is_found(client, orgs):
    assert names(client.get(f"{URL}?q=Zellfab")) == ["Zellfabrik Sachsen"]


@pytest.mark.postgres
def test_the_search_index_exists_after_migrating(db):
    from django.db import connection

    from members.filters import SEARCH_INDEX_NAME

    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [SEARCH_INDEX_NAME])
        (definition,) = cursor.fetchone()
    assert "USING gin" in definition
    assert "(search_document)" in definition


@pytest.mark.postgres
def test_the_search_uses_the_index(db):
    """The search filters on the stored document, so PostgreSQL can use its GIN index."""
    from django.db import connection

    from members.filters import SEARCH_INDEX_NAME, search

    OrganizationFactory(name="Recycling Ost")
    queryset = search(Organization.objects.published(), "Batterie Recycling")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # the test table is tiny
        plan = queryset.explain()
    assert SEARCH_INDEX_NAME in plan


# The cluster filter: a text field with suggestions, not a select of every cluster ------------

def test_the_cluster_filter_is_a_text_field_with_suggestions(client, orgs):
    content = client.get(URL).content.decode()

    assert '<input type="search" name="cluster" id="id_cluster"' in content
    assert 'list="cluster-suggestions"' in content
    assert '<option value="campus">Campus Zwickau</option>' in content
    assert '<select name="cluster"' not in content


@pytest.mark.parametrize("typed", ["campus", "Campus Zwickau", "zwick", "  CAMPUS   zwickau "])
def test_a_cluster_is_found_by_its_address_or_part_of_its_name(client, orgs, typed):
    response = client.get(URL, {"cluster": typed})

    assert names(response) == ["Recyclinglabor Liège", "Zellfabrik Sachsen"]
    # Links onwards carry the cluster's address, whatever was typed.
    assert response.context["querystring"] == "cluster=campus"
    assert 'value="campus"' in response.content.decode()


def test_a_name_that_fits_several_clusters_offers_them_to_choose(client, orgs):
    ClusterFactory(name="Campus Chemnitz", slug="campus-chemnitz")

    response = client.get(URL, {"cluster": "Campus", "kind": "company"})

    content = response.content.decode()
    assert names(response) == ["Anlagenbau Süd", "Zellfabrik Sachsen"]  # cluster ignored
    assert "hatte einen unbekannten Wert und wurde ignoriert" in content
    assert 'href="?kind=company&amp;cluster=campus-chemnitz">Campus Chemnitz</a>' in content
    assert 'href="?kind=company&amp;cluster=campus">Campus Zwickau</a>' in content


def test_the_suggestions_stay_in_the_page_up_to_the_limit(client, orgs, monkeypatch):
    from members import selectors

    assert "data-complete" in client.get(URL).content.decode()
    monkeypatch.setattr(selectors, "CLUSTER_SUGGESTIONS", 1)
    content = client.get(URL).content.decode()
    assert "data-complete" not in content  # the script then asks the server as one types


def test_the_cluster_search_answers_json_with_published_clusters_only(client, orgs):
    ClusterFactory(name="Campus Entwurf", slug="campus-entwurf", status=Organization.Status.DRAFT)

    response = client.get(reverse("members:cluster_search"), {"q": "camp"})

    assert response["Content-Type"] == "application/json"
    assert response.json() == {"results": [{"name": "Campus Zwickau", "slug": "campus"}]}


# Pagination -----------------------------------------------------------------------------------

def test_a_deep_page_links_a_window_of_pages_not_every_page(client, db):
    for n in range(260):
        OrganizationFactory(name=f"Firma {n:03}")

    response = client.get(URL, {"page": 6})

    content = response.content.decode()
    assert names(response)[0] == "Firma 125"
    assert 'aria-current="page">6</a>' in content
    assert 'href="?page=11"' in content and 'href="?page=1"' in content
    assert 'href="?page=9"' not in content  # elided
    assert content.count('class="page-link"') < 15


@pytest.mark.parametrize("query", ["page=99", "page=99&q=Firma"])
def test_a_page_beyond_the_end_shows_the_last(client, db, query):
    for n in range(30):
        OrganizationFactory(name=f"Firma {n:03}")

    response = client.get(f"{URL}?{query}")

    assert response.context["page"].number == 2
    assert len(names(response)) == 5
    assert "30 Organisationen" in response.content.decode()


def test_a_search_without_matches_counts_zero(client, orgs):
    response = client.get(URL, {"q": "Quantencomputer"})

    assert names(response) == [] and response.context["page"].paginator.count == 0

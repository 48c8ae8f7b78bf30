"""The statistics page: who sees it, whose events it counts, the period asked for."""

import pytest

from reports.tests.factories import R, at, event, register

pytestmark = pytest.mark.django_db
URL = "/statistics/"


@pytest.fixture
def year(cluster, other_cluster):
    ours = event(at(2025, 3, 5), [cluster], title_de="Netzwerktreffen Zwickau")
    register(ours, R.ATTENDED, R.CONFIRMED)
    theirs = event(at(2025, 4, 5), [other_cluster], title_de="Empfang Cluster Y")
    register(theirs, R.ATTENDED)
    return ours, theirs


def test_economic_development_sees_every_event(client, economic_development, year):
    client.force_login(economic_development)

    page = client.get(URL, {"period": "year", "year": "2025"}).content.decode()

    assert "Netzwerktreffen Zwickau" in page
    assert "Empfang Cluster Y" in page


def test_a_cluster_manager_sees_only_their_clusters_events(client, cluster_manager, year):
    client.force_login(cluster_manager)

    page = client.get(URL, {"period": "year", "year": "2025"}).content.decode()

    assert "Netzwerktreffen Zwickau" in page
    assert "Empfang Cluster Y" not in page


def test_a_cluster_manager_cannot_ask_for_another_clusters_figures(client, cluster_manager,
                                                                    other_cluster, year):
    client.force_login(cluster_manager)

    response = client.get(URL, {"period": "year", "year": "2025", "organiser": other_cluster.slug})

    assert response.status_code == 400
    assert "Empfang Cluster Y" not in response.content.decode()
    assert "Wählen Sie einen Veranstalter aus der Liste." in response.content.decode()


def test_one_organiser_narrows_the_figures(client, economic_development, other_cluster, year):
    client.force_login(economic_development)

    page = client.get(URL, {"period": "year", "year": "2025",
                            "organiser": other_cluster.slug}).content.decode()

    assert "Empfang Cluster Y" in page
    assert "Netzwerktreffen Zwickau" not in page


@pytest.mark.parametrize("persona", ["member", "other_manager"])
def test_others_get_403_or_see_nothing_of_ours(client, request, persona, year):
    user = request.getfixturevalue(persona)
    client.force_login(user)

    response = client.get(URL, {"period": "year", "year": "2025"})

    if persona == "member":
        assert response.status_code == 403
    else:
        assert "Netzwerktreffen Zwickau" not in response.content.decode()


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_without_a_choice_it_shows_this_year(client, economic_development):
    from django.utils import timezone

    client.force_login(economic_development)

    response = client.get(URL)

    assert response.status_code == 200
    assert f"Zahlen für {timezone.localdate().year}" in response.content.decode()


def test_a_quarter_counts_only_its_three_months(client, economic_development, year):
    client.force_login(economic_development)

    page = client.get(URL, {"period": "quarter", "year": "2025", "quarter": "2"}).content.decode()

    assert "Empfang Cluster Y" in page
    assert "Netzwerktreffen Zwickau" not in page


def test_a_custom_period_takes_both_date_formats(client, economic_development, year):
    client.force_login(economic_development)

    page = client.get(URL, {"period": "custom", "from": "01.03.2025",
                            "to": "2025-03-31"}).content.decode()

    assert "Netzwerktreffen Zwickau" in page
    assert "Empfang Cluster Y" not in page


@pytest.mark.parametrize(("query", "message"), [
    ({"period": "year", "year": "zwanzig"}, "Geben Sie das Jahr als Zahl ein, z. B. 2026."),
    ({"period": "year", "year": "1850"}, "Geben Sie ein Jahr von 2000 bis 2100 ein."),
    ({"period": "year", "year": ""}, "Geben Sie ein Jahr ein, z. B. 2026."),
    ({"period": "quarter", "year": "2025", "quarter": "5"}, "Wählen Sie ein Quartal von 1 bis 4."),
    ({"period": "quarter", "year": "2025"}, "Wählen Sie ein Quartal von 1 bis 4."),
    ({"period": "custom", "from": "2025-13-01", "to": "2025-12-31"},
     "Geben Sie ein Datum wie 2026-03-31 (oder 31.03.2026) ein."),
    ({"period": "custom", "from": "2025-06-01"}, "Geben Sie den ersten und den letzten Tag"),
    ({"period": "custom", "from": "2025-06-01", "to": "2025-01-01"},
     "Der Zeitraum endet, bevor er beginnt."),
    ({"period": "week"}, "Wählen Sie ein Jahr, ein Quartal oder einen Zeitraum von–bis."),
])
def test_bad_period_input_is_refused_with_a_clear_message(client, economic_development, query,
                                                          message):
    client.force_login(economic_development)

    response = client.get(URL, query)

    assert response.status_code == 400
    assert message in response.content.decode()


def test_the_message_is_english_for_english_readers(client, economic_development):
    from django.conf import settings

    client.force_login(economic_development)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.get(URL, {"period": "quarter", "year": "2025", "quarter": "0"})

    assert response.status_code == 400
    assert "Choose a quarter from 1 to 4." in response.content.decode()


def test_staff_find_the_page_on_my_portal(client, cluster_manager, member):
    client.force_login(cluster_manager)
    assert URL in client.get("/my/").content.decode()
    client.force_login(member)
    assert URL not in client.get("/my/").content.decode()

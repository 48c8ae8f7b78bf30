"""Badges and the sign-in sheet: sorted by surname or organisation, with the event's date and
the active filter, in the sizes of common label sheets."""

import re

import pytest

from events import selectors
from events.tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(event):
    return [RegistrationFactory(event=event, name=name, organisation_name=org)
            for name, org in [("Zora Abel", "Zellwerk"), ("Dr. Anna Özdemir", "Anodenbau"),
                              ("Bernd Müller", "Zellwerk"), ("Carla Meyer", "")]]


def names_in(html):
    return re.findall(r'class="name-badge-name">([^<]+)<', html)


def test_badges_sort_by_surname_by_default(client, event, people, cluster_manager):
    client.force_login(cluster_manager)
    html = client.get(f"/events/{event.slug}/participants/?print=badges").content.decode()
    # Abel, Meyer, Müller (ü as u), Özdemir (Ö as O): the last word of the name, German order.
    assert names_in(html) == ["Zora Abel", "Carla Meyer", "Bernd Müller", "Dr. Anna Özdemir"]


def test_badges_and_sheet_sort_by_organisation(client, event, people, cluster_manager):
    client.force_login(cluster_manager)
    badges = client.get(f"/events/{event.slug}/participants/?print=badges&order=organisation")
    assert names_in(badges.content.decode()) == [
        "Dr. Anna Özdemir", "Zora Abel", "Bernd Müller", "Carla Meyer"]  # none last
    sheet = client.get(f"/events/{event.slug}/participants/?print=sheet&order=organisation")
    rows = re.findall(r'<th scope="row">([^<]+)</th>', sheet.content.decode())
    assert rows == ["Dr. Anna Özdemir", "Zora Abel", "Bernd Müller", "Carla Meyer"]


def test_the_sheet_prints_the_date_and_the_active_filter(client, event, people, cluster_manager):
    client.force_login(cluster_manager)
    html = client.get(f"/events/{event.slug}/participants/?print=sheet&status=confirmed"
                      "&q=zell").content.decode()
    filters = html.split('class="print-filters')[1].split("</p>")[0]
    assert "Status: Bestätigt" in filters and "Name oder Organisation: zell" in filters
    assert "sortiert nach Nachname" in filters
    assert f"{event.starts_at:%Y}" in filters
    assert "Carla Meyer" not in html  # the filter applies


def test_without_filters_the_paper_says_so(client, event, people, cluster_manager):
    client.force_login(cluster_manager)
    html = client.get(f"/events/{event.slug}/participants/?print=sheet").content.decode()
    assert "Alle Anmeldungen außer stornierten" in html


def test_each_badge_carries_the_events_date(client, event, people, cluster_manager):
    client.force_login(cluster_manager)
    html = client.get(f"/events/{event.slug}/participants/?print=badges").content.decode()
    dates = re.findall(r'class="name-badge-event">[^<]*· ([^<]+)<', html)
    assert len(dates) == 4 and all(str(event.starts_at.year) in d for d in dates)


@pytest.mark.parametrize(("query", "stylesheet"), [
    ("", "badges-90x54.css"), ("&size=90x54", "badges-90x54.css"), ("&size=a6", "badges-a6.css"),
    ("&size=<script>", "badges-90x54.css"),  # unknown: the default, nothing injected
])
def test_badge_sizes_have_their_print_stylesheet(client, event, people, cluster_manager, query,
                                                 stylesheet):
    client.force_login(cluster_manager)
    html = client.get(f"/events/{event.slug}/participants/?print=badges{query}").content.decode()
    assert f"/static/events/{stylesheet}" in html and "<script>" not in html.split("<main")[1] \
        .split("</main>")[0]


def test_the_list_links_do_not_repeat_the_print_options(client, event, people, cluster_manager):
    client.force_login(cluster_manager)
    html = client.get(f"/events/{event.slug}/participants/?print=badges&order=organisation"
                      "&size=a6&status=confirmed").content.decode()
    assert f'href="/events/{event.slug}/participants/?status=confirmed"' in html


def test_print_views_stay_for_staff(client, event, people, other_manager):
    client.force_login(other_manager)
    for query in ("?print=badges&order=organisation", "?print=sheet&size=a6"):
        assert client.get(f"/events/{event.slug}/participants/{query}").status_code == 403


def test_the_sort_key_folds_umlauts_and_case():
    assert selectors.surname(" Dr.  Erika  Mustermann ") == "Mustermann"
    assert selectors._sort_key("Özdemir") < selectors._sort_key("Pohl")
    assert selectors._sort_key("Strauß") == selectors._sort_key("strauss")

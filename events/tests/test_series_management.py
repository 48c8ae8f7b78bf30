"""Organisers create and edit event series in the portal and put their events into them."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events import history, services
from events.models import Event, EventSeries
from events.tests.factories import EventFactory, OrganizationFactory, event_data
from network_portal.models import AuditEntry

pytestmark = pytest.mark.django_db


def series_data(cluster, **fields):
    return {"title_de": "Netzwerktreffen Zwickau", "title_en": "Zwickau network meeting",
            "slug": "", "description_de": "Zweimal im Jahr.", "description_en": "",
            "organisers": [cluster.pk], **fields}


def series_of(*organisers, slug="fruehjahrstreffen"):
    series = EventSeries.objects.create(title_de="Frühjahrstreffen", slug=slug)
    series.organisers.set(organisers)
    return series


def test_a_cluster_manager_creates_a_series_its_address_proposed_from_the_title(
        client, cluster, cluster_manager):
    client.force_login(cluster_manager)

    response = client.post("/events/manage/series/new/", series_data(cluster))

    series = EventSeries.objects.get()
    assert response.status_code == 302 and response["Location"] == series.get_absolute_url()
    assert series.slug == "netzwerktreffen-zwickau"
    assert list(series.organisers.all()) == [cluster]
    entry = AuditEntry.objects.get(action=history.SERIES_CREATED)
    assert entry.actor == cluster_manager and entry.object_id == series.pk


def test_a_second_series_of_the_same_title_gets_its_own_address(client, cluster,
                                                                cluster_manager):
    client.force_login(cluster_manager)
    client.post("/events/manage/series/new/", series_data(cluster))
    client.post("/events/manage/series/new/", series_data(cluster))

    assert sorted(EventSeries.objects.values_list("slug", flat=True)) == [
        "netzwerktreffen-zwickau", "netzwerktreffen-zwickau-2"]


def test_a_series_for_another_cluster_is_refused_and_nothing_saved(client, cluster_manager,
                                                                  other_cluster):
    client.force_login(cluster_manager)

    response = client.post("/events/manage/series/new/", series_data(other_cluster))

    assert response.status_code == 200 and "organisers" in response.context["form"].errors
    assert not EventSeries.objects.exists()


def test_members_may_not_create_a_series(client, member, cluster):
    client.force_login(member)

    assert client.get("/events/manage/series/new/").status_code == 403
    assert client.post("/events/manage/series/new/", series_data(cluster)).status_code == 403
    assert not EventSeries.objects.exists()


def test_an_organiser_edits_their_series_and_it_is_recorded(client, cluster, cluster_manager):
    series = series_of(cluster)
    client.force_login(cluster_manager)
    assert client.get(series.get_absolute_url()).context["may_edit"]

    response = client.post(f"/events/series/{series.slug}/edit/", series_data(
        cluster, slug=series.slug, title_de="Frühjahrs- und Herbsttreffen"))

    assert response.status_code == 302
    series.refresh_from_db()
    assert series.title_de == "Frühjahrs- und Herbsttreffen"
    assert AuditEntry.objects.filter(action=history.SERIES_EDITED, actor=cluster_manager).exists()


def test_another_organisers_series_is_403_also_by_url(client, cluster, other_cluster,
                                                      other_manager):
    series = series_of(cluster)
    client.force_login(other_manager)
    assert not client.get(series.get_absolute_url()).context["may_edit"]

    assert client.get(f"/events/series/{series.slug}/edit/").status_code == 403
    response = client.post(f"/events/series/{series.slug}/edit/",
                           series_data(other_cluster, slug=series.slug, title_de="Übernommen"))

    assert response.status_code == 403
    series.refresh_from_db()
    assert series.title_de == "Frühjahrstreffen" and list(series.organisers.all()) == [cluster]


def test_the_service_refuses_an_edit_by_someone_who_does_not_manage_it(cluster, other_cluster,
                                                                      other_manager):
    series = series_of(cluster)
    series.title_de = "Übernommen"

    with pytest.raises(services.EventChangeRefused):
        services.save_series(series, organisers=[other_cluster], by=other_manager)

    series.refresh_from_db()
    assert series.title_de == "Frühjahrstreffen"


def test_the_staff_manage_every_series(client, economic_development, cluster):
    series = series_of(cluster)
    admin_made = EventSeries.objects.create(title_de="Aus dem Admin", slug="aus-dem-admin")
    client.force_login(economic_development)

    response = client.get("/events/manage/")

    assert list(response.context["series_list"]) == [admin_made, series]
    assert client.get(f"/events/series/{admin_made.slug}/edit/").status_code == 200


def test_the_event_form_offers_only_the_series_one_manages(client, cluster, other_cluster,
                                                          cluster_manager):
    mine, theirs = series_of(cluster, slug="mine"), series_of(other_cluster, slug="theirs")
    client.force_login(cluster_manager)

    form = client.get("/events/new/").context["form"]
    assert list(form.fields["series"].queryset) == [mine]

    refused = client.post("/events/new/", event_data(cluster, series=theirs.pk))
    assert "series" in refused.context["form"].errors and not Event.objects.exists()
    client.post("/events/new/", event_data(cluster, series=mine.pk))
    assert Event.objects.get().series == mine


def test_an_event_keeps_its_series_when_someone_else_edits_it(client, cluster, other_cluster,
                                                             cluster_manager):
    theirs = series_of(other_cluster, slug="theirs")
    event = EventFactory(organisers=[cluster], series=theirs)
    client.force_login(cluster_manager)

    form = client.get(f"/events/{event.slug}/edit/").context["form"]

    assert theirs in form.fields["series"].queryset


def test_the_manage_list_shows_the_series_with_a_constant_number_of_queries(
        client, cluster, cluster_manager):
    client.force_login(cluster_manager)

    def count():
        cache.clear()
        with CaptureQueriesContext(connection) as context:
            response = client.get("/events/manage/")
        assert response.status_code == 200
        return len(context.captured_queries), response

    def add(n):
        for i in range(n):
            slug = f"reihe-{EventSeries.objects.count()}-{i}"
            series = series_of(cluster, OrganizationFactory(), slug=slug)
            EventFactory(organisers=[cluster], series=series)

    add(2)
    few, _response = count()
    add(20)
    many, response = count()
    assert many == few
    assert response.content.decode().count('href="/events/series/reihe-') >= 44

"""An event's organisers must include a cluster its creator manages: a rule of the service."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from events import services
from events.models import Event
from events.tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def new_event(**fields):
    start = timezone.now() + timedelta(days=30)
    return Event(title_de="Netzwerktreffen", slug="netzwerktreffen", kind=Event.Kind.WORKSHOP,
                 starts_at=start, ends_at=start + timedelta(hours=3), **fields)


def test_a_cluster_manager_cannot_create_an_event_for_another_cluster(cluster_manager,
                                                                      other_cluster):
    with pytest.raises(services.EventChangeRefused) as refused:
        services.save_event(new_event(), organisers=[other_cluster], by=cluster_manager)

    assert refused.value.code == "organiser_not_managed"
    assert not Event.objects.exists()


def test_the_refusal_is_translated(cluster_manager, other_cluster):
    with pytest.raises(services.EventChangeRefused) as refused:
        services.save_event(new_event(), organisers=[other_cluster], by=cluster_manager)

    with translation.override("de"):
        assert refused.value.messages == [
            "Einer der Veranstalter muss ein Cluster sein, den Sie betreuen."]
    with translation.override("en"):
        assert refused.value.messages == ["One of the organisers must be a cluster you manage."]


def test_a_new_event_needs_an_organiser_its_creator_manages(cluster_manager):
    with pytest.raises(services.EventChangeRefused):
        services.save_event(new_event(), by=cluster_manager)

    assert not Event.objects.exists()


def test_a_cluster_manager_may_add_a_partner_beside_their_cluster(cluster, cluster_manager,
                                                                  other_cluster):
    event = services.save_event(new_event(), organisers=[cluster, other_cluster],
                                by=cluster_manager)

    assert set(event.organisers.all()) == {cluster, other_cluster}


def test_an_edit_may_not_hand_the_event_to_another_cluster(cluster, cluster_manager,
                                                           other_cluster):
    event = EventFactory(organisers=[cluster], title_de="Alt")
    event.title_de = "Neu"

    with pytest.raises(services.EventChangeRefused):
        services.save_event(event, organisers=[other_cluster], by=cluster_manager)

    event.refresh_from_db()
    assert event.title_de == "Alt"
    assert list(event.organisers.all()) == [cluster]


def test_economic_development_staff_may_name_any_organiser(economic_development, other_cluster):
    event = services.save_event(new_event(), organisers=[other_cluster], by=economic_development)

    assert list(event.organisers.all()) == [other_cluster]


def test_the_portal_itself_is_not_held_to_a_person_s_clusters(other_cluster):
    event = services.save_event(new_event(), organisers=[other_cluster], by=None)

    assert list(event.organisers.all()) == [other_cluster]


def test_the_form_shows_the_services_refusal_at_the_organisers(client, cluster_manager,
                                                              other_cluster):
    client.force_login(cluster_manager)
    start = timezone.localtime() + timedelta(days=30)

    response = client.post("/events/new/", {
        "title_de": "Netzwerktreffen", "slug": "netzwerktreffen", "kind": "workshop",
        "status": "draft", "organisers": [other_cluster.pk],
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"),
        "agenda-TOTAL_FORMS": "0", "agenda-INITIAL_FORMS": "0"})

    assert response.status_code == 200
    assert response.context["form"].errors["organisers"] == [
        "Einer der Veranstalter muss ein Cluster sein, den Sie betreuen."]
    assert not Event.objects.exists()

"""What an organiser's edit of a running trip sets off: proposals for new seats, programme mails."""

import pytest

from delegations.models import Application
from delegations.tests.factories import ApplicationFactory
from delegations.tests.test_views import trip_data, url
from network_portal.models import OutgoingEmail

ACCEPTED = Application.Status.ACCEPTED
WAITLISTED = Application.Status.WAITLISTED

pytestmark = pytest.mark.django_db


def emails(template):
    return list(OutgoingEmail.objects.filter(template=template).order_by("pk"))


# More seats -----------------------------------------------------------------------------------

def test_raising_the_seats_proposes_one_waitlisted_applicant_per_new_seat(
        client, trip, cluster, cluster_manager):
    for _ in range(2):
        ApplicationFactory(trip=trip, status=ACCEPTED)
    waiting = [ApplicationFactory(trip=trip, status=WAITLISTED) for _ in range(3)]
    client.force_login(cluster_manager)

    response = client.post(url("edit", trip), trip_data(trip, cluster, seats="4"))
    again = client.post(url("edit", trip), trip_data(trip, cluster, seats="4"))  # double submit

    assert response.status_code == again.status_code == 302
    proposed = list(Application.objects.filter(next_in_line_since__isnull=False)
                    .order_by("created_at", "pk").values_list("pk", flat=True))
    assert proposed == [waiting[0].pk, waiting[1].pk]
    # Not accepted automatically: the organisers decide.
    assert set(Application.objects.filter(pk__in=proposed).values_list("status", flat=True)) == {
        WAITLISTED}
    prompts = emails("delegations_organiser_prompt")
    assert [p.to for p in prompts] == [cluster_manager.email] * 2
    assert waiting[0].person_name in prompts[0].body_text
    assert waiting[1].person_name in prompts[1].body_text
    assert f"/delegations/{trip.slug}/applications/" in prompts[0].body_text


def test_raising_the_seats_without_a_waiting_list_prompts_no_one(client, trip, cluster, cluster_manager):
    ApplicationFactory(trip=trip, status=ACCEPTED)
    ApplicationFactory(trip=trip)  # submitted, not waitlisted
    client.force_login(cluster_manager)

    response = client.post(url("edit", trip), trip_data(trip, cluster, seats="5"))

    assert response.status_code == 302
    assert not Application.objects.filter(next_in_line_since__isnull=False).exists()
    assert emails("delegations_organiser_prompt") == []


def test_lowering_or_keeping_the_seats_prompts_no_one(client, trip, cluster, cluster_manager):
    ApplicationFactory(trip=trip, status=WAITLISTED)
    client.force_login(cluster_manager)

    client.post(url("edit", trip), trip_data(trip, cluster, seats="2", title_de="Neu"))
    client.post(url("edit", trip), trip_data(trip, cluster, seats="1"))

    assert emails("delegations_organiser_prompt") == []

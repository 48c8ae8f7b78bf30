"""Trip applications start from the organisation's offers and needs; the applicant refines them
for the trip, the application keeps what was sent, the profile stays as it is; the trip's room
fit compares what the application states."""

import pytest
from django.urls import reverse

from delegations.models import Application
from delegations.tests.factories import ApplicationFactory, TripFactory
from matchmaking import selectors, services
from matchmaking.models import Interest
from matchmaking.tests.conftest import state
from members.models import ValueChainStage
from members.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def pks(*codes):
    return sorted(ValueChainStage.objects.filter(code__in=codes).values_list("pk", flat=True))


@pytest.fixture
def trip():
    return TripFactory()


def test_the_form_is_prefilled_from_the_offers_and_needs(client, trip, representative,
                                                         cell_maker):
    state(cell_maker, offers=["cell-manufacturing"], seeks=["testing", "production-equipment"])
    Interest.objects.filter(organization=cell_maker, direction="seek").update(
        text="Prüfstände für Zellen")
    client.force_login(representative)

    response = client.get(reverse("delegations:apply", args=[trip.slug]))

    form = response.context["form"]
    assert form.initial["organisation"] == cell_maker.pk
    assert sorted(form.initial["stages_sought"]) == pks("testing", "production-equipment")
    assert form.initial["stages_offered"] == pks("cell-manufacturing")
    assert form.initial["interests"] == "Prüfstände für Zellen"
    assert "aus den Angeboten und Bedarfen von Zellfabrik Zwickau GmbH vorausgefüllt" in \
        response.content.decode()


def test_without_stated_offers_the_value_chain_stages_are_offered(trip, cell_maker):
    state(cell_maker, seeks=["testing"])
    defaults = selectors.application_defaults(cell_maker)
    assert defaults["stages_offered"] == pks("cell-manufacturing")


def test_nothing_is_prefilled_for_someone_who_represents_no_organisation(client, trip, member):
    client.force_login(member)
    form = client.get(reverse("delegations:apply", args=[trip.slug])).context["form"]
    assert "stages_sought" not in form.initial and form.prefilled_from is None


def test_refined_stages_are_stored_on_the_application_not_on_the_profile(
        client, trip, representative, cell_maker):
    state(cell_maker, offers=["cell-manufacturing"], seeks=["testing"])
    client.force_login(representative)

    response = client.post(reverse("delegations:apply", args=[trip.slug]), {
        "organisation": cell_maker.pk, "stages_sought": pks("recycling"),
        "stages_offered": pks("cell-manufacturing", "second-life"), "interests": "Recycling",
    })

    assert response.status_code == 302
    application = Application.objects.get(user=representative)
    assert sorted(application.stages_sought.values_list("pk", flat=True)) == pks("recycling")
    assert sorted(application.stages_offered.values_list("pk", flat=True)) == pks(
        "cell-manufacturing", "second-life")
    interests = selectors.interests_of(cell_maker)
    assert [s.code for s in interests["seek"].stages.all()] == ["testing"]
    assert [s.code for s in interests["offer"].stages.all()] == ["cell-manufacturing"]


def test_the_trip_room_compares_what_the_application_states(trip, representative, cell_maker):
    state(cell_maker, seeks=["testing"])
    supplier = OrganizationFactory(name="Kreislauf Beratung", stages=["services"])
    state(supplier, offers=["recycling"])
    application = ApplicationFactory(trip=trip, user=representative, organisation=cell_maker,
                                     status=Application.Status.ACCEPTED)
    ApplicationFactory(trip=trip, organisation=supplier, status=Application.Status.ACCEPTED)
    assert services.trip_room(trip, representative).fits == []  # the profile seeks testing

    application.stages_sought.set(pks("recycling"))  # for this trip: recycling partners

    [fit] = services.trip_room(trip, representative).fits
    assert fit.organisation == supplier

"""B2B meetings: offers and needs refined for one event (prefilled from the profile, stored on
the participant, never on the profile), the suggestions reading them, and a participant
cancelling their own booked meeting."""

import pytest

from matchmaking import meeting_reads, meetings, selectors
from matchmaking.models import Meeting, MeetingSeat
from matchmaking.tests.conftest import state
from matchmaking.tests.meeting_helpers import (
    block_times,
    meeting_event,
    participant,
    registrant,
)
from members.models import Topic, ValueChainStage
from network_portal.models import OutgoingEmail

pytestmark = pytest.mark.django_db
HELLO = "Gern 20 Minuten zu Rücknahme und Recycling?"


def stage(code):
    return ValueChainStage.objects.get(code=code)


def topic(code):
    return Topic.objects.get(code=code)


@pytest.fixture
def setup(cluster_manager, cluster):
    return meeting_event(cluster_manager, cluster=cluster, tables=2)


@pytest.fixture
def anna(setup):
    """Her organisation's profile offers recycling and seeks cell manufacturing."""
    user = registrant(setup, "anna@example.com", first_name="Anna", last_name="Anode",
                      opt_in=False)
    organisation = setup.event.registrations.get(user=user).organisation
    state(organisation, offers=["recycling"], seeks=["cell-manufacturing"],
          seek_topics=["circular-economy"])
    return user


@pytest.fixture
def bert(setup):
    """Opted in; his organisation states nothing (no value-chain stages either)."""
    return registrant(setup, "bert@example.com", first_name="Bert", last_name="Binder",
                      language="en")


def _url(setup):
    return f"/matchmaking/meetings/{setup.pk}/"


def _post(client, setup, *, about="", **interests):
    data = {"about": about}
    for name in ("offer_stages", "offer_topics", "seek_stages", "seek_topics"):
        data[name] = [item.pk for item in interests.get(name, [])]
    return client.post(_url(setup), data)


def test_the_opt_in_form_starts_from_the_organisations_profile(client, setup, anna):
    client.force_login(anna)
    response = client.get(_url(setup))
    initial = response.context["form"].initial
    assert initial["offer_stages"] == [stage("recycling").pk]
    assert initial["seek_stages"] == [stage("cell-manufacturing").pk]
    assert initial["seek_topics"] == [topic("circular-economy").pk]
    page = response.content.decode()
    assert "Ihre Angebote und Bedarfe für diese Gespräche" in page
    assert f'value="{stage("recycling").pk}" ' in page


def test_refined_offers_and_needs_are_stored_for_the_participant_only(client, setup, anna):
    organisation = setup.event.registrations.get(user=anna).organisation
    before = selectors.profile_interests(organisation)
    client.force_login(anna)
    response = _post(client, setup, offer_stages=[stage("recycling"), stage("second-life")],
                     seek_stages=[stage("testing")])
    assert response.status_code == 302
    me = participant(setup, anna)
    assert me.refined
    assert set(me.offer_stages.values_list("code", flat=True)) == {"recycling", "second-life"}
    assert list(me.seek_stages.values_list("code", flat=True)) == ["testing"]
    assert not me.seek_topics.exists()
    assert selectors.profile_interests(organisation) == before  # the profile is untouched
    # The form starts from what was refined next time.
    initial = client.get(_url(setup)).context["form"].initial
    assert initial["seek_stages"] == [stage("testing").pk]


def test_the_profile_unchanged_means_the_profile_counts(client, setup, anna):
    client.force_login(anna)
    _post(client, setup, offer_stages=[stage("recycling")],
          seek_stages=[stage("cell-manufacturing")], seek_topics=[topic("circular-economy")])
    me = participant(setup, anna)
    assert not me.refined and not me.offer_stages.exists()


def test_the_suggestions_use_the_refined_values_of_both_sides(client, setup, anna, bert):
    client.force_login(anna)
    _post(client, setup, offer_stages=[stage("recycling")],  # the profile as it is
          seek_stages=[stage("cell-manufacturing")], seek_topics=[topic("circular-economy")])
    assert not participant(setup, anna).refined
    entry = meeting_reads.participant_list(setup, participant(setup, anna))[0]
    assert entry.participant.user == bert and entry.score == 0  # Bert states nothing
    # Bert refines for this event: he offers cell manufacturing, seeks recycling.
    client.force_login(bert)
    _post(client, setup, offer_stages=[stage("cell-manufacturing")],
          seek_stages=[stage("recycling")])
    client.force_login(anna)
    page = client.get(_url(setup)).content.decode()
    assert "bietet Zellfertigung, die Sie suchen" in page
    assert "sucht Recycling, die Sie anbieten" in page
    # Anna refines too: no longer seeking cell manufacturing, the first reason goes.
    _post(client, setup, offer_stages=[stage("recycling")])
    page = client.get(_url(setup)).content.decode()
    assert "bietet Zellfertigung, die Sie suchen" not in page
    assert "sucht Recycling, die Sie anbieten" in page


def test_bad_input_changes_nothing(client, setup, anna):
    client.force_login(anna)
    response = _post(client, setup, offer_stages=[stage("recycling")])
    assert response.status_code == 302
    response = client.post(_url(setup), {"about": "", "offer_stages": ["999999"]})
    assert response.status_code == 200 and response.context["form"].errors
    me = participant(setup, anna)
    assert list(me.offer_stages.values_list("code", flat=True)) == ["recycling"]


def test_nobody_edits_another_participants_offers_and_needs(client, setup, anna, bert,
                                                            member):
    client.force_login(bert)
    _post(client, setup, seek_stages=[stage("recycling")])
    # Someone without a seat cannot post; a participant's post changes only their own row.
    client.force_login(member)
    assert _post(client, setup, seek_stages=[stage("testing")]).status_code == 403
    client.force_login(anna)
    _post(client, setup, seek_stages=[stage("testing")])
    assert list(participant(setup, bert).seek_stages.values_list("code", flat=True)) == [
        "recycling"]


@pytest.fixture
def booked(setup, anna, bert):
    meetings.opt_in(setup, by=anna)
    meeting = meetings.request_meeting(setup, by=anna, invitee=participant(setup, bert),
                                       message=HELLO)
    return meetings.answer_meeting(meeting, by=bert, accept=True, slot=setup.slots.first())


def test_a_participant_cancels_their_booked_meeting_and_the_other_is_told(client, setup,
                                                                         booked, anna):
    client.force_login(anna)
    page = client.get(booked.get_absolute_url()).content.decode()
    assert "Dieses Gespräch absagen" in page
    OutgoingEmail.objects.all().delete()
    response = client.post(f"/matchmaking/meeting/{booked.pk}/cancel/")
    assert response.status_code == 302
    booked.refresh_from_db()
    assert booked.status == Meeting.Status.CANCELLED
    assert not MeetingSeat.objects.filter(meeting=booked, active=True).exists()
    mail = OutgoingEmail.objects.get()
    assert mail.to == "bert@example.com" and mail.template == "matchmaking_meeting_withdrawn"
    assert mail.language == "en"
    assert "Anna Anode has cancelled your B2B meeting" in mail.body_text
    assert "B2B meeting cancelled" in mail.subject
    # Twice: refused with a message, nothing more sent.
    client.post(f"/matchmaking/meeting/{booked.pk}/cancel/")
    assert OutgoingEmail.objects.count() == 1


def test_nobody_cancels_someone_elses_meeting_by_url(client, setup, booked):
    carla = registrant(setup, "carla@example.com", first_name="Carla", last_name="Kathode")
    client.force_login(carla)
    assert client.post(f"/matchmaking/meeting/{booked.pk}/cancel/").status_code == 403
    with pytest.raises(meetings.MeetingError):
        meetings.cancel_meeting(booked, by=carla)
    booked.refresh_from_db()
    assert booked.status == Meeting.Status.ACCEPTED
    assert not OutgoingEmail.objects.filter(template="matchmaking_meeting_withdrawn").exists()


def test_the_list_needs_the_same_queries_for_few_and_many_refined_participants(client, setup,
                                                                             anna):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    meetings.opt_in(setup, by=anna, interests={"offer_stages": [stage("recycling").pk]})

    def crowd(start, n):
        for i in range(start, start + n):
            person = registrant(setup, f"crowd{i}@example.com", last_name=f"Crowd{i}")
            if i % 2:  # half refine, half keep their (empty) profile
                meetings.opt_in(setup, by=person, interests={
                    "offer_stages": [stage("cell-manufacturing").pk],
                    "seek_stages": [stage("recycling").pk],
                    "seek_topics": [topic("circular-economy").pk]})

    def count():
        cache.clear()
        with CaptureQueriesContext(connection) as context:
            assert client.get(_url(setup)).status_code == 200
        return len(context.captured_queries)

    client.force_login(anna)
    crowd(0, 2)
    few = count()
    crowd(2, 24)
    assert count() == few
    assert client.get(_url(setup)).content.decode().count("sucht Recycling, die Sie anbieten") == 13


def test_trip_meetings_start_from_the_stages_the_application_states(client,
                                                                   economic_development):
    from delegations.models import Application
    from delegations.tests.factories import ApplicationFactory, StopFactory

    stop = StopFactory()
    trip_setup = meetings.save_setup(by=economic_development, stop=stop, slot_minutes=20,
                                     tables=2, needs_acceptance=True, expiry_hours=24,
                                     blocks=[block_times()])
    application = ApplicationFactory(trip=stop.trip, status=Application.Status.ACCEPTED)
    state(application.organisation, offers=["recycling"], seeks=["testing"])
    application.stages_offered.set([stage("second-life")])
    application.stages_sought.set([stage("modules-packs")])
    client.force_login(application.user)
    initial = client.get(_url(trip_setup)).context["form"].initial
    assert initial["offer_stages"] == [stage("second-life").pk]
    assert initial["seek_stages"] == [stage("modules-packs").pk]
    # Taking part with them as they are: they count for the meetings, the profile stays.
    _post(client, trip_setup, offer_stages=[stage("second-life")],
          seek_stages=[stage("modules-packs")])
    me = trip_setup.participants.get(user=application.user)
    assert me.refined and [s.code for s in me.seek_stages.all()] == ["modules-packs"]
    assert selectors.profile_interests(application.organisation)["seek_stages"] == {
        stage("testing").pk}

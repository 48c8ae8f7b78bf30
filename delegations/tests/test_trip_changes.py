"""What an organiser's edit of a running trip sets off: proposals for new seats, programme mails."""

import base64
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from icalendar import Calendar

from delegations import services
from delegations.models import Application, DelegationTrip
from delegations.tests.factories import ApplicationFactory, applicant
from delegations.tests.helpers import emails, stops_data, trip_data, url

ACCEPTED = Application.Status.ACCEPTED
WAITLISTED = Application.Status.WAITLISTED

pytestmark = pytest.mark.django_db


def edit_data(trip, cluster, **changes):
    """The edit form for `trip` with `changes`, keeping the English title."""
    return trip_data(trip, cluster, title_en=trip.title_en, **changes)


def told(response) -> str:
    """The messages the organiser sees after saving."""
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


# More seats -----------------------------------------------------------------------------------

def test_raising_the_seats_proposes_one_waitlisted_applicant_per_new_seat(
        client, trip, cluster, cluster_manager):
    for _ in range(2):
        ApplicationFactory(trip=trip, status=ACCEPTED)
    waiting = [ApplicationFactory(trip=trip, status=WAITLISTED) for _ in range(3)]
    client.force_login(cluster_manager)

    response = client.post(url("edit", trip), edit_data(trip, cluster, seats="4"))
    client.get(response.url)  # shows (and so clears) the messages
    again = client.post(url("edit", trip), edit_data(trip, cluster, seats="4"))  # double submit

    assert response.status_code == again.status_code == 302
    assert "2 Bewerber(innen) von der Warteliste sind" in told(response)
    assert "Warteliste" not in told(again)
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

    response = client.post(url("edit", trip), edit_data(trip, cluster, seats="5"))

    assert response.status_code == 302
    assert not Application.objects.filter(next_in_line_since__isnull=False).exists()
    assert emails("delegations_organiser_prompt") == []


def test_lowering_or_keeping_the_seats_prompts_no_one(client, trip, cluster, cluster_manager):
    ApplicationFactory(trip=trip, status=WAITLISTED)
    client.force_login(cluster_manager)

    client.post(url("edit", trip), edit_data(trip, cluster, seats="2", title_de="Neu"))
    client.post(url("edit", trip), edit_data(trip, cluster, seats="1"))

    assert emails("delegations_organiser_prompt") == []


# Programme changes ----------------------------------------------------------------------------

def calendar_of(email):
    [attachment] = email.attachments
    assert attachment["mimetype"] == "text/calendar"
    return Calendar.from_ical(base64.b64decode(attachment["content"]))


@pytest.fixture
def participants(trip):
    """An accepted German and an accepted English participant."""
    return [ApplicationFactory(trip=trip, status=ACCEPTED, language="de",
                               user=applicant("de@example.com", language="de")),
            ApplicationFactory(trip=trip, status=ACCEPTED, language="en",
                               user=applicant("en@example.com", language="en"))]


def test_moving_the_trip_sends_each_participant_the_new_programme_once(
        client, trip, stop, cluster, cluster_manager, participants):
    trip.meeting_point_de, trip.meeting_point_en = "Dresden Hbf", "Dresden central station"
    trip.save()
    client.force_login(cluster_manager)
    start = trip.start_date + timedelta(days=7)
    data = edit_data(trip, cluster, start_date=start.isoformat(),
                     end_date=(start + timedelta(days=3)).isoformat(),
                     meeting_point_de="Dresden Hbf", meeting_point_en="Dresden central station",
                     **stops_data((stop, {"date": start.isoformat()})))

    first = client.post(url("edit", trip), data)
    client.get(first.url)  # shows (and so clears) the messages
    again = client.post(url("edit", trip), data)  # double submit: nothing changes any more

    assert first.status_code == again.status_code == 302
    assert "2 zugelassene Teilnehmende erhalten das geänderte Programm" in told(first)
    assert "Programm" not in told(again)
    german, english = emails("delegations_programme_changed")
    assert (german.to, german.language) == ("de@example.com", "de")
    assert (english.to, english.language) == ("en@example.com", "en")
    assert trip.title_de in german.subject and "geändert" in german.subject
    assert trip.title_en in english.subject and "changed" in english.subject
    assert "die Reisedaten" in german.body_text and "die Reiseroute" in german.body_text
    assert "Dresden Hbf" in german.body_text and stop.title_de in german.body_text
    assert "the travel dates" in english.body_text and "Dresden central station" in english.body_text
    assert stop.title_en in english.body_text and "{{" not in english.body_text
    assert f"/delegations/{trip.slug}/" in english.body_text
    for email in (german, english):
        [event] = calendar_of(email).walk("VEVENT")
        assert event.decoded("dtstart").date() == start
        assert str(event["status"]) == "CONFIRMED"
    assert english.key.endswith(":programme_changed:1")
    trip.refresh_from_db()
    assert trip.programme_version == 1


def test_two_changes_send_two_emails(client, trip, stop, cluster, cluster_manager, participants):
    client.force_login(cluster_manager)

    client.post(url("edit", trip), edit_data(trip, cluster, transport_de="Reisebus",
                                             **stops_data((stop, {}))))
    client.post(url("edit", trip), edit_data(trip, cluster, transport_de="Reisebus",
                                             **stops_data((stop, {"place": "Namur"}))))

    sent = emails("delegations_programme_changed")
    assert [e.to for e in sent] == ["de@example.com", "en@example.com"] * 2
    assert "Reisebus" in sent[0].body_text and "Namur" in sent[2].body_text
    assert "Treffpunkt oder die Anreise" in sent[0].body_text
    assert "die Reiseroute" not in sent[0].body_text and "die Reiseroute" in sent[2].body_text


def test_adding_and_removing_stops_is_a_change(client, trip, stop, cluster, cluster_manager, participants):
    client.force_login(cluster_manager)
    day = trip.start_date.isoformat()

    client.post(url("edit", trip), edit_data(trip, cluster, **stops_data(
        (stop, {}), **{"stops-TOTAL_FORMS": "2", "stops-1-date": day, "stops-1-kind": "dinner",
                       "stops-1-title_de": "Netzwerkabend", "stops-1-start_time": "19:00"})))
    added = emails("delegations_programme_changed")
    assert len(added) == 2 and "Netzwerkabend" in added[0].body_text
    new_stop = trip.stops.get(title_de="Netzwerkabend")

    client.post(url("edit", trip), edit_data(trip, cluster, **stops_data(
        (stop, {}), (new_stop, {"DELETE": "on"}))))

    removed = emails("delegations_programme_changed")[2:]
    assert len(removed) == 2 and "Netzwerkabend" not in removed[0].body_text
    events = {str(e["summary"]).split(" (")[0]: str(e["status"])
              for e in calendar_of(removed[0]).walk("VEVENT")}
    # The calendar entry imported before is cancelled, not left behind.
    assert events == {stop.title_de: "CONFIRMED", "Netzwerkabend": "CANCELLED"}


def test_an_unchanged_save_sends_nothing(client, trip, stop, cluster, cluster_manager, participants):
    client.force_login(cluster_manager)

    response = client.post(url("edit", trip), edit_data(
        trip, cluster, title_de="Neuer Titel", seats="3", **stops_data((stop, {}))))

    assert response.status_code == 302
    assert emails("delegations_programme_changed") == []
    trip.refresh_from_db()
    assert trip.programme_version == 0 and trip.title_de == "Neuer Titel"


def test_line_breaks_sent_back_by_the_browser_are_no_change(client, trip, stop, cluster,
                                                             cluster_manager, participants):
    stop.description_de = "Rundgang.\nDanach Gespräche."
    stop.save()
    client.force_login(cluster_manager)

    response = client.post(url("edit", trip), edit_data(trip, cluster, **stops_data(
        (stop, {"description_de": "Rundgang.\r\nDanach Gespräche."}))))

    assert response.status_code == 302
    assert emails("delegations_programme_changed") == []
    stop.refresh_from_db()
    assert stop.description_de == "Rundgang.\nDanach Gespräche."


@pytest.mark.parametrize("status", [DelegationTrip.Status.DRAFT, DelegationTrip.Status.COMPLETED])
def test_a_trip_that_is_not_running_sends_nothing(client, trip, stop, cluster, cluster_manager,
                                                  participants, status):
    trip.status = status
    trip.save()
    client.force_login(cluster_manager)

    response = client.post(url("edit", trip), edit_data(
        trip, cluster, meeting_point_de="Leipzig", **stops_data((stop, {"place": "Mons"}))))

    assert response.status_code == 302
    assert emails("delegations_programme_changed") == []


def test_a_cancelled_trip_sends_nothing(client, trip, stop, cluster, cluster_manager, participants):
    services.cancel_trip(trip, by=None)
    client.force_login(cluster_manager)

    client.post(url("edit", trip), edit_data(trip, cluster, status="cancelled",
                                             **stops_data((stop, {"place": "Mons"}))))

    assert emails("delegations_programme_changed") == []


def test_applicants_not_accepted_are_not_told(client, trip, stop, cluster, cluster_manager):
    for status in (Application.Status.SUBMITTED, WAITLISTED, Application.Status.DECLINED,
                   Application.Status.WITHDRAWN):
        ApplicationFactory(trip=trip, status=status)
    client.force_login(cluster_manager)

    response = client.post(url("edit", trip), edit_data(
        trip, cluster, meeting_point_de="Leipzig", **stops_data((stop, {"place": "Mons"}))))

    assert response.status_code == 302
    assert emails("delegations_programme_changed") == []
    trip.refresh_from_db()
    assert trip.programme_version == 1


def test_the_admin_saves_through_the_service(client, trip, stop, cluster, admin_user, cluster_manager,
                                             participants):
    waiting = ApplicationFactory(trip=trip, status=WAITLISTED)
    client.force_login(admin_user)
    data = {**edit_data(trip, cluster, seats="3", partners=[], topics=[], fee="",
                        meeting_point_de="Lüttich, Bahnhof Guillemins"),
            **stops_data((stop, {"trip": trip.pk})),
            "stops-MIN_NUM_FORMS": "0", "stops-MAX_NUM_FORMS": "1000"}
    data["application_deadline_0"], data["application_deadline_1"] = \
        data.pop("application_deadline").split("T")

    response = client.post(reverse("admin:delegations_delegationtrip_change", args=[trip.pk]), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    waiting.refresh_from_db()
    assert waiting.next_in_line_since is not None
    assert len(emails("delegations_organiser_prompt")) == 1
    assert [e.to for e in emails("delegations_programme_changed")] == [
        "de@example.com", "en@example.com"]
    trip.refresh_from_db()
    assert trip.meeting_point_de == "Lüttich, Bahnhof Guillemins" and trip.programme_version == 1


def test_the_admin_treats_resubmitted_line_breaks_as_no_change(stop):
    from delegations.admin import StopAdminForm

    stop.description_de = "Rundgang.\nDanach Gespräche."
    stop.save()
    data = {"trip": stop.trip_id, "date": stop.date, "start_time": stop.start_time,
            "end_time": stop.end_time, "kind": stop.kind, "host": stop.host_id,
            "place": stop.place, "title_de": stop.title_de, "title_en": stop.title_en,
            "description_de": "Rundgang.\r\nDanach Gespräche.", "description_en": ""}

    assert not StopAdminForm(data, instance=stop).has_changed()

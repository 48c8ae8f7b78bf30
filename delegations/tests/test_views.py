"""Public trip pages, the application form, "My portal" and the organiser's view."""

from datetime import time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from delegations import selectors, services
from delegations.models import Application, DelegationTrip
from delegations.tests.factories import (
    ApplicationFactory,
    OrganizationFactory,
    StopFactory,
    TripFactory,
    applicant,
)
from members.models import Organization, ValueChainStage
from network_portal.models import OutgoingEmail
from network_portal.testing import make_user


def url(name, trip, *args):
    return reverse(f"delegations:{name}", args=[trip.slug, *args])


def trip_data(trip, cluster, **changes):
    """The edit form as the browser sends it for `trip`, without stops, with `changes`."""
    return {
        "title_de": trip.title_de, "slug": trip.slug, "direction": trip.direction,
        "status": trip.status, "start_date": trip.start_date.isoformat(),
        "end_date": trip.end_date.isoformat(),
        "application_deadline": timezone.localtime(trip.application_deadline).strftime("%Y-%m-%dT%H:%M"),
        "seats": trip.seats, "organisers": [cluster.pk],
        "stops-TOTAL_FORMS": "0", "stops-INITIAL_FORMS": "0", **changes,
    }


# Public pages ---------------------------------------------------------------------------------

def test_the_list_shows_open_trips_and_the_archive_but_no_drafts(client, trip, cluster):
    past = TripFactory(organisers=[cluster], status=DelegationTrip.Status.COMPLETED,
                       title_de="Wallonie 2024", start_date=timezone.localdate() - timedelta(days=400),
                       end_date=timezone.localdate() - timedelta(days=397))
    StopFactory(trip=past, title_de="Besuch bei JEMA SA")
    TripFactory(organisers=[cluster], status=DelegationTrip.Status.DRAFT, title_de="Geheimer Entwurf")

    response = client.get(reverse("delegations:list"))

    content = response.content.decode()
    assert trip.title_de in content
    assert "Wallonie 2024" in content and "Besuch bei JEMA SA" in content
    assert "Geheimer Entwurf" not in content


def test_the_list_needs_a_fixed_number_of_queries(client, cluster, django_assert_num_queries):
    def make(n):
        for _ in range(n):
            trip = TripFactory(organisers=[cluster], status=DelegationTrip.Status.COMPLETED,
                               start_date=timezone.localdate() - timedelta(days=30),
                               end_date=timezone.localdate() - timedelta(days=28))
            StopFactory(trip=trip)
            TripFactory(organisers=[cluster])

    make(3)
    # upcoming: trips, organisers, topics; archive: trips, organisers, topics, stops (+ hosts joined)
    with django_assert_num_queries(7):
        client.get(reverse("delegations:list"))
    make(20)
    with django_assert_num_queries(7):
        client.get(reverse("delegations:list"))


def test_the_detail_page_shows_the_programme_by_day_with_linked_hosts(client, trip, host):
    StopFactory(trip=trip, host=host, title_de="Besuch bei Mitis SA")
    StopFactory(trip=trip, date=trip.start_date + timedelta(days=1), start_time=time(19),
                kind="dinner", title_de="Networking-Dinner")

    response = client.get(url("detail", trip))

    content = response.content.decode()
    assert "Tag 1" in content and "Tag 2" in content
    assert "Besuch bei Mitis SA" in content and "Networking-Dinner" in content
    assert f'href="{host.get_absolute_url()}"' in content
    assert url("apply", trip) in content


@pytest.mark.parametrize("name", ["detail", "calendar"])
def test_the_detail_page_and_calendar_need_a_fixed_number_of_queries(client, trip, name,
                                                                     django_assert_num_queries):
    for n in (3, 60):
        while trip.stops.count() < n:
            StopFactory(trip=trip, host=OrganizationFactory())
        # trip (+ regions), organisers, partners, topics, stops (+ hosts)
        with django_assert_num_queries(5):
            client.get(url(name, trip))


def test_drafts_are_hidden_from_the_public_but_not_from_their_organisers(client, trip, cluster_manager):
    trip.status = DelegationTrip.Status.DRAFT
    trip.save()

    assert client.get(url("detail", trip)).status_code == 404
    client.force_login(cluster_manager)
    assert client.get(url("detail", trip)).status_code == 200


def test_the_calendar_has_one_event_per_stop(client, trip):
    StopFactory(trip=trip, title_de="Firmenbesuch")
    StopFactory(trip=trip, title_de="Rückreise per Reisebus", start_time=None, end_time=None,
                date=trip.end_date)

    response = client.get(url("calendar", trip))

    assert response["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(e["summary"]).split(" (")[0] for e in events] == ["Firmenbesuch", "Rückreise per Reisebus"]
    assert events[0]["dtstart"].dt.tzinfo is not None


def test_the_calendar_links_the_trip_and_marks_a_cancellation(client, trip, settings):
    settings.PORTAL_BASE_URL = "https://portal.example.org"
    StopFactory(trip=trip)
    DelegationTrip.objects.filter(pk=trip.pk).update(updated_at=timezone.now() - timedelta(hours=1))
    [before] = Calendar.from_ical(client.get(url("calendar", trip)).content).walk("VEVENT")
    services.cancel_trip(trip)

    [after] = Calendar.from_ical(client.get(url("calendar", trip)).content).walk("VEVENT")

    assert str(before["url"]) == f"https://portal.example.org/delegations/{trip.slug}/"
    assert (before["status"], after["status"]) == ("CONFIRMED", "CANCELLED")
    assert after["sequence"] > before["sequence"]


def test_the_home_page_shows_open_trips(client, trip):
    TripFactory(status=DelegationTrip.Status.CLOSED, title_de="Geschlossene Reise")

    content = client.get("/").content.decode()

    assert trip.title_de in content
    assert "Geschlossene Reise" not in content


def test_trips_for_organisation(trip, host, cluster):
    StopFactory(trip=trip, host=host)
    joined = TripFactory(public_overview=True)
    member_firm = OrganizationFactory()
    ApplicationFactory(trip=joined, organisation=member_firm, status=Application.Status.ACCEPTED,
                       public_consent=True)
    ApplicationFactory(trip=TripFactory(), organisation=member_firm, status=Application.Status.DECLINED)
    TripFactory(organisers=[cluster], status=DelegationTrip.Status.DRAFT)

    assert selectors.trips_for_organisation(host) == [trip]
    assert selectors.trips_for_organisation(cluster) == [trip]
    assert selectors.trips_for_organisation(member_firm) == [joined]


# Applying -------------------------------------------------------------------------------------

def test_applying_needs_a_login(client, trip):
    response = client.get(url("apply", trip))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_member_applies_and_sees_it_in_my_portal(client, trip, person):
    client.force_login(person)
    firm = OrganizationFactory(name="Zellwerk Zwickau")
    stage = ValueChainStage.objects.get(code="cell-manufacturing")

    response = client.post(url("apply", trip), {
        "organisation": firm.pk, "stages_sought": [stage.pk], "interests": "Zellchemie",
        "public_consent": "on", "travel_needs": "vegetarisch",
    })

    assert response.status_code == 302
    application = Application.objects.get(user=person)
    assert application.organisation == firm and application.public_consent
    assert application.language == "de"
    portal = client.get(reverse("my_portal")).content.decode()
    assert trip.title_de in portal and "Eingereicht" in portal
    assert url("withdraw", trip) in portal


def test_the_form_lists_only_published_organisations(client, trip, person):
    OrganizationFactory(name="Entwurf GmbH", status=Organization.Status.DRAFT)
    client.force_login(person)

    content = client.get(url("apply", trip)).content.decode()

    assert "Entwurf GmbH" not in content


def test_an_application_needs_an_organisation(client, trip, person):
    client.force_login(person)

    response = client.post(url("apply", trip), {"interests": "x"})

    assert response.status_code == 200
    assert not Application.objects.exists()


def test_an_organisation_chosen_and_typed_is_refused_not_guessed(client, trip, person):
    client.force_login(person)

    response = client.post(url("apply", trip), {"organisation": OrganizationFactory().pk,
                                                "organisation_name": "Meine Firma GmbH"})

    assert response.status_code == 200 and "nicht beides" in response.content.decode()
    assert not Application.objects.exists()


def test_a_second_application_is_redirected_to_my_portal(client, trip, person):
    services.apply(trip, person, organisation_name="ACME")
    client.force_login(person)

    response = client.post(url("apply", trip), {"organisation_name": "ACME"})

    assert response.status_code == 302
    assert Application.objects.count() == 1


def test_after_the_deadline_the_form_says_closed(client, trip, person):
    trip.application_deadline = timezone.now() - timedelta(hours=1)
    trip.save()
    client.force_login(person)

    page = client.get(url("apply", trip)).content.decode()
    client.post(url("apply", trip), {"organisation_name": "ACME"})

    assert "Die Bewerbung für diese Reise ist geschlossen." in page
    assert not Application.objects.exists()


def test_a_member_withdraws_from_my_portal(client, trip, person):
    application = services.apply(trip, person, organisation_name="ACME")
    client.force_login(person)

    client.post(url("withdraw", trip))

    application.refresh_from_db()
    assert application.status == Application.Status.WITHDRAWN


def test_withdrawing_once_the_trip_has_begun_is_refused_with_a_message(client, trip, person):
    application = services.apply(trip, person, organisation_name="ACME")
    trip.start_date = timezone.localdate()
    trip.save()
    client.force_login(person)

    portal = client.get(reverse("my_portal")).content.decode()
    response = client.post(url("withdraw", trip), follow=True)

    assert url("withdraw", trip) not in portal
    assert "Die Reise hat begonnen" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED


def test_withdrawing_needs_a_login_and_a_post(client, trip, person):
    services.apply(trip, person, organisation_name="ACME")

    assert client.post(url("withdraw", trip)).status_code == 302
    client.force_login(person)
    assert client.get(url("withdraw", trip)).status_code == 405
    assert Application.objects.get().status == Application.Status.SUBMITTED


def test_one_cannot_withdraw_someone_elses_application(client, trip, person):
    application = services.apply(trip, person, organisation_name="ACME")
    client.force_login(applicant("other@example.com"))

    assert client.post(url("withdraw", trip)).status_code == 404
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED


# The organiser's view -------------------------------------------------------------------------

@pytest.fixture
def other_manager(db):
    other = Organization.objects.create(name="Anderer Cluster", slug="anderer-cluster",
                                        kind=Organization.Kind.CLUSTER)
    return make_user("other-manager@example.com", role="cluster-manager", cluster=other)


@pytest.mark.parametrize(("who", "status"), [
    ("member", 403), ("other_manager", 403), ("cluster_manager", 200),
    ("economic_development", 200), ("admin_user", 200),
])
def test_who_sees_the_applications(client, trip, request, who, status):
    client.force_login(request.getfixturevalue(who))

    assert client.get(url("applications", trip)).status_code == status


def test_anonymous_visitors_are_sent_to_the_login(client, trip):
    assert client.get(url("applications", trip)).status_code == 302


def test_the_organiser_accepts_with_a_message(client, trip, cluster_manager):
    application = ApplicationFactory(trip=trip, interests="Leistungselektronik")
    client.force_login(cluster_manager)

    page = client.get(url("applications", trip)).content.decode()
    client.post(url("decide", trip, application.pk), {"decision": "accepted", "message": "Bis bald"})

    assert "Leistungselektronik" in page and application.organisation.name in page
    application.refresh_from_db()
    assert application.status == Application.Status.ACCEPTED
    assert application.decision_message == "Bis bald"
    assert OutgoingEmail.objects.filter(template="delegations_accepted").count() == 1
    page = client.get(url("applications", trip)).content.decode()
    assert "1 von 2 Plätzen vergeben, 1 frei." in page


def test_the_organiser_cannot_overbook(client, trip, cluster_manager):
    applications = [ApplicationFactory(trip=trip) for _ in range(3)]
    client.force_login(cluster_manager)

    for application in applications:
        response = client.post(url("decide", trip, application.pk), {"decision": "accepted"},
                               follow=True)

    assert "Alle Plätze sind vergeben" in response.content.decode()
    assert services.accepted_count(trip) == 2


def test_deciding_needs_the_right_role(client, trip, other_manager):
    application = ApplicationFactory(trip=trip)
    client.force_login(other_manager)

    assert client.post(url("decide", trip, application.pk), {"decision": "accepted"}).status_code == 403
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED


def test_the_next_in_line_is_highlighted(client, trip, cluster_manager):
    accepted = ApplicationFactory(trip=trip)
    services.decide_application(accepted, decision=Application.Status.ACCEPTED)
    waiting = ApplicationFactory(trip=trip)
    services.decide_application(waiting, decision=Application.Status.WAITLISTED)
    services.withdraw(accepted)
    client.force_login(cluster_manager)

    page = client.get(url("applications", trip)).content.decode()

    assert "next-in-line" in page and "Als Nächste(r) zuzulassen" in page


def test_the_applications_page_needs_a_fixed_number_of_queries(client, trip, cluster_manager,
                                                               django_assert_num_queries):
    def make(n):
        for _ in range(n):
            application = ApplicationFactory(trip=trip)
            application.stages_sought.set(ValueChainStage.objects.all()[:2])
            application.organisation.stages.set(ValueChainStage.objects.all()[:3])

    client.force_login(cluster_manager)
    make(5)
    client.get(url("applications", trip))
    # session, user, groups, managed clusters, trip, organisers, partners, topics, stops,
    # applications (+ user, organisation, region, decided_by), organisation stages, stages sought,
    # stages offered, status counts
    with django_assert_num_queries(14):
        client.get(url("applications", trip))
    make(40)
    with django_assert_num_queries(14):
        client.get(url("applications", trip))


def new_trip_data(organiser, **changes):
    """The form for a new trip (10 to 12 May 2027) as the browser sends it, with `changes`."""
    return {
        "title_de": "Reise nach Lyon", "slug": "reise-nach-lyon", "direction": "outbound",
        "status": "draft", "start_date": "2027-05-10", "end_date": "2027-05-12",
        "application_deadline": "2027-04-01T12:00", "seats": "12", "organisers": [organiser.pk],
        "stops-TOTAL_FORMS": "0", "stops-INITIAL_FORMS": "0", **changes,
    }


def test_a_cluster_manager_creates_a_trip_with_stops(client, cluster, cluster_manager):
    client.force_login(cluster_manager)
    data = new_trip_data(cluster, **{
        "title_en": "Trip to Lyon", "status": "open",
        "stops-TOTAL_FORMS": "2", "stops-MIN_NUM_FORMS": "0", "stops-MAX_NUM_FORMS": "1000",
        "stops-0-date": "2027-05-10", "stops-0-start_time": "10:00", "stops-0-kind": "site_visit",
        "stops-0-title_de": "Besuch bei CARA", "stops-1-kind": "site_visit",  # as a browser sends it
    })

    response = client.post(reverse("delegations:create"), data)

    assert response.status_code == 302, (response.context["form"].errors, response.context["formset"].errors)
    trip = DelegationTrip.objects.get(slug="reise-nach-lyon")
    assert [s.title_de for s in trip.stops.all()] == ["Besuch bei CARA"]
    assert client.get(url("edit", trip)).status_code == 200


def test_a_cluster_manager_must_organise_the_trip_they_create(client, cluster_manager):
    other = OrganizationFactory(kind=Organization.Kind.CLUSTER)
    client.force_login(cluster_manager)

    response = client.post(reverse("delegations:create"), new_trip_data(other))

    assert response.status_code == 200 and "organisers" in response.context["form"].errors
    assert not DelegationTrip.objects.exists()


@pytest.mark.parametrize(("who", "status"), [("member", 403), ("other_manager", 403),
                                              ("cluster_manager", 200)])
def test_who_edits_a_trip(client, trip, request, who, status):
    client.force_login(request.getfixturevalue(who))

    assert client.get(url("edit", trip)).status_code == status


def test_members_cannot_create_trips(client, member):
    client.force_login(member)

    assert client.get(reverse("delegations:create")).status_code == 403


def test_stops_outside_the_trip_days_are_refused(client, cluster, cluster_manager):
    client.force_login(cluster_manager)

    response = client.post(reverse("delegations:create"), new_trip_data(cluster, **{
        "stops-TOTAL_FORMS": "1", "stops-0-date": "2027-06-01", "stops-0-kind": "site_visit",
        "stops-0-title_de": "Zu spät"}))

    assert response.status_code == 200
    assert "außerhalb der Reisetage" in response.content.decode()
    assert not DelegationTrip.objects.exists()


def test_seats_cannot_drop_below_the_accepted_participants(client, trip, cluster, cluster_manager):
    for _ in range(2):
        services.decide_application(ApplicationFactory(trip=trip), decision=Application.Status.ACCEPTED)
    client.force_login(cluster_manager)

    refused = client.post(url("edit", trip), trip_data(trip, cluster, seats="1", title_de="Neu"))
    allowed = client.post(url("edit", trip), trip_data(trip, cluster, seats="2", title_de="Neu"))

    assert refused.status_code == 200
    assert "2 Bewerber(innen) sind bereits zugelassen" in str(refused.context["form"].errors["seats"])
    assert allowed.status_code == 302
    trip.refresh_from_db()
    assert trip.seats == 2 and trip.title_de == "Neu"


def test_moving_the_trip_makes_the_reminder_due_again(client, trip, cluster, cluster_manager):
    trip.start_date = timezone.localdate() + timedelta(days=3)
    trip.end_date = trip.start_date + timedelta(days=1)
    trip.application_deadline = timezone.now() - timedelta(days=1)
    trip.save()
    ApplicationFactory(trip=trip, status=Application.Status.ACCEPTED)
    assert services.send_due_reminders() == 1
    client.force_login(cluster_manager)
    new_start = trip.start_date + timedelta(days=2)

    client.post(url("edit", trip), trip_data(trip, cluster, title_de="Unverändert"))
    assert services.send_due_reminders() == 0
    client.post(url("edit", trip), trip_data(trip, cluster, start_date=new_start.isoformat(),
                                             end_date=(new_start + timedelta(days=1)).isoformat()))

    assert services.send_due_reminders() == 1
    reminders = OutgoingEmail.objects.filter(template="delegations_reminder")
    assert reminders.count() == 2


@pytest.mark.parametrize(("changes", "field"), [
    ({"slug": "new"}, "slug"),
    ({"end_date": "2020-01-01"}, "end_date"),
    ({"application_deadline": "2099-01-01T12:00"}, "application_deadline"),
])
def test_the_trip_form_refuses_impossible_values(client, trip, cluster, cluster_manager, changes, field):
    client.force_login(cluster_manager)

    response = client.post(url("edit", trip), trip_data(trip, cluster, title_de="Geändert", **changes))

    assert response.status_code == 200 and field in response.context["form"].errors
    trip.refresh_from_db()
    assert trip.title_de != "Geändert"


def test_trip_and_stop_errors_show_together(client, trip, cluster, cluster_manager):
    client.force_login(cluster_manager)

    response = client.post(url("edit", trip), trip_data(
        trip, cluster, seats="", **{"stops-TOTAL_FORMS": "1", "stops-0-kind": "site_visit",
                                    "stops-0-date": "2027-01-01"}))

    assert "seats" in response.context["form"].errors
    assert "title_de" in response.context["formset"].errors[0]


def test_an_open_trip_past_its_deadline_shows_as_closed(client, trip):
    trip.application_deadline = timezone.now() - timedelta(hours=1)
    trip.save()

    content = client.get(url("detail", trip)).content.decode()

    assert "Bewerbung geschlossen" in content
    assert url("apply", trip) not in content


def test_pages_are_in_english_on_request(client, trip):
    StopFactory(trip=trip, title_de="Besuch", title_en="Visit")
    client.cookies["django_language"] = "en"

    content = client.get(url("detail", trip)).content.decode()

    assert trip.title_en in content and "Day 1" in content and ">Visit<" in content


def test_the_admin_lists_trips_and_applications(client, trip, admin_user):
    StopFactory(trip=trip)
    ApplicationFactory(trip=trip)
    client.force_login(admin_user)

    for name in ("delegationtrip", "application"):
        assert client.get(reverse(f"admin:delegations_{name}_changelist")).status_code == 200
    assert client.get(reverse("admin:delegations_delegationtrip_change", args=[trip.pk])).status_code == 200


def test_the_admin_cannot_cancel_quietly_or_overbook(trip, cluster):
    from delegations.admin import TripAdminForm

    services.decide_application(ApplicationFactory(trip=trip), decision=Application.Status.ACCEPTED)
    data = {**trip_data(trip, cluster), "organisers": [cluster.pk], "partners": [], "topics": []}

    cancelled = TripAdminForm({**data, "status": "cancelled"}, instance=trip)
    overbooked = TripAdminForm({**data, "seats": "0"}, instance=trip)
    fine = TripAdminForm({**data, "seats": "1"}, instance=trip)

    assert "status" in cancelled.errors
    assert "seats" in overbooked.errors
    assert fine.is_valid(), fine.errors


def test_my_portal_lists_the_trips_a_manager_organises(client, trip, cluster_manager, member):
    ApplicationFactory(trip=trip)
    TripFactory(title_de="Fremde Reise")
    client.force_login(cluster_manager)

    content = client.get(reverse("my_portal")).content.decode()

    assert trip.title_de in content and "1 zu entscheiden, 0 von 2 Plätzen vergeben" in content
    assert "Fremde Reise" not in content
    client.force_login(member)
    assert "Delegationsreisen, die Sie organisieren" not in client.get(reverse("my_portal")).content.decode()


def test_my_portal_sections_need_a_fixed_number_of_queries(trip, cluster_manager, person,
                                                           django_assert_num_queries):
    for _ in range(3):
        services.apply(TripFactory(organisers=[trip.organisers.first()]), person,
                       organisation_name="ACME")
    for _ in range(20):
        ApplicationFactory(trip=trip)
    # applications (+ trip, organisation), groups; for managers also managed clusters and the
    # managed trips (annotated with their counts)
    with django_assert_num_queries(2):
        selectors.my_portal_sections(person)
    with django_assert_num_queries(4):
        selectors.my_portal_sections(cluster_manager)


def test_an_organiser_edits_a_stop_and_deletes_another(client, trip, cluster, cluster_manager):
    keep = StopFactory(trip=trip, title_de="Alt")
    drop = StopFactory(trip=trip, title_de="Weg")
    client.force_login(cluster_manager)
    page = client.get(url("edit", trip)).content.decode()
    assert 'name="stops-0-id"' in page and 'name="stops-1-DELETE"' in page

    def stop(i, s, **extra):
        data = {"id": s.pk, "date": s.date.isoformat(), "start_time": "09:30", "kind": s.kind,
                "title_de": s.title_de, **extra}
        return {f"stops-{i}-{k}": v for k, v in data.items()}

    response = client.post(url("edit", trip), trip_data(
        trip, cluster, **{"stops-TOTAL_FORMS": "2", "stops-INITIAL_FORMS": "2"},
        **stop(0, keep, title_de="Neu"), **stop(1, drop, DELETE="on")))

    assert response.status_code == 302
    assert [s.title_de for s in trip.stops.all()] == ["Neu"]


def test_managers_see_only_their_own_drafts_in_the_list(client, cluster, cluster_manager, other_manager,
                                                        economic_development):
    TripFactory(organisers=[cluster], status=DelegationTrip.Status.DRAFT, title_de="Unser Entwurf")

    client.force_login(cluster_manager)
    assert "Unser Entwurf" in client.get(reverse("delegations:list")).content.decode()
    client.force_login(other_manager)
    assert "Unser Entwurf" not in client.get(reverse("delegations:list")).content.decode()
    client.force_login(economic_development)
    assert "Unser Entwurf" in client.get(reverse("delegations:list")).content.decode()


# Cancelling -----------------------------------------------------------------------------------

def test_anonymous_visitors_cannot_cancel(client, trip):
    response = client.post(url("cancel", trip))

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    trip.refresh_from_db()
    assert trip.status == DelegationTrip.Status.OPEN


@pytest.mark.parametrize("who", ["member", "other_manager"])
def test_only_the_trips_managers_cancel_it(client, trip, request, who):
    ApplicationFactory(trip=trip, status=Application.Status.ACCEPTED)
    client.force_login(request.getfixturevalue(who))

    assert client.post(url("cancel", trip)).status_code == 403
    trip.refresh_from_db()
    assert trip.status == DelegationTrip.Status.OPEN
    assert not OutgoingEmail.objects.filter(template="delegations_trip_cancelled").exists()


def test_cancelling_needs_a_post(client, trip, cluster_manager):
    client.force_login(cluster_manager)

    assert client.get(url("cancel", trip)).status_code == 405


def test_the_organiser_cancels_and_a_second_click_mails_no_one_again(client, trip, cluster_manager):
    ApplicationFactory(trip=trip, status=Application.Status.ACCEPTED)
    ApplicationFactory(trip=trip, status=Application.Status.DECLINED)
    client.force_login(cluster_manager)
    assert "Reise absagen" in client.get(url("applications", trip)).content.decode()

    first = client.post(url("cancel", trip), {"message": "Leider zu wenige Anmeldungen."}, follow=True)
    second = client.post(url("cancel", trip), follow=True)

    assert "1 Bewerber(in) wird per E-Mail informiert" in first.content.decode()
    assert "Diese Reise wurde abgesagt." in first.content.decode()
    assert "bereits abgesagt" in second.content.decode()
    [email] = OutgoingEmail.objects.filter(template="delegations_trip_cancelled")
    assert "Leider zu wenige Anmeldungen." in email.body_text
    page = client.get(url("applications", trip)).content.decode()
    assert "Reise absagen" not in page and 'name="decision"' not in page


def test_the_edit_form_cannot_cancel_without_telling_anyone(client, trip, cluster, cluster_manager):
    ApplicationFactory(trip=trip, status=Application.Status.ACCEPTED)
    client.force_login(cluster_manager)

    response = client.post(url("edit", trip), trip_data(trip, cluster, status="cancelled"))

    assert response.status_code == 200 and "status" in response.context["form"].errors
    trip.refresh_from_db()
    assert trip.status == DelegationTrip.Status.OPEN


def test_a_cancelled_trip_stays_cancelled_when_edited(client, trip, cluster, cluster_manager):
    services.cancel_trip(trip)
    client.force_login(cluster_manager)

    response = client.post(url("edit", trip), trip_data(trip, cluster, title_de="Neuer Titel",
                                                        status="open"))

    assert response.status_code == 302
    trip.refresh_from_db()
    assert trip.title_de == "Neuer Titel" and trip.status == DelegationTrip.Status.CANCELLED


def test_my_portal_shows_a_cancelled_trip_without_a_withdraw_button(client, trip, person):
    services.apply(trip, person, organisation_name="ACME")
    services.cancel_trip(trip)
    client.force_login(person)

    portal = client.get(reverse("my_portal")).content.decode()

    assert "Reise abgesagt" in portal and url("withdraw", trip) not in portal


# Refused requests -----------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["detail", "calendar", "apply", "participants", "brochure", "host",
                                  "applications", "edit"])
@pytest.mark.parametrize("who", [None, "member", "other_manager"])
def test_a_draft_is_not_found_by_those_who_do_not_manage_it(client, trip, stop, request, name, who):
    trip.status = DelegationTrip.Status.DRAFT
    trip.public_overview = True
    trip.save()
    if who:
        client.force_login(request.getfixturevalue(who))

    response = client.get(url(name, trip))

    if who is None and name in ("apply", "host", "applications", "edit"):
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == 404


def test_an_application_of_another_trip_cannot_be_decided_through_this_one(client, trip, cluster,
                                                                           cluster_manager):
    foreign = ApplicationFactory(trip=TripFactory(organisers=[cluster]))
    client.force_login(cluster_manager)

    assert client.post(url("decide", trip, foreign.pk), {"decision": "accepted"}).status_code == 404
    assert client.post(url("decide", trip, 999999), {"decision": "accepted"}).status_code == 404
    foreign.refresh_from_db()
    assert foreign.status == Application.Status.SUBMITTED


def test_deciding_needs_a_login_and_a_post(client, trip, cluster_manager):
    application = ApplicationFactory(trip=trip)

    assert client.post(url("decide", trip, application.pk), {"decision": "accepted"}).status_code == 302
    client.force_login(cluster_manager)
    assert client.get(url("decide", trip, application.pk)).status_code == 405
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED


@pytest.mark.parametrize("data", [{"decision": "withdrawn"}, {"decision": ""}, {}])
def test_a_tampered_decision_is_refused_with_a_message(client, trip, cluster_manager, data):
    application = ApplicationFactory(trip=trip)
    client.force_login(cluster_manager)

    response = client.post(url("decide", trip, application.pk), data, follow=True)

    assert response.status_code == 200 and "Wählen Sie eine Entscheidung" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED


def test_deciding_a_withdrawn_application_shows_a_message(client, trip, cluster_manager, person):
    application = services.apply(trip, person, organisation_name="ACME")
    services.withdraw(application)
    client.force_login(cluster_manager)

    response = client.post(url("decide", trip, application.pk), {"decision": "accepted"}, follow=True)

    assert "Diese Bewerbung wurde zurückgezogen." in response.content.decode()
    application.refresh_from_db()
    assert application.status == Application.Status.WITHDRAWN
    assert not OutgoingEmail.objects.filter(template="delegations_accepted").exists()


def test_a_double_accept_sends_one_email(client, trip, cluster_manager):
    application = ApplicationFactory(trip=trip)
    client.force_login(cluster_manager)

    for _ in range(2):
        client.post(url("decide", trip, application.pk), {"decision": "accepted", "message": "Hallo"})

    assert OutgoingEmail.objects.filter(template="delegations_accepted").count() == 1
    assert services.accepted_count(trip) == 1


@pytest.mark.parametrize("field", ["organisation", "stages_sought"])
def test_tampered_choices_in_the_application_are_refused(client, trip, person, field):
    draft = OrganizationFactory(status=Organization.Status.DRAFT)
    client.force_login(person)
    data = {"organisation_name": "ACME", field: [draft.pk if field == "organisation" else 999999]}

    response = client.post(url("apply", trip), data)

    assert response.status_code == 200 and field in response.context["form"].errors
    assert not Application.objects.exists()

"""The participant overview, its brochure, the exports and the hosts' view."""

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from delegations import services
from delegations.models import Application, DelegationTrip
from delegations.tests.factories import ApplicationFactory, OrganizationFactory, StopFactory
from members.models import Representative, ValueChainStage
from network_portal.testing import make_user

ACCEPTED = Application.Status.ACCEPTED


def url(name, trip):
    return reverse(f"delegations:{name}", args=[trip.slug])


@pytest.fixture
def public_trip(trip):
    trip.public_overview = True
    trip.save()
    return trip


def test_only_accepted_consenting_organisations_are_listed(client, public_trip):
    listed = ApplicationFactory(trip=public_trip, status=ACCEPTED, public_consent=True,
                                organisation=OrganizationFactory(name="Zustimmend GmbH"),
                                interests="Recyclingpartner gesucht")
    listed.stages_offered.set([ValueChainStage.objects.get(code="recycling")])
    ApplicationFactory(trip=public_trip, status=ACCEPTED, public_consent=False,
                       organisation=OrganizationFactory(name="Verschwiegen AG"))
    ApplicationFactory(trip=public_trip, status=Application.Status.WAITLISTED,
                       organisation=OrganizationFactory(name="Wartend KG"))
    ApplicationFactory(trip=public_trip, status=Application.Status.SUBMITTED,
                       organisation=OrganizationFactory(name="Offen eG"))

    content = client.get(url("participants", public_trip)).content.decode()

    assert "Zustimmend GmbH" in content and "Recyclingpartner gesucht" in content
    assert "Recycling" in content
    for hidden in ("Verschwiegen AG", "Wartend KG", "Offen eG"):
        assert hidden not in content
    brochure = client.get(url("brochure", public_trip)).content.decode()
    assert "Zustimmend GmbH" in brochure and "Verschwiegen AG" not in brochure
    assert "data-print" in brochure


def test_a_profile_lists_a_trip_it_joins_only_as_the_overview_would(client, public_trip,
                                                                    cluster_manager):
    # A member applies for their firm without ticking the consent box and is accepted: the
    # firm's public profile must not tell the world it travels along.
    firm = OrganizationFactory(name="Diskret Batterie GmbH")
    application = services.apply(public_trip, make_user("diskret@example.com"),
                                 organisation=firm, interests="Zellchemie")
    services.decide_application(application, decision=ACCEPTED, by=cluster_manager)
    profile = firm.get_absolute_url()

    assert public_trip.title not in client.get(profile).content.decode()

    # Consent given, but the organisers keep the overview to themselves: still not public.
    Application.objects.filter(pk=application.pk).update(public_consent=True)
    DelegationTrip.objects.filter(pk=public_trip.pk).update(public_overview=False)
    assert public_trip.title not in client.get(profile).content.decode()

    # Consent and a public overview: the profile says what the overview says.
    DelegationTrip.objects.filter(pk=public_trip.pk).update(public_overview=True)
    assert public_trip.title in client.get(profile).content.decode()


def test_two_people_of_one_organisation_make_one_card(client, public_trip):
    firm = OrganizationFactory(name="Zweimal GmbH")
    for name in ("Erika", "Ernst"):
        ApplicationFactory(trip=public_trip, status=ACCEPTED, organisation=firm,
                           user=make_user(f"{name.lower()}@example.com", first_name=name,
                                          last_name="Zwei"), interests=f"Interesse von {name}")
    ApplicationFactory(trip=public_trip, status=ACCEPTED, organisation=None,
                       organisation_name="Freitext AG")

    for name in ("participants", "brochure"):
        content = client.get(url(name, public_trip)).content.decode()

        assert content.count('class="card h-100 participant"') == 2
        assert content.count("Zweimal GmbH") == 1
        assert "Erika Zwei" in content and "Ernst Zwei" in content
        assert "Interesse von Erika" in content and "Interesse von Ernst" in content
        assert "2 teilnehmende Organisationen" in content


@pytest.mark.parametrize(("who", "public", "status"), [
    (None, False, 403), ("member", False, 403), ("other_manager", False, 403),
    ("cluster_manager", False, 200), ("economic_development", False, 200),
    (None, True, 200), ("member", True, 200),
])
def test_who_sees_the_overview(client, trip, request, who, public, status):
    trip.public_overview = public
    trip.save()
    if who:
        client.force_login(request.getfixturevalue(who))

    assert client.get(url("participants", trip)).status_code == status
    assert client.get(url("brochure", trip)).status_code == status


def test_a_drafts_overview_stays_hidden_even_if_public(client, public_trip):
    public_trip.status = DelegationTrip.Status.DRAFT
    public_trip.save()

    assert client.get(url("participants", public_trip)).status_code == 404


@pytest.mark.parametrize(("who", "status"), [
    (None, 403), ("member", 403), ("other_manager", 403),
    ("cluster_manager", 200), ("economic_development", 200), ("admin_user", 200),
])
def test_who_exports_the_full_list(client, public_trip, request, who, status):
    if who:
        client.force_login(request.getfixturevalue(who))

    assert client.get(url("participants", public_trip) + "?format=csv").status_code == status


def test_an_unknown_format_is_refused_with_the_known_ones(client, trip, cluster_manager):
    client.force_login(cluster_manager)

    response = client.get(url("participants", trip) + "?format=pdf")

    assert response.status_code == 400
    assert "pdf" in response.content.decode() and "csv-comma" in response.content.decode()


def test_an_unknown_format_tells_outsiders_nothing(client, public_trip, member):
    client.force_login(member)

    assert client.get(url("participants", public_trip) + "?format=pdf").status_code == 403


def read_csv(response, delimiter=";"):
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def test_the_export_holds_every_application_and_neutralises_formulas(client, trip, cluster_manager):
    person = make_user("formel@example.com", first_name="=HYPERLINK(\"x\")", last_name="Test")
    ApplicationFactory(trip=trip, user=person, status=ACCEPTED, public_consent=False,
                       organisation=None, organisation_name="+49 375 123",
                       interests="@SUM(A1)", travel_needs="-vegan")
    ApplicationFactory(trip=trip, status=Application.Status.DECLINED,
                       organisation=OrganizationFactory(name="Abgelehnt GmbH"))
    client.force_login(cluster_manager)

    rows = read_csv(client.get(url("participants", trip) + "?format=csv"))

    assert rows[0][:3] == ["Status", "Name", "E-Mail"]
    assert len(rows) == 3
    accepted = next(r for r in rows if r[2] == "formel@example.com")
    assert accepted[0] == "Zugesagt"
    assert accepted[1] == "'=HYPERLINK(\"x\") Test"
    assert accepted[4] == "'+49 375 123"
    assert accepted[9] == "'@SUM(A1)" and accepted[10] == "'-vegan"
    assert accepted[11] == "nein"
    assert any("Abgelehnt GmbH" in r for r in rows)


def test_the_comma_and_excel_exports(client, trip, economic_development):
    application = ApplicationFactory(
        trip=trip, status=ACCEPTED, organisation=OrganizationFactory(name="Komma, AG"),
        travel_needs="-vegan", decided_at=datetime(2027, 1, 15, 13, 5, tzinfo=UTC))
    Application.objects.filter(pk=application.pk).update(
        created_at=datetime(2027, 6, 1, 6, 45, tzinfo=UTC))
    client.force_login(economic_development)

    rows = read_csv(client.get(url("participants", trip) + "?format=csv-comma"), delimiter=",")
    response = client.get(url("participants", trip) + "?format=xlsx")

    assert rows[1][4] == "Komma, AG"
    assert rows[1][10] == "'-vegan" and rows[1][12] == "2027-06-01 08:45"
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    cells = next(sheet.iter_rows(min_row=2, max_row=2))
    assert cells[4].value == "Komma, AG"
    assert (cells[10].value, cells[10].data_type) == ("-vegan", "s")
    # Applied and decided: date cells in Berlin time (summer and winter), not text.
    assert cells[12].is_date and cells[12].value == datetime(2027, 6, 1, 8, 45)
    assert cells[13].is_date and cells[13].value == datetime(2027, 1, 15, 14, 5)


def _many(trip, n):
    stages = list(ValueChainStage.objects.all()[:3])
    for _ in range(n):
        application = ApplicationFactory(trip=trip, status=ACCEPTED, public_consent=True)
        application.stages_sought.set(stages[:2])
        application.stages_offered.set(stages[2:])
        application.organisation.stages.set(stages)


def test_the_overview_needs_a_fixed_number_of_queries(client, public_trip, django_assert_num_queries):
    _many(public_trip, 10)
    # trip (+ regions), organisers, partners, topics, stops (+ hosts), applications (+ user,
    # organisation, region), organisation stages, stages sought, stages offered
    with django_assert_num_queries(9):
        client.get(url("participants", public_trip))
    _many(public_trip, 190)
    with django_assert_num_queries(9):
        client.get(url("participants", public_trip))


@pytest.mark.parametrize("as_manager", [False, True])
def test_the_brochure_needs_the_same_queries_for_few_and_many_applications(
        client, public_trip, cluster_manager, host, django_assert_num_queries, as_manager):
    for day in range(2):
        StopFactory(trip=public_trip, host=host,
                    date=public_trip.start_date + timedelta(days=day))
    if as_manager:
        client.force_login(cluster_manager)
    # trip (+ regions), organisers, partners, topics, stops (+ hosts), applications (+ user,
    # organisation, region), organisation stages, stages sought, stages offered; a manager also:
    # session, user (with their groups, portal.auth), managed clusters
    expected = 12 if as_manager else 9

    def brochure():
        with django_assert_num_queries(expected):
            response = client.get(url("brochure", public_trip))
        assert response.status_code == 200
        return response.content.decode()

    _many(public_trip, 3)
    ApplicationFactory(trip=public_trip, status=ACCEPTED, public_consent=False)
    ApplicationFactory(trip=public_trip, status=Application.Status.WAITLISTED, public_consent=True)
    few = brochure()
    _many(public_trip, 150)
    many = brochure()
    assert len(many) > len(few) * 5
    assert len(client.get(url("brochure", public_trip)).context["organisations"]) == 153


def test_the_export_needs_a_fixed_number_of_queries(client, trip, cluster_manager,
                                                    django_assert_num_queries):
    client.force_login(cluster_manager)
    _many(trip, 10)
    read_csv(client.get(url("participants", trip) + "?format=csv"))  # caches the content types
    # session, user (with their groups, portal.auth), managed clusters, trip (+ regions),
    # organisers, partners, topics, stops, the audit entry (count of rows, insert),
    # applications (+ user, organisation, region), stages sought, stages offered
    with django_assert_num_queries(13):
        read_csv(client.get(url("participants", trip) + "?format=csv"))
    _many(trip, 190)
    with django_assert_num_queries(13):
        rows = read_csv(client.get(url("participants", trip) + "?format=csv"))
    assert len(rows) == 201


# Hosts ----------------------------------------------------------------------------------------

@pytest.fixture
def host_representative(stop, host):
    user = make_user("host@example.com")
    Representative.objects.create(user=user, organization=host, status=Representative.Status.CONFIRMED)
    return user


def test_a_host_sees_who_comes_and_their_interests(client, trip, host_representative):
    ApplicationFactory(trip=trip, status=ACCEPTED, public_consent=False, interests="Wechselrichter",
                       organisation=OrganizationFactory(name="Kommt GmbH"))
    ApplicationFactory(trip=trip, status=Application.Status.WAITLISTED,
                       organisation=OrganizationFactory(name="Wartet GmbH"))
    client.force_login(host_representative)

    response = client.get(url("host", trip))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Kommt GmbH" in content and "Wechselrichter" in content
    assert "Wartet GmbH" not in content
    assert url("host", trip) in client.get(url("detail", trip)).content.decode()


def test_an_unconfirmed_representative_is_no_host(client, trip, stop, host):
    user = make_user("asked@example.com")
    Representative.objects.create(user=user, organization=host)
    client.force_login(user)

    assert client.get(url("host", trip)).status_code == 403


def test_a_host_of_another_trip_sees_nothing(client, trip, host_representative, cluster):
    from delegations.tests.factories import TripFactory

    other = TripFactory(organisers=[cluster])
    client.force_login(host_representative)

    assert client.get(url("host", other)).status_code == 403


def test_the_host_page_needs_a_login(client, trip, stop):
    assert client.get(url("host", trip)).status_code == 302


def test_stops_of_hosts_render_in_the_host_page(client, trip, host_representative, host):
    StopFactory(trip=trip, host=host, title_de="Zweiter Besuch")
    client.force_login(host_representative)

    assert "Zweiter Besuch" in client.get(url("host", trip)).content.decode()


def test_the_host_page_needs_a_fixed_number_of_queries(client, trip, host_representative,
                                                       django_assert_num_queries):
    client.force_login(host_representative)
    _many(trip, 10)
    # session, user (with their representations, portal.auth), trip (+ regions), organisers,
    # partners, topics, stops, applications (+ user, organisation, region), organisation
    # stages, stages sought, offered
    with django_assert_num_queries(11):
        client.get(url("host", trip))
    _many(trip, 100)
    with django_assert_num_queries(11):
        client.get(url("host", trip))

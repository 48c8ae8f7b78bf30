"""A signed-in member's page shared with the members of their kind (network_portal.pagecache,
`for_members`): stored once rendered, served to the next such member with their own CSRF
token; never to a person whose page shows something of their own (a registration, an export
button, an organiser's tools), and never stored when it showed a message."""

import pytest
import redis
from allauth.account.models import EmailAddress
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client
from django.urls import reverse

from delegations.tests.factories import ApplicationFactory, StopFactory, TripFactory
from events import services as event_services
from events.services import Attendee
from events.tests.factories import EventFactory, RegistrationFactory
from members.models import Organization, Representative
from members.tests.factories import MembershipFactory, OrganizationFactory, RepresentativeFactory
from network_portal import pagecache
from network_portal.testing import make_user

pytestmark = pytest.mark.usefixtures("page_cache")


@pytest.fixture(autouse=True)
def _fresh_versions(db):
    # Ids repeat between test runs (a new test database): start from versions no entry has.
    pagecache._bump_now(["directory", "events", "seats", "trips", "matchmaking",
                         "event:branchendialog"])


def hit(response) -> bool:
    return response.headers.get("X-Page-Cache") == "hit"


def token(response) -> str:
    return response.content.decode().split('name="csrfmiddlewaretoken" value="')[1][:64]


def signed_in(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


@pytest.fixture
def event(db):
    organiser = OrganizationFactory(name="Cluster Energiespeicher", slug="energiespeicher")
    return EventFactory(title_de="Branchendialog Batterie", slug="branchendialog", capacity=250,
                        organisers=[organiser])


@pytest.fixture
def company(db):
    return OrganizationFactory(name="Zellwerk GmbH", slug="zellwerk",
                               status=Organization.Status.PUBLISHED)


@pytest.fixture
def trip(db):
    return TripFactory(slug="liege", organisers=[OrganizationFactory(name="Reiseveranstalter")])


@pytest.fixture
def other(db):
    return make_user("zweite@example.com")


@pytest.mark.parametrize("path", ["/", "/members/", "/value-chain/", "/events/", "/delegations/",
                                  "/events/branchendialog/", "/members/zellwerk/",
                                  "/delegations/liege/"])
def test_the_next_member_gets_the_page_with_their_own_working_token(
        path, event, company, trip, member, other):
    first = signed_in(member).get(path)
    assert first.status_code == 200 and not hit(first)
    client = signed_in(other)

    response = client.get(path)

    assert hit(response)
    page = response.content.decode()
    assert pagecache.csrf_placeholder() not in page
    assert token(response) != token(first)
    # The token in the page is the second member's: their log-out form is accepted with it.
    assert _unmask_cipher_token(token(response)) == client.cookies["csrftoken"].value
    assert client.post("/accounts/logout/",
                       {"csrfmiddlewaretoken": token(response)}).status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_stored_page_holds_no_token_of_the_person_who_rendered_it(event, member):
    response = signed_in(member).get("/events/")
    key = next(iter(pagecache.client().scan_iter(pagecache.MEMBER_PREFIX + "*")))

    stored = pagecache.client().hget(key, "b")

    assert token(response).encode() not in stored
    assert pagecache.csrf_placeholder().encode() in stored


@pytest.mark.parametrize("path, queries", [
    # The user is read with their roles and representations in one statement (portal.auth).
    ("/", 1),  # the user
    ("/members/", 1),  # the user ("may export" from the roles read with them)
    ("/events/", 1),  # the user ("may create events")
    # the user, the event's organisers and the person's registration
    ("/events/branchendialog/", 2),
    # the user, the published profile's id
    ("/members/zellwerk/", 2),
    # the user, the stops' hosts and whether the person applied
    ("/delegations/liege/", 2),
])
def test_a_shared_members_page_costs_only_the_persons_queries(
        path, queries, event, company, trip, member, other, django_assert_num_queries):
    for n in range(30):
        OrganizationFactory(name=f"Mitglied {n:02}")
        RegistrationFactory(event=event, organisation_name=f"Gastfirma {n:02}")
        MembershipFactory(organization=company, cluster=OrganizationFactory(
            name=f"Netz {n:02}", kind=Organization.Kind.CLUSTER))
        StopFactory(trip=trip, host=OrganizationFactory(name=f"Gastgeber {n:02}"))
    signed_in(member).get(path)
    client = signed_in(other)

    with django_assert_num_queries(queries):
        response = client.get(path)

    assert hit(response)


def test_an_exporter_gets_the_exporters_page_and_a_member_never_does(
        member, economic_development):
    OrganizationFactory(name="Zellwerk GmbH")
    staff = signed_in(economic_development).get("/members/")
    plain = signed_in(member).get("/members/")
    staff_again = signed_in(economic_development).get("/members/")

    assert "format=csv" in staff.content.decode() and "format=csv" in staff_again.content.decode()
    assert "format=csv" not in plain.content.decode()
    assert not hit(plain)  # the members' page is a page of its own
    assert hit(staff_again)


def test_registered_members_share_the_registered_page_and_it_names_none_of_them(
        event, member, other):
    mine = RegistrationFactory(event=event, email=member.email, user=member,
                               name="Mia Mitglied", organisation_name="Zellwerk GmbH")
    theirs = RegistrationFactory(event=event, email=other.email, user=other,
                                 name="Zoe Zweite", organisation_name="Anodenbau AG")
    first = signed_in(member).get("/events/branchendialog/")

    response = signed_in(other).get("/events/branchendialog/")

    assert not hit(first) and hit(response)
    page = response.content.decode()
    assert "Sie sind angemeldet." in page and "Kollegin oder Kollegen anmelden" in page
    link = reverse("events:own_registration", args=["branchendialog"])
    assert f'href="{link}"' in page
    for private in (mine.token, theirs.token, "Mia Mitglied", "Zellwerk GmbH", member.email,
                    "Zoe Zweite", other.email):
        assert private not in page
    # and one who is not registered never gets it
    plain = signed_in(make_user("dritte@example.com")).get("/events/branchendialog/")
    assert not hit(plain) and "Sie sind angemeldet." not in plain.content.decode()


def test_the_link_on_the_shared_page_leads_each_to_their_own_registration(event, member, other):
    mine = RegistrationFactory(event=event, email=member.email, user=member)
    theirs = RegistrationFactory(event=event, email=other.email, user=other)
    link = reverse("events:own_registration", args=["branchendialog"])

    assert signed_in(member).get(link).url == mine.get_absolute_url()
    assert signed_in(other).get(link).url == theirs.get_absolute_url()
    # one without a registration is sent to the event page, a visitor to the log-in
    assert signed_in(make_user("dritte@example.com")).get(link).url == event.get_absolute_url()
    assert Client().get(link).url.startswith(reverse("account_login"))


def test_the_link_finds_no_registration_under_an_unverified_address(event, member):
    # Found only through verified addresses: who types someone's address reaches nothing.
    EmailAddress.objects.create(user=member, email="fremd@zellwerk.example", verified=False)
    RegistrationFactory(event=event, email="fremd@zellwerk.example", user=None)

    response = signed_in(member).get(reverse("events:own_registration", args=["branchendialog"]))

    assert response.url == event.get_absolute_url()


def test_waitlisted_and_confirmed_members_get_different_pages(event, member, other):
    RegistrationFactory(event=event, email=member.email, user=member)
    RegistrationFactory(event=event, email=other.email, user=other, status="waitlisted")
    signed_in(member).get("/events/branchendialog/")

    assert not hit(signed_in(other).get("/events/branchendialog/"))
    waiting = make_user("dritte@example.com")
    RegistrationFactory(event=event, email=waiting.email, user=waiting, status="waitlisted")
    assert hit(signed_in(waiting).get("/events/branchendialog/"))


def test_at_a_hybrid_event_only_the_online_participants_page_shows_the_link(member, other):
    EventFactory(slug="hybrid", capacity=50, online_capacity=100,
                 online_url="https://meet.example/zelle")
    event = EventFactory._meta.model.objects.get(slug="hybrid")
    RegistrationFactory(event=event, email=member.email, user=member, attendance="online")
    RegistrationFactory(event=event, email=other.email, user=other, attendance="on_site")

    online = signed_in(member).get("/events/hybrid/")
    on_site = signed_in(other).get("/events/hybrid/")

    assert not hit(on_site)
    assert 'href="https://meet.example/zelle"' in online.content.decode()
    assert 'href="https://meet.example/zelle"' not in on_site.content.decode()


def test_a_registration_under_a_verified_address_shows_as_ones_own(event, member, other):
    EmailAddress.objects.create(user=member, email="anna@zellwerk.example", verified=True)
    RegistrationFactory(event=event, email="Anna@Zellwerk.example", user=None)
    signed_in(other).get("/events/branchendialog/")

    response = signed_in(member).get("/events/branchendialog/")

    assert not hit(response) and "Sie sind angemeldet." in response.content.decode()


def test_a_registration_under_an_unverified_address_shows_nothing(event, member, other):
    # Found only through verified addresses: who types someone's address sees nothing of it.
    EmailAddress.objects.create(user=member, email="fremd@zellwerk.example", verified=False)
    RegistrationFactory(event=event, email="fremd@zellwerk.example", user=None)
    signed_in(other).get("/events/branchendialog/")

    response = signed_in(member).get("/events/branchendialog/")

    assert hit(response) and "Sie sind angemeldet." not in response.content.decode()


def test_a_cancelled_registration_leaves_the_shared_page(event, member, other):
    RegistrationFactory(event=event, email=member.email, user=member, status="cancelled")
    signed_in(other).get("/events/branchendialog/")

    assert hit(signed_in(member).get("/events/branchendialog/"))


def test_an_organisers_representative_and_the_staff_get_their_tools(
        event, member, economic_development):
    RepresentativeFactory(organization=event.organisers.get(), user=member)
    signed_in(make_user("dritte@example.com")).get("/events/branchendialog/")
    participants = "/events/branchendialog/participants/"

    representative = signed_in(member).get("/events/branchendialog/")
    staff = signed_in(economic_development).get("/events/branchendialog/")

    assert not hit(representative) and participants in representative.content.decode()
    assert not hit(staff) and participants in staff.content.decode()
    assert participants not in signed_in(make_user("vierte@example.com")).get(
        "/events/branchendialog/").content.decode()


def test_ones_own_registration_shows_on_the_next_request(
        event, member, other, django_capture_on_commit_callbacks):
    client = signed_in(member)
    client.get("/events/branchendialog/")
    signed_in(other).get("/events/branchendialog/")

    with django_capture_on_commit_callbacks(execute=True):
        event_services.register(event, Attendee(name="Mia Mitglied", email=member.email),
                                user=member)

    page = client.get("/events/branchendialog/").content.decode()
    assert "Sie sind angemeldet." in page and "249 Plätze frei" in page
    # and the others' shared page counts the seat too, without the registration
    theirs = signed_in(other).get("/events/branchendialog/").content.decode()
    assert "249 Plätze frei" in theirs and "Sie sind angemeldet." not in theirs


def test_a_page_that_showed_a_message_is_not_stored(member, other):
    first = signed_in(member).get("/members/?stage=unbekannt")
    second = signed_in(other).get("/members/?stage=unbekannt")

    assert "unbekannten Wert" in first.content.decode()
    assert not hit(second) and "unbekannten Wert" in second.content.decode()


def test_a_member_with_a_message_waiting_gets_a_fresh_page(member, other):
    signed_in(other).get("/events/")
    client = signed_in(member)
    session = client.session
    session["_messages"] = '[["__json_message",0,25,"Gespeichert."]]'
    session.save()

    response = client.get("/events/")

    assert not hit(response)


def test_an_anonymous_visitor_never_gets_a_members_page(event, member):
    signed_in(member).get("/events/branchendialog/")

    page = Client().get("/events/branchendialog/").content.decode()

    assert "/accounts/logout/" not in page and "csrfmiddlewaretoken" not in page


def test_a_members_page_renders_when_redis_fails(event, member, other, monkeypatch):
    signed_in(member).get("/events/")

    def down(*args, **kwargs):
        raise redis.ConnectionError("Redis is down")

    monkeypatch.setattr(pagecache, "lookup", down)
    client = signed_in(other)
    response = client.get("/events/")

    assert response.status_code == 200 and not hit(response)
    assert _unmask_cipher_token(token(response)) == client.cookies["csrftoken"].value
    assert pagecache.csrf_placeholder() not in response.content.decode()


def test_a_representative_and_a_curator_get_their_own_profile(
        company, member, other, cluster, cluster_manager):
    edit = reverse("members:edit", args=["zellwerk"])
    MembershipFactory(organization=company, cluster=cluster)
    RepresentativeFactory(organization=company, user=member)
    plain = signed_in(other).get("/members/zellwerk/")

    representative = signed_in(member).get("/members/zellwerk/")
    curator = signed_in(cluster_manager).get("/members/zellwerk/")

    assert f'href="{edit}"' not in plain.content.decode()
    assert not hit(representative) and f'href="{edit}"' in representative.content.decode()
    assert not hit(curator) and f'href="{edit}"' in curator.content.decode()
    assert f'href="{edit}"' not in signed_in(make_user("dritte@example.com")).get(
        "/members/zellwerk/").content.decode()


def test_a_member_who_asked_to_represent_sees_their_request_waiting(company, member, other):
    represent = reverse("members:represent", args=["zellwerk"])
    signed_in(other).get("/members/zellwerk/")
    RepresentativeFactory(organization=company, user=member,
                          status=Representative.Status.REQUESTED)

    response = signed_in(member).get("/members/zellwerk/")

    assert not hit(response) and f'href="{represent}"' not in response.content.decode()
    assert f'href="{represent}"' in signed_in(other).get("/members/zellwerk/").content.decode()


def test_an_unpublished_profile_is_never_shared(member, other):
    draft = OrganizationFactory(name="Entwurf GmbH", slug="entwurf",
                                status=Organization.Status.DRAFT)
    RepresentativeFactory(organization=draft, user=member)
    assert signed_in(member).get("/members/entwurf/").status_code == 200

    assert signed_in(other).get("/members/entwurf/").status_code == 404


def test_an_applicant_and_a_host_get_their_own_trip_page(trip, member, other):
    host = OrganizationFactory(name="Gastgeber GmbH")
    StopFactory(trip=trip, host=host)
    representative = make_user("gastgeber@example.com")
    RepresentativeFactory(organization=host, user=representative)
    ApplicationFactory(trip=trip, user=member)
    prepare = reverse("delegations:host", args=["liege"])
    signed_in(other).get("/delegations/liege/")

    applicant = signed_in(member).get("/delegations/liege/")
    hosting = signed_in(representative).get("/delegations/liege/")

    assert not hit(applicant) and reverse("my_portal") in applicant.content.decode()
    assert "Ihre Bewerbung" in applicant.content.decode()
    assert not hit(hosting) and f'href="{prepare}"' in hosting.content.decode()
    theirs = signed_in(other).get("/delegations/liege/").content.decode()
    assert "Ihre Bewerbung" not in theirs and f'href="{prepare}"' not in theirs


def test_a_registration_made_while_the_page_renders_never_reaches_the_others(
        event, member, other, monkeypatch):
    # A colleague registers the member between the check (no registration: the shared page)
    # and the view's own read: the page shows the registration, so it is not stored.
    from events import selectors

    read = selectors.own_registration

    def registered_meanwhile(user, event_):
        RegistrationFactory(event=event_, email=member.email, user=member)
        return read(user, event_)

    monkeypatch.setattr(selectors, "own_registration", registered_meanwhile)
    mine = signed_in(member).get("/events/branchendialog/").content.decode()
    monkeypatch.setattr(selectors, "own_registration", read)

    theirs = signed_in(other).get("/events/branchendialog/")

    assert "Sie sind angemeldet." in mine
    assert not hit(theirs) and "Sie sind angemeldet." not in theirs.content.decode()


def test_a_profile_shows_new_matching_partners_on_the_next_request(company, member, other):
    signed_in(other).get("/members/zellwerk/")
    assert hit(signed_in(member).get("/members/zellwerk/"))

    pagecache._bump_now(["matchmaking"])  # what a change to the chain table bumps

    assert not hit(signed_in(member).get("/members/zellwerk/"))

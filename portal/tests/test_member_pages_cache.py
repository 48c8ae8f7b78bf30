"""A member's company, cluster, event and trip pages: the parts that are the same for everyone
come from shared fragments, looked up together in one Redis call once the page has rendered
(network_portal.pagecache.FragmentBatch); the per-person parts are rendered each time."""

import pytest
import redis
from django.template import RequestContext, Template
from django.test import RequestFactory
from django.urls import reverse

from delegations.tests.factories import StopFactory, TripFactory
from events.services import Attendee
from events.tests.factories import AgendaItemFactory, EventFactory, RegistrationFactory
from matchmaking.models import Interest
from members import services as member_services
from members.models import Organization
from members.tests.factories import (
    ClusterFactory,
    ContactPersonFactory,
    MembershipFactory,
    OrganizationFactory,
    RepresentativeFactory,
    stage,
    topic,
)
from network_portal import pagecache
from network_portal.testing import make_user

pytestmark = pytest.mark.usefixtures("page_cache")


@pytest.fixture(autouse=True)
def _fresh_versions(db):
    # Ids repeat between test runs (a new test database): start from versions no entry has.
    pagecache._bump_now(["directory", "events", "seats", "trips", "matchmaking"])


def _company(extra: int) -> Organization:
    company = OrganizationFactory(name="Zellwerk GmbH", slug="zellwerk",
                                  stages=["cell-manufacturing"], topics=["hydrogen"])
    for n in range(1 + extra):
        MembershipFactory(organization=company, cluster=ClusterFactory(name=f"Netz {n:02}"))
        ContactPersonFactory(organization=company, name=f"Erika Kontakt {n:02}")
        EventFactory(title_de=f"Werkstatt {n:02}", organisers=[company])
        TripFactory(title_de=f"Reise {n:02}", organisers=[company])
    offer = Interest.objects.create(organization=company, direction=Interest.Direction.OFFER,
                                    text="Zellen aus Zwickau")
    offer.stages.set([stage("cell-manufacturing")])
    offer.topics.set([topic("hydrogen")])
    return company


@pytest.mark.parametrize("extra", [0, 15])
def test_a_members_company_profile_costs_the_same_queries_with_few_or_many_rows(
        client, member, extra, django_assert_num_queries):
    _company(extra)
    client.force_login(member)
    first = client.get("/members/zellwerk/").content.decode()

    # A member who does not represent it shares the page of such members
    # (test_member_shared_pages.py): the user with their roles and representations
    # (portal.auth), the published profile's id; the page from Redis.
    with django_assert_num_queries(2):
        again = client.get("/members/zellwerk/").content.decode()
    assert again == first.replace(_token(first), _token(again))
    for text in ("Netz 00", "Erika Kontakt 00", "Werkstatt 00", f"Reise {extra:02}",
                 "Zellen aus Zwickau",
                 "Ich vertrete diese Organisation"):
        assert text in again
    assert "<!--pc:" not in again


def _token(page: str) -> str:
    return page.split('name="csrfmiddlewaretoken" value="')[1][:64]


@pytest.mark.parametrize("extra", [0, 40])
def test_a_members_big_cluster_profile_costs_the_same_queries_with_few_or_many_members(
        client, member, extra, django_assert_num_queries):
    cluster = ClusterFactory(name="Batterienetz Sachsen", slug="batterienetz")
    for n in range(2 + extra):
        MembershipFactory(cluster=cluster, organization=OrganizationFactory(name=f"Mitglied {n:02}"))
    client.force_login(member)
    client.get("/members/batterienetz/?page=1")

    with django_assert_num_queries(2):  # the user (with roles), the published profile's id
        page = client.get("/members/batterienetz/?page=1").content.decode()
    assert "Mitglied 00" in page


@pytest.mark.parametrize("extra", [0, 12])
def test_a_members_event_page_costs_the_same_queries_with_few_or_many_rows(
        client, member, extra, django_assert_num_queries):
    organisers = [OrganizationFactory(name=f"Veranstalter {n:02}") for n in range(1 + extra)]
    event = EventFactory(slug="branchendialog", capacity=250, organisers=organisers,
                         public_participants=True)
    for n in range(2 + extra):
        AgendaItemFactory(event=event, title_de=f"Insel {n:02}", capacity=20)
        RegistrationFactory(event=event, public_consent=True,
                            organisation_name=f"Gastfirma {n:02}")
    client.force_login(member)
    client.get("/events/branchendialog/")

    # A member without a registration or rights shares the page of such members
    # (test_member_shared_pages.py): the user with their roles and representations, the
    # event's organisers with the person's registration (one query); the page from Redis.
    with django_assert_num_queries(2):
        page = client.get("/events/branchendialog/").content.decode()
    for text in ("Veranstalter 00", "Insel 00", "Gastfirma 00", "Zur Veranstaltung anmelden"):
        assert text in page


@pytest.mark.parametrize("extra", [0, 12])
def test_a_members_trip_page_costs_the_same_queries_with_few_or_many_stops(
        client, member, extra, django_assert_num_queries):
    trip = TripFactory(slug="liege", organisers=[OrganizationFactory(name="Reiseveranstalter")])
    for n in range(2 + extra):
        StopFactory(trip=trip, title_de=f"Werksbesuch {n:02}",
                    host=OrganizationFactory(name=f"Gastgeber {n:02}"))
    client.force_login(member)
    client.get("/delegations/liege/")

    # A member who has not applied and hosts no stop shares the page of such members: the
    # user with their roles and representations, the stops' hosts with "applied" (one query).
    with django_assert_num_queries(2):
        page = client.get("/delegations/liege/").content.decode()
    for text in ("Reiseveranstalter", "Werksbesuch 00", "Gastgeber 00", "Jetzt bewerben"):
        assert text in page


def test_a_profile_edit_shows_on_a_members_profile_at_once(
        client, member, admin_user, django_capture_on_commit_callbacks):
    company = _company(0)
    client.force_login(member)
    assert "Zwickau" in client.get("/members/zellwerk/").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        member_services.edit_profile(company, by=admin_user, values={"city": "Chemnitz"})

    assert "Chemnitz" in client.get("/members/zellwerk/").content.decode()


def test_a_seat_taken_shows_on_a_members_event_page_at_once(
        client, member, django_capture_on_commit_callbacks):
    from events import services as event_services

    event = EventFactory(slug="branchendialog", capacity=250)
    client.force_login(member)
    assert "250 Plätze frei" in client.get("/events/branchendialog/").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        event_services.register(event, Attendee(name="Anna Beispiel",
                                                email="anna@zellwerk.example"))

    assert "249 Plätze frei" in client.get("/events/branchendialog/").content.decode()


def test_the_per_person_parts_stay_per_person_on_a_shared_profile(client, member):
    company = _company(0)
    representative = make_user("vertreterin@zellwerk.example")
    RepresentativeFactory(organization=company, user=representative)
    client.force_login(member)
    theirs = client.get("/members/zellwerk/").content.decode()  # fills the fragments
    client.force_login(representative)

    mine = client.get("/members/zellwerk/").content.decode()

    edit, offers, ask = (reverse("members:edit", args=["zellwerk"]),
                         reverse("matchmaking:edit", args=["zellwerk"]),
                         reverse("matchmaking:contact", args=["zellwerk"]))
    assert f'href="{edit}"' in mine and f'href="{offers}"' in mine
    assert f'href="{edit}"' not in theirs and f'href="{offers}"' not in theirs
    assert f'href="{ask}"' in theirs
    assert f'href="{ask}"' not in mine  # one does not ask for one's own organisation


def test_a_members_page_looks_up_its_fragments_in_one_redis_call(client, member, monkeypatch):
    company = _company(0)
    # A representative's page is rendered for them (not shared), its fragments from Redis.
    RepresentativeFactory(organization=company, user=member)
    client.force_login(member)
    client.get("/members/zellwerk/")
    calls = {"one": 0, "many": 0}
    one, many = pagecache._script, pagecache._script_many

    def count(name, script):
        def call(*args, **kwargs):
            calls[name] += 1
            return script(*args, **kwargs)
        return call

    monkeypatch.setattr(pagecache, "_script", count("one", one))
    monkeypatch.setattr(pagecache, "_script_many", count("many", many))
    monkeypatch.setattr(pagecache, "client", lambda: pagecache._client[1])

    page = client.get("/members/zellwerk/").content.decode()

    # header (two parts), footer, the profile's three parts, offers/needs and partners
    assert calls == {"one": 0, "many": 1}
    assert "Zellwerk GmbH" in page and "Zellen aus Zwickau" in page


def test_a_members_page_is_complete_when_redis_fails(client, member, monkeypatch):
    _company(0)
    client.force_login(member)
    client.get("/members/zellwerk/")

    def down(*args, **kwargs):
        raise redis.ConnectionError("Redis is down")

    monkeypatch.setattr(pagecache, "_script_many", down)
    monkeypatch.setattr(pagecache, "client", lambda: pagecache._client[1])
    response = client.get("/members/zellwerk/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "<!--pc:" not in page
    for text in ("Zellwerk GmbH", "Erika Kontakt 00", "Zellen aus Zwickau", "Ausloggen"):
        assert text in page


def test_a_fragment_rendered_later_sees_the_context_at_its_tag(db):
    request = RequestFactory().get("/")
    request._page_fragments = batch = pagecache.FragmentBatch()
    template = Template('{% load pagecache_tags %}{% for word in words %}{% with shown=word %}'
                        '{% cachefragment "test:word" vary=word %}<b>{{ shown }}</b>'
                        '{% endcachefragment %}{% endwith %}{% endfor %}')

    html = template.render(RequestContext(request, {"words": ["Anode", "Kathode"]}))

    assert "<b>" not in html and len(batch.entries) == 2
    assert batch.resolve(html.encode()).decode() == "<b>Anode</b><b>Kathode</b>"
    # the next request gets both from the cache, the same
    again = pagecache.FragmentBatch()
    request._page_fragments = again
    html = template.render(RequestContext(request, {"words": ["Anode", "Kathode"]}))
    assert again.resolve(html.encode()).decode() == "<b>Anode</b><b>Kathode</b>"


def test_a_registered_members_webinar_page_shows_the_link_without_more_queries(
        client, member, django_assert_num_queries):
    event = EventFactory(slug="webinar", kind="webinar", online_url="https://meet.example/zelle")
    RegistrationFactory(event=event, email=member.email, user=member)
    client.force_login(member)
    client.get("/events/webinar/")

    # The registered share the page of those registered alike (test_member_shared_pages.py):
    # the user with their roles and representations, the organisers with the registration.
    with django_assert_num_queries(2):
        page = client.get("/events/webinar/").content.decode()
    assert 'href="https://meet.example/zelle"' in page

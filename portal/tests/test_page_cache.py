"""Public pages from the shared cache: the same page for every anonymous visitor of a language,
fresh on the next request after a change made through the services (network_portal/pagecache)."""

import pytest
from django.conf import settings
from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext

from events import services as event_services
from events.services import Attendee
from events.tests.factories import EventFactory
from members import services as member_services
from members.models import Organization
from members.tests.factories import OrganizationFactory
from network_portal import pagecache

pytestmark = pytest.mark.usefixtures("page_cache")


def hit(response) -> bool:
    return response.headers.get("X-Page-Cache") == "hit"


@pytest.fixture
def event(db):
    return EventFactory(title_de="Branchendialog Batterie", slug="branchendialog", capacity=250)


def test_it_serves_the_same_page_again_from_the_cache(client, event):
    first = client.get("/events/branchendialog/")
    again = client.get("/events/branchendialog/")

    assert first.status_code == 200 and not hit(first)
    assert hit(again)
    assert again.content == first.content
    assert again.headers["Content-Type"] == first.headers["Content-Type"]
    assert again.headers["Content-Security-Policy"] == first.headers["Content-Security-Policy"]


def test_a_hit_asks_the_database_nothing(client, event, django_assert_num_queries):
    client.get("/events/")

    with django_assert_num_queries(0):
        assert hit(client.get("/events/"))


def test_a_hit_sets_no_cookie(client, event):
    client.get("/")

    response = client.get("/")

    assert hit(response)
    assert not response.cookies
    assert "Set-Cookie" not in response.headers


def test_each_language_has_its_own_page(client, event):
    client.get("/events/")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    english = client.get("/events/")

    assert not hit(english)
    assert '<html lang="en">' in english.content.decode()
    assert hit(client.get("/events/"))


def test_the_query_string_is_part_of_the_key(client, db):
    OrganizationFactory(name="Zellwerk GmbH", status=Organization.Status.PUBLISHED)
    client.get("/members/?q=Zellwerk")

    assert not hit(client.get("/members/?q=Anoden"))
    assert hit(client.get("/members/?q=Zellwerk"))


def test_a_logged_in_member_never_gets_the_anonymous_page(client, event, member):
    client.get("/events/branchendialog/")
    client.force_login(member)

    response = client.get("/events/branchendialog/")

    assert not hit(response)
    assert "Log out" in response.content.decode() or "Ausloggen" in response.content.decode()


def test_a_logged_in_members_page_is_never_stored(client, event, member):
    client.force_login(member)
    client.get("/events/branchendialog/")
    client.logout()
    client.cookies.clear()

    response = client.get("/events/branchendialog/")

    assert not hit(response)
    assert "Ausloggen" not in response.content.decode()


def test_visitors_with_a_message_waiting_get_a_fresh_page(client, event):
    client.get("/events/")
    client.cookies["messages"] = "waiting"

    assert not hit(client.get("/events/"))


def test_visitors_with_a_session_get_a_fresh_page(client, event):
    client.get("/events/")
    client.cookies[settings.SESSION_COOKIE_NAME] = "some-session"

    assert not hit(client.get("/events/"))


def test_pages_that_did_not_opt_in_are_not_stored(client, db):
    client.get("/accounts/login/")

    assert not hit(client.get("/accounts/login/"))


def test_a_missing_page_is_not_stored(client, db):
    client.get("/events/nicht-da/")

    assert client.get("/events/nicht-da/").status_code == 404


def test_responses_with_cookies_nonces_or_other_variants_are_not_stored():
    with_cookie = HttpResponse("x")
    with_cookie.set_cookie("csrftoken", "secret")
    with_nonce = HttpResponse("x", headers={"Content-Security-Policy": "script-src 'nonce-abc'"})
    varying = HttpResponse("x", headers={"Vary": "Cookie, Accept-Encoding"})
    private = HttpResponse("x", headers={"Cache-Control": "private"})

    assert pagecache.storable(HttpResponse("x", headers={"Vary": "Cookie"}))
    assert not any(pagecache.storable(r) for r in (with_cookie, with_nonce, varying, private))


def test_a_stored_page_expires_within_the_ttl(client, event):
    client.get("/events/")

    keys = list(pagecache.client().scan_iter(pagecache.PAGE_PREFIX + "*"))
    assert keys
    assert all(0 < pagecache.client().ttl(key) <= settings.PORTAL_PAGE_CACHE_TTL for key in keys)


# Exact invalidation ----------------------------------------------------------------------------

def test_a_profile_edit_shows_on_the_next_anonymous_request(client, db, admin_user,
                                                            django_capture_on_commit_callbacks):
    zellwerk = OrganizationFactory(name="Zellwerk GmbH", slug="zellwerk", city="Zwickau",
                                   status=Organization.Status.PUBLISHED)
    assert "Zwickau" in client.get("/members/zellwerk/").content.decode()
    assert hit(client.get("/members/zellwerk/"))
    client.get("/members/")

    with django_capture_on_commit_callbacks(execute=True):
        member_services.edit_profile(zellwerk, by=admin_user, values={"city": "Chemnitz"})

    profile = client.get("/members/zellwerk/")
    assert not hit(profile)
    assert "Chemnitz" in profile.content.decode()
    assert "Chemnitz" in client.get("/members/").content.decode()


def test_an_event_change_shows_on_the_next_anonymous_request(client, event, admin_user,
                                                             django_capture_on_commit_callbacks):
    client.get("/events/branchendialog/")
    client.get("/events/")

    event.title_de = "Branchendialog Zellchemie"
    with django_capture_on_commit_callbacks(execute=True):
        event_services.save_event(event, by=admin_user)

    assert "Branchendialog Zellchemie" in client.get("/events/branchendialog/").content.decode()
    assert "Branchendialog Zellchemie" in client.get("/events/").content.decode()


def test_a_registration_shows_in_the_seat_count_on_the_next_request(
        client, event, django_capture_on_commit_callbacks):
    assert "250 Plätze frei" in client.get("/events/branchendialog/").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        registration = event_services.register(
            event, Attendee(name="Anna Beispiel", email="anna@zellwerk.example"))

    assert "249 Plätze frei" in client.get("/events/branchendialog/").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        event_services.cancel_registration(registration)

    assert "250 Plätze frei" in client.get("/events/branchendialog/").content.decode()


def test_a_change_to_one_event_keeps_the_other_events_pages(client, event, admin_user,
                                                            django_capture_on_commit_callbacks):
    other = EventFactory(slug="netzwerktreffen")
    client.get("/events/netzwerktreffen/")

    with django_capture_on_commit_callbacks(execute=True):
        event_services.register(event, Attendee(name="Anna Beispiel",
                                                email="anna@zellwerk.example"))

    assert hit(client.get(other.get_absolute_url()))


def test_a_write_that_rolls_back_bumps_nothing(client, event, django_capture_on_commit_callbacks):
    client.get("/events/branchendialog/")

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        event_services.register(event, Attendee(name="Anna Beispiel",
                                                email="anna@zellwerk.example"))

    assert callbacks  # the bump waits for the commit, which here never comes
    assert hit(client.get("/events/branchendialog/"))


def test_a_page_rendered_while_a_write_commits_is_not_served_afterwards(client, event):
    # The versions are read before the view runs: a bump between reading and storing leaves
    # the stored page behind the current version.
    topics = ["directory", "event:branchendialog"]
    versions = pagecache.current_versions(topics)
    pagecache._bump_now(["event:branchendialog"])

    assert pagecache.current_versions(topics)[1] != versions[1]
    assert pagecache.current_versions(topics)[0] == versions[0]


# Logged-in members: the same fragments inside a page rendered per person ----------------------

def test_a_member_gets_the_trip_list_from_a_cached_fragment(client, member, admin_user,
                                                            django_capture_on_commit_callbacks):
    from delegations import services as trip_services
    from delegations.tests.factories import StopFactory, TripFactory

    for n in range(3):
        StopFactory(trip=TripFactory(title_de=f"Reise {n}"))
    trip = TripFactory(title_de="Batterietage in Nordbrabant")
    client.force_login(member)
    first = client.get("/delegations/").content.decode()
    assert "Batterietage in Nordbrabant" in first

    with CaptureQueriesContext(connection) as cached:
        again = client.get("/delegations/").content.decode()
    assert again.count("Reise ") == first.count("Reise ") == 3
    assert not any("delegations_" in query["sql"] for query in cached.captured_queries)

    with django_capture_on_commit_callbacks(execute=True):
        trip_services.save_trip(trip, values={"title_de": "Batterietage in Eindhoven"},
                                by=admin_user)

    assert "Batterietage in Eindhoven" in client.get("/delegations/").content.decode()


def test_a_fragment_has_a_version_per_language(client, db):
    from django.template import Context, Template
    from django.utils import translation

    template = Template('{% load pagecache_tags %}{% cachefragment "greeting" "home" %}'
                        '{{ word }}{% endcachefragment %}')

    with translation.override("de"):
        assert template.render(Context({"word": "Hallo"})) == "Hallo"
        assert template.render(Context({"word": "changed"})) == "Hallo"
    with translation.override("en"):
        assert template.render(Context({"word": "Hello"})) == "Hello"
    pagecache._bump_now(["home"])
    with translation.override("de"):
        assert template.render(Context({"word": "Neu"})) == "Neu"


def test_a_member_request_reads_its_session_from_redis(client, member, event,
                                                       django_assert_num_queries):
    client.force_login(member)
    client.get("/events/branchendialog/")

    with CaptureQueriesContext(connection) as queries:
        client.get("/events/branchendialog/")

    assert not any("django_session" in query["sql"] for query in queries.captured_queries)


def test_a_member_gets_the_home_page_body_from_a_cached_fragment(
        client, member, event, django_assert_num_queries, django_capture_on_commit_callbacks):
    client.force_login(member)
    assert "250 Plätze frei" in client.get("/").content.decode()

    # the user (the session comes from Redis); nothing of events, members or trips
    with django_assert_num_queries(1):
        client.get("/")

    with django_capture_on_commit_callbacks(execute=True):
        event_services.register(event, Attendee(name="Anna Beispiel",
                                                email="anna@zellwerk.example"))
    assert "249 Plätze frei" in client.get("/").content.decode()


def test_an_accepted_application_shows_on_the_trip_page(client, db, admin_user,
                                                        django_capture_on_commit_callbacks):
    from delegations import services as trip_services
    from delegations.tests.factories import ApplicationFactory, TripFactory

    trip = TripFactory(slug="nordbrabant", organisers=[OrganizationFactory()])
    application = ApplicationFactory(trip=trip)
    client.get("/delegations/nordbrabant/")
    assert hit(client.get("/delegations/nordbrabant/"))

    with django_capture_on_commit_callbacks(execute=True):
        trip_services.decide_application(application, decision="accepted", by=admin_user)

    assert not hit(client.get("/delegations/nordbrabant/"))


def _clear_versions():
    # Ids repeat between test runs (a new test database): start from versions no entry has.
    pagecache._bump_now(["directory", "events", "seats", "trips", "matchmaking"])


@pytest.mark.parametrize("extra", [0, 30])
def test_a_members_directory_page_costs_the_same_queries_with_few_or_many_rows(
        client, member, extra, django_assert_num_queries):
    _clear_versions()
    for n in range(3 + extra):
        OrganizationFactory(name=f"Zellwerk {n:02}")
    client.force_login(member)
    assert "Zellwerk 00" in client.get("/members/").content.decode()

    # the user, read with the groups that give the export right (portal.auth): the list and
    # the filter's vocabularies are shared
    with django_assert_num_queries(1):
        again = client.get("/members/").content.decode()
    assert "Zellwerk 00" in again and "/accounts/logout/" in again


def test_a_profile_edit_shows_in_a_members_directory_at_once(
        client, member, admin_user, django_capture_on_commit_callbacks):
    _clear_versions()
    zellwerk = OrganizationFactory(name="Zellwerk GmbH", city="Zwickau")
    client.force_login(member)
    assert "Zwickau" in client.get("/members/").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        member_services.edit_profile(zellwerk, by=admin_user, values={"city": "Chemnitz"})

    assert "Chemnitz" in client.get("/members/").content.decode()


@pytest.mark.parametrize("extra", [0, 12])
def test_a_members_event_list_costs_the_same_queries_with_few_or_many_events(
        client, member, extra, django_assert_num_queries):
    _clear_versions()
    for n in range(2 + extra):
        EventFactory(title_de=f"Werkstattgespräch {n:02}")
    client.force_login(member)
    client.get("/events/")

    # the user with the groups that give the right for "New event"; the list is shared
    with django_assert_num_queries(1):
        assert "Werkstattgespräch 00" in client.get("/events/").content.decode()


def test_a_seat_taken_shows_in_a_members_event_list_at_once(
        client, member, event, django_capture_on_commit_callbacks):
    _clear_versions()
    client.force_login(member)
    assert "250 Plätze frei" in client.get("/events/").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        event_services.register(event, Attendee(name="Anna Beispiel",
                                                email="anna@zellwerk.example"))

    assert "249 Plätze frei" in client.get("/events/").content.decode()


def test_the_shared_header_never_carries_a_members_token(client, member, db):
    from network_portal.testing import make_user

    _clear_versions()
    other = make_user("zweite@example.com")
    client.force_login(member)
    mine = client.get("/events/")
    client.force_login(other)
    theirs = client.get("/events/")

    def token(response):
        return response.content.decode().split('name="csrfmiddlewaretoken" value="')[1][:64]

    # The header came from the shared fragment the second time, the log-out token did not.
    assert token(mine) != token(theirs)
    assert "{#" not in theirs.content.decode()  # no template comment leaks into the page
    anonymous = client.__class__().get("/events/").content.decode()
    assert "/accounts/logout/" not in anonymous and "csrfmiddlewaretoken" not in anonymous


def test_the_login_form_is_shared_but_its_token_is_not(client, db):
    first = client.get("/accounts/login/?next=/events/")
    client.cookies.clear()
    second = client.get("/accounts/login/?next=/events/")

    def token(response):
        return response.content.decode().split('name="csrfmiddlewaretoken" value="')[1][:64]

    assert token(first) != token(second)
    assert 'name="next" value="/events/"' in second.content.decode()
    refused = client.post("/accounts/login/?next=/events/",
                          {"login": "nobody@example.com", "password": "falsch"})
    # A sent form is rendered afresh, with the visitor's input: never from the shared cache.
    assert "nobody@example.com" in refused.content.decode()
    assert "nobody@example.com" not in client.get("/accounts/login/?next=/events/").content.decode()


def test_a_renamed_series_refreshes_the_pages_of_its_events(client, event,
                                                            django_capture_on_commit_callbacks):
    from events.models import EventSeries

    series = EventSeries.objects.create(title_de="Branchendialoge", slug="branchendialoge")
    event.series = series
    event.save()
    client.get("/events/branchendialog/")
    assert hit(client.get("/events/branchendialog/"))

    series.title_de = "Branchendialoge Sachsen"
    with django_capture_on_commit_callbacks(execute=True):
        event_services.save_series(series, organisers=[], by=None)

    response = client.get("/events/branchendialog/")
    assert not hit(response) and "Branchendialoge Sachsen" in response.content.decode()

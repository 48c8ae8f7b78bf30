"""Where the apps are put together: every hook an app offers is connected here, explicitly.

A provider named here that an app does not have fails at start-up (AttributeError), loudly.
"""

from delegations import hooks as delegation_hooks
from delegations import selectors as delegation_selectors
from delegations.models import Application, DelegationTrip
from events import hooks as event_hooks
from events import selectors as event_selectors
from events.models import Event, EventSeries
from matchmaking import meeting_reads
from matchmaking import selectors as matchmaking_selectors
from matchmaking import services as matchmaking_services
from matchmaking.models import StageComplement
from members import hooks as member_hooks
from members.models import Organization
from network_portal import pagecache
from reports import hooks as report_hooks


def connect() -> None:
    member_hooks.profile_sections.connect(
        event_selectors.organisation_profile_section,
        delegation_selectors.organisation_profile_section,
        matchmaking_selectors.profile_section,
    )
    event_hooks.participant_links.connect(matchmaking_services.event_participant_link,
                                          meeting_reads.event_participant_link)
    delegation_hooks.participant_links.connect(matchmaking_services.trip_participant_link,
                                               meeting_reads.trip_participant_link)
    delegation_hooks.application_defaults.connect(matchmaking_selectors.application_defaults)
    report_hooks.meeting_figures.connect(meeting_reads.statistics_figures)
    connect_page_cache()


# The topics of the pages, as their templates show them (members, events, trips and seats).
# A page lists every topic whose change it shows: an organiser's name on an event page is
# "directory", a profile's upcoming events are "events".
CACHED_PAGES = {
    "home": ["directory", "events", "seats", "trips"],
    "imprint": [], "privacy": [], "accessibility_statement": [], "easy_language": [],
    "members:list": ["directory"],
    "members:value_chain": ["directory"],
    # "matchmaking": a member's shared profile holds the matching partners.
    "members:detail": ["directory", "events", "trips", "matchmaking"],
    "events:list": ["directory", "events", "seats"],
    "events:detail": ["directory", "event:{slug}"],
    "delegations:list": ["directory", "trips"],
    "delegations:detail": ["directory", "trip:{slug}"],
    "delegations:participants": ["directory", "trip:{slug}"],
}


def connect_page_cache() -> None:
    """Which pages anonymous visitors get from the shared cache, and which writes change them.

    Every service write records an audit entry on its object, which bumps the topics below
    (network_portal.audit); a seat taken or freed is bumped by the events services (`seats`,
    `event:<slug>`), which record no entry for a registration.
    """
    pagecache.cache_pages(CACHED_PAGES)
    pagecache.invalidate_on(Organization, lambda organisation: ["directory"])
    pagecache.invalidate_on(Event, lambda event: ["events", "seats", f"event:{event.slug}"])
    # An event page names its series: a renamed series refreshes the pages of its events.
    pagecache.invalidate_on(EventSeries, lambda series: ["events", *(
        f"event:{slug}" for slug in series.events.values_list("slug", flat=True))])
    pagecache.invalidate_on(DelegationTrip, lambda trip: ["trips", f"trip:{trip.slug}"])
    # The chain table weighs every matchmaking suggestion (matchmaking.selectors).
    pagecache.invalidate_on(StageComplement, lambda row: ["matchmaking"])
    pagecache.invalidate_on(Application,
                            lambda application: ["trips", f"trip:{application.trip.slug}"])

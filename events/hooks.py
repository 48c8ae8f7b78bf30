"""What other apps contribute to the events app's pages (connected by `portal.composition`)."""

from network_portal.hooks import Hook

participant_links = Hook(
    "events.participant_links",
    "Links for the people who hold a seat at an event, shown on its page: "
    "callables (event, user) -> {'url': str, 'label': str} | None. The event page is shared "
    "among the members registered alike (events.views._detail_personal): a link may depend on "
    "the event and on the person holding a seat, nothing else of the person.",
)

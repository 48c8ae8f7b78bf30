"""What other apps contribute to the delegations app (connected by `portal.composition`)."""

from network_portal.hooks import Hook

participant_links = Hook(
    "delegations.participant_links",
    "Links for the accepted participants of a trip, shown on its page: "
    "callables (trip, user) -> {'url': str, 'label': str} | None.",
)

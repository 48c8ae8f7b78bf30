"""What other apps contribute to the delegations app (connected by `portal.composition`)."""

from network_portal.hooks import Hook

participant_links = Hook(
    "delegations.participant_links",
    "Links for the accepted participants of a trip, shown on its page: "
    "callables (trip, user) -> {'url': str, 'label': str} | None.",
)

application_defaults = Hook(
    "delegations.application_defaults",
    "What a trip application starts from for an organisation (its curated offers and needs): "
    "callables (organisation) -> {'stages_sought': [stage pks], 'stages_offered': [...], "
    "'interests': str} | None. The applicant may change them for the trip; the application "
    "stores what was sent, the profile stays as it is.",
)

"""What other apps contribute to the members app's pages (connected by `portal.composition`)."""

from network_portal.hooks import Hook

profile_sections = Hook(
    "members.profile_sections",
    "Sections of an organisation's profile page from other apps: "
    "callables (organisation, user) -> network_portal.hooks.Section | None, in page order.",
)

"""Links that leave the portal start with its public address, not a request's host."""

from network_portal import links


def test_links_use_the_configured_public_address(settings):
    settings.PORTAL_BASE_URL = "https://portal.example.org"

    assert links.absolute_url("/events/") == "https://portal.example.org/events/"
    assert links.url("events:detail", slug="treffen") == "https://portal.example.org/events/treffen/"

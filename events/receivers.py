"""What the events app does when something happens elsewhere (connected in EventsConfig.ready)."""

from events import services


def guest_address_confirmed(sender, request, email_address, **kwargs):
    """allauth: an account confirmed an address. Guest registrations under it waiting for the
    confirmation of that very address are confirmed with it (the same proof as the link)."""
    services.confirm_guest_address(email_address.email)

"""The domain errors of the delegations services: each carries a translated message to show."""

from django.core.exceptions import ValidationError


class ApplicationError(ValidationError):
    """A domain error with a translated message the views show."""


class ApplicationsClosed(ApplicationError):
    pass


class AlreadyApplied(ApplicationError):
    pass


class NoSeatLeft(ApplicationError):
    pass


class InvalidTransition(ApplicationError):
    pass


class TooFewSeats(ApplicationError):
    pass


class NotAllowed(ApplicationError):
    """The acting person may not do this. The views check first; admin and commands meet it here."""


class OrganiserRequired(ApplicationError):
    """A cluster manager's trip must name one of their clusters as organiser."""


class ProgrammeChanged(ApplicationError):
    """A stop being changed was deleted meanwhile (by another organiser)."""

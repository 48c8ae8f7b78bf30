"""Where the apps are put together: every hook an app offers is connected here, explicitly.

A provider named here that an app does not have fails at start-up (AttributeError), loudly.
"""

from delegations import selectors as delegation_selectors
from events import selectors as event_selectors
from matchmaking import selectors as matchmaking_selectors
from members import hooks as member_hooks


def connect() -> None:
    member_hooks.profile_sections.connect(
        event_selectors.organisation_profile_section,
        delegation_selectors.organisation_profile_section,
        matchmaking_selectors.profile_section,
    )

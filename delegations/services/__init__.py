"""Everything that changes trips and applications. Views, admin, commands and tasks call these.

Every operation takes the acting person as `by=` (None: the portal itself, as beat and commands
act; an application's `user` is its own actor), checks the rule it guards, and records one entry
in the audit trail (`network_portal.audit`, codes registered in `DelegationsConfig.ready`).

Locking rule: whenever a seat may be taken or freed (apply, accept, withdraw, an edit of the
seats or the programme, cancelling), lock the trip row with `network_portal.locking.lock`
first, then count. Two organisers accepting the last seat at once would otherwise both see it
free. The trip is the one row locked; applications change only under their trip's lock.

`from delegations import services; services.decide_application(...)`: the modules by concern
(errors, applications, trips) are re-exported here.
"""

from delegations.services.applications import (
    DECISIONS,
    REMINDER_DAYS_BEFORE,
    accepted_count,
    apply,
    decide_application,
    due_reminders,
    send_due_reminders,
    withdraw,
    withdraw_consent,
)
from delegations.services.errors import (
    AlreadyApplied,
    ApplicationError,
    ApplicationsClosed,
    InvalidTransition,
    NoSeatLeft,
    NotAllowed,
    OrganiserRequired,
    ProgrammeChanged,
    TooFewSeats,
)
from delegations.services.messages import (
    MessageRefused,
    disguise_application,
    message_recipients,
    render_message,
    send_trip_message,
)
from delegations.services.retention import (
    anonymise_applications,
    applications_due_for_anonymisation,
)
from delegations.services.trips import (
    STOP_FIELDS,
    cancel_trip,
    check_cancel_by_button,
    check_organisers,
    record_export,
    resend_email,
    save_trip,
)

__all__ = [
    "DECISIONS", "REMINDER_DAYS_BEFORE", "STOP_FIELDS", "AlreadyApplied", "ApplicationError",
    "ApplicationsClosed", "InvalidTransition", "NoSeatLeft", "NotAllowed", "OrganiserRequired",
    "ProgrammeChanged", "TooFewSeats", "accepted_count", "anonymise_applications",
    "applications_due_for_anonymisation", "apply", "cancel_trip",
    "check_cancel_by_button", "check_organisers", "decide_application", "due_reminders",
    "record_export", "resend_email", "save_trip", "send_due_reminders", "withdraw",
    "withdraw_consent", "MessageRefused", "disguise_application", "message_recipients",
    "render_message", "send_trip_message",
]

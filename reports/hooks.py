"""What other apps contribute to the statistics (connected by `portal.composition`)."""

from network_portal.hooks import Hook

meeting_figures = Hook(
    "reports.meeting_figures",
    "The B2B meeting figures of events and trips: callables (event_ids, trip_ids, now=) -> "
    "{('event' | 'trip', id): {'requested': int, 'accepted': int, 'held': int, "
    "'declined': int, 'expired': int, 'cancelled': int, 'waiting': int, 'participants': int}}, "
    "only for those with meetings switched on.",
)

"""What the trips' tests share: addresses, the edit form as a browser sends it, mails."""

from django.urls import reverse
from django.utils import timezone

from network_portal.models import OutgoingEmail


def url(name, trip, *args):
    return reverse(f"delegations:{name}", args=[trip.slug, *args])


def trip_data(trip, cluster, **changes):
    """The edit form as the browser sends it for `trip`, without stops, with `changes`."""
    return {
        "title_de": trip.title_de, "slug": trip.slug, "direction": trip.direction,
        "status": trip.status, "start_date": trip.start_date.isoformat(),
        "end_date": trip.end_date.isoformat(),
        "application_deadline": timezone.localtime(trip.application_deadline).strftime("%Y-%m-%dT%H:%M"),
        "seats": trip.seats, "organisers": [cluster.pk],
        "stops-TOTAL_FORMS": "0", "stops-INITIAL_FORMS": "0", **changes,
    }


def emails(template):
    return list(OutgoingEmail.objects.filter(template=template).order_by("pk"))


def new_trip_data(organiser, **changes):
    """The form for a new trip (10 to 12 May 2027) as the browser sends it, with `changes`."""
    return {
        "title_de": "Reise nach Lyon", "slug": "reise-nach-lyon", "direction": "outbound",
        "status": "draft", "start_date": "2027-05-10", "end_date": "2027-05-12",
        "application_deadline": "2027-04-01T12:00", "seats": "12", "organisers": [organiser.pk],
        "stops-TOTAL_FORMS": "0", "stops-INITIAL_FORMS": "0", **changes,
    }

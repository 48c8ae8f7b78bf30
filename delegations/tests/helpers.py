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


def stops_data(*stops, **extra):
    """The itinerary formset as the browser sends it: (stop, {changes}) pairs, then new stops."""
    data = {"stops-TOTAL_FORMS": str(len(stops)), "stops-INITIAL_FORMS": str(len(stops))}
    for i, (stop, changes) in enumerate(stops):
        fields = {"id": stop.pk, "date": stop.date.isoformat(),
                  "start_time": stop.start_time.strftime("%H:%M") if stop.start_time else "",
                  "end_time": stop.end_time.strftime("%H:%M") if stop.end_time else "",
                  "kind": stop.kind, "host": stop.host_id or "", "place": stop.place,
                  "title_de": stop.title_de, "title_en": stop.title_en, **changes}
        data.update({f"stops-{i}-{k}": v for k, v in fields.items()})
    data.update(extra)
    return data

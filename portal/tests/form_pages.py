"""Forms of the portal posted with mistakes, on the demo data: the pages a person sees when a
form comes back with errors. Shared by the error-markup test and the HTML check (vnu)."""

from events.models import Event
from members.models import Organization, ProfileChangeRequest
from network_portal.models import User
from network_portal.testing import make_user

TRIP = "akkumulatoren-campus-auvergne-rhone-alpes-2027"


def error_pages():
    """(name, path, who is logged in or None, POST data) for each form, sent with mistakes."""
    event = Event.objects.get(slug="workshop-batterierecycling-2027")
    manager = User.objects.get(email="clustermanager@demo.example")
    # Someone who has neither registered nor applied yet.
    member = (User.objects.filter(email="newcomer@example.com").first()
              or make_user("newcomer@example.com", first_name="Nora", last_name="Neu"))
    curated = Organization.objects.filter(
        memberships__cluster__slug="akkumulatoren-campus-zwickau").order_by("pk").first()
    pending = ProfileChangeRequest.objects.filter(
        status=ProfileChangeRequest.Status.PENDING).first()
    agenda = {"agenda-TOTAL_FORMS": "1", "agenda-INITIAL_FORMS": "0"}
    stops = {"stops-TOTAL_FORMS": "1", "stops-INITIAL_FORMS": "0"}
    pages = [
        ("login-empty", "/accounts/login/", None, {}),
        ("login-wrong", "/accounts/login/", None,
         {"login": "nobody@example.com", "password": "not-the-password"}),
        ("signup", "/accounts/signup/", None, {"email": "no-address", "password1": "1"}),
        ("password-reset", "/accounts/password/reset/", None, {"email": "no-address"}),
        ("register", f"/events/{event.slug}/register/", member,
         {"registers_for": "colleague", "email": "no-address"}),
        ("report", "/accessibility/report/", None, {"email": "no-address"}),
        ("apply", f"/delegations/{TRIP}/apply/", member, {"organisation": "999999"}),
        ("propose", "/members/new/", member, {"city": "Zwickau"}),
        ("curate", f"/members/{curated.slug}/curate/", manager, {"status": "nonsense"}),
        ("event-new", "/events/new/", manager, agenda),
        ("trip-new", "/delegations/new/", manager, stops),
        ("delete-account", "/my/delete/", member, {"password": "wrong"}),
    ]
    if pending:
        pages.append(("review", f"/members/curation/changes/{pending.pk}/", manager,
                      {"comment": "?"}))
    return pages

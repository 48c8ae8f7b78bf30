from django.contrib.auth.decorators import login_required
from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader

from delegations import selectors as delegation_selectors
from events import selectors as event_selectors
from members import selectors as member_selectors


def home(request):
    return render(request, "home.html", {
        "upcoming_events": event_selectors.upcoming_for_home(),
        "newest_members": member_selectors.newest_members(),
        "open_trips": delegation_selectors.open_for_home(),
        "stats": member_selectors.network_stats(),
    })


@login_required
def my_portal(request):
    """The signed-in person's own page; each app adds its section (registrations, trips, ...)."""
    return render(request, "my_portal.html", {
        "sections": [
            *member_selectors.my_portal_sections(request.user),
            *event_selectors.my_portal_sections(request.user),
            *delegation_selectors.my_portal_sections(request.user),
        ],
    })


def imprint(request):
    return render(request, "pages/imprint.html")


def privacy(request):
    return render(request, "pages/privacy.html")


def permission_denied(request, exception=None):
    return render(request, "errors/403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def server_error(request):
    # No request context: the failure may lie in a context processor or the database.
    return HttpResponseServerError(loader.get_template("errors/500.html").render())

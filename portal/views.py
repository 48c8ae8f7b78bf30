import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import RequestDataTooBig
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse, HttpResponseServerError
from django.middleware import csrf
from django.shortcuts import redirect, render
from django.template import loader
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accessibility import selectors as accessibility_selectors
from delegations import selectors as delegation_selectors
from events import selectors as event_selectors
from matchmaking import meeting_reads as matchmaking_meeting_reads
from matchmaking import selectors as matchmaking_selectors
from members import selectors as member_selectors
from network_portal import pagecache
from network_portal.uploads import UploadTooLarge
from portal import privacy as personal_data
from portal.forms import DeleteAccountForm
from reports import selectors as report_selectors


@pagecache.for_members(lambda request: {})
def home(request):
    # Read only when the body is rendered, not when it comes from the fragment cache.
    return render(request, "home.html", {
        "upcoming_events": SimpleLazyObject(event_selectors.upcoming_for_home),
        "newest_members": SimpleLazyObject(lambda: list(member_selectors.newest_members())),
        "open_trips": SimpleLazyObject(delegation_selectors.open_for_home),
        "stats": SimpleLazyObject(member_selectors.network_stats),
    })


@login_required
def my_portal(request):
    """The signed-in person's own page; each app adds its section (registrations, trips, ...)."""
    return render(request, "my_portal.html", {
        "sections": [
            *member_selectors.my_portal_sections(request.user),
            *event_selectors.my_portal_sections(request.user),
            *delegation_selectors.my_portal_sections(request.user),
            *matchmaking_selectors.my_portal_sections(request.user),
            *matchmaking_meeting_reads.my_portal_sections(request.user),
            *accessibility_selectors.my_portal_sections(request.user),
            *report_selectors.my_portal_sections(request.user),
        ],
    })


@login_required
@require_GET
def my_data(request):
    """Download everything the portal stores about the logged-in person (GDPR Art. 15, 20)."""
    data = personal_data.export(request.user)
    response = HttpResponse(json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
                            content_type="application/json; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="my-portal-data-{stamp}.json"'
    return response


@login_required
def delete_account(request):
    """Delete the account and the person's data, after they confirm with their password."""
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        personal_data.delete_account(user)
        messages.success(request, _("Your account and your data have been deleted."))
        return redirect("home")
    return render(request, "account_delete.html", {"form": form})


def imprint(request):
    return render(request, "pages/imprint.html", {"operator": settings.OPERATOR})


def privacy(request):
    return render(request, "pages/privacy.html", {
        "operator": settings.OPERATOR,
        "authority": settings.SUPERVISORY_AUTHORITY,
        "retention": {
            "months": settings.PORTAL_RETENTION_MONTHS,
            "outbox_days": settings.PORTAL_OUTBOX_RETENTION_DAYS,
            "log_days": settings.PORTAL_LOG_RETENTION_DAYS,
            "feedback_months": settings.PORTAL_FEEDBACK_RETENTION_MONTHS,
            "unverified_days": settings.PORTAL_UNVERIFIED_ACCOUNT_DAYS,
        },
    })


def accessibility_statement(request):
    return render(request, "pages/accessibility.html",
                  {"operator": settings.OPERATOR, "accessibility": settings.ACCESSIBILITY})


def easy_language(request):
    return render(request, "pages/easy_language.html", {"operator": settings.OPERATOR})


def bad_request(request, exception=None):
    """400 in the portal's layout; an upload over the size limit is named as such."""
    return render(request, "errors/400.html", {
        "too_large": isinstance(exception, RequestDataTooBig),
        "upload_limit": settings.PORTAL_UPLOAD_MAX_BYTES
        if isinstance(exception, UploadTooLarge) else None,
    }, status=400)


def csrf_failure(request, reason=""):
    """The CSRF check failed (an expired form, blocked cookies): say what to do, in the layout."""
    return render(request, "errors/403_csrf.html", {
        "no_cookie": reason == csrf.REASON_NO_CSRF_COOKIE,
    }, status=403)


def permission_denied(request, exception=None):
    return render(request, "errors/403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def server_error(request):
    # No request context: the failure may lie in a context processor or the database. Django
    # mails the traceback to ADMINS; without any, nobody was told and the page must not say so.
    return HttpResponseServerError(loader.get_template("errors/500.html").render(
        {"team_notified": bool(settings.ADMINS)}))

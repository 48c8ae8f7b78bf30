from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from delegations import hooks, permissions, selectors, services
from delegations.calendar import trip_calendar
from delegations.exporters import ApplicationExporter
from delegations.forms import (
    ApplicationForm,
    CancelTripForm,
    DecisionForm,
    StopFormSet,
    TripForm,
    TripMessageForm,
    stop_rows,
    trip_values,
)
from delegations.models import Application, DelegationTrip, TripMessage
from delegations.permissions import require
from members.permissions import acts_for
from network_portal import export_columns, exports, mail, pagecache, pagination
from network_portal import messages as shared_messages
from network_portal.models import OutgoingEmail

# The archive of completed trips, in pages of this many (a trip's programme is on its page).
ARCHIVE_PAGE_SIZE = 10


def _get_trip(request, slug, *, read=selectors.trip_detail) -> DelegationTrip:
    """The trip with its programme; drafts only for those who manage them."""
    try:
        trip = read(slug)
    except DelegationTrip.DoesNotExist as error:
        raise Http404 from error
    if trip.status == DelegationTrip.Status.DRAFT and not permissions.can_manage_trip(request.user, trip):
        raise Http404
    return trip


def _list_personal(request):
    """What of the trip list depends on the person (pagecache.for_members): the button to
    create a trip; drafts make the page the person's own."""
    if selectors.drafts_for(request.user):
        return None
    return {"can_create": permissions.can_create_trip(request.user)}


@pagecache.for_members(_list_personal)
def trip_list(request):
    # Lazy: read only when the page's cached fragment (pagecache) has to be rendered afresh.
    archive = SimpleLazyObject(
        lambda: selectors.archive_page(request.GET.get("page"), per_page=ARCHIVE_PAGE_SIZE))
    return render(request, "delegations/trip_list.html", {
        "upcoming": selectors.upcoming_trips(),
        "archive": archive,
        "archive_links": SimpleLazyObject(lambda: pagination.page_links(archive)),
        "can_create": permissions.can_create_trip(request.user),
        "drafts": selectors.drafts_for(request.user),
    })


def _detail_personal(request, slug):
    """What of a trip page depends on the person (pagecache.for_members): nothing for a member
    who is not staff, has not applied and represents no host of a stop (for them
    `can_manage`, `is_host`, `own_application` are empty and the participant overview is open
    exactly when the trip's organisers made it public); everyone else gets their own page."""
    if permissions.is_staff_member(request.user):
        return None
    facts = selectors.member_page_facts(request.user, slug)
    if facts is None:
        return None
    hosts, applied = facts
    if applied or permissions.represented_organisation_ids(request.user) & hosts:
        return None
    return {}


@pagecache.for_members(_detail_personal)
def trip_detail(request, slug):
    # The lists (organisers, partners, topics, stops) are read when the template renders them:
    # a member's page takes them from shared fragments (delegations/trip_detail.html).
    trip = _get_trip(request, slug, read=selectors.trip_page)
    own = (Application.objects.filter(trip=trip, user=request.user).first()
           if request.user.is_authenticated else None)
    return render(request, "delegations/trip_detail.html", {
        "trip": trip,
        "stops": SimpleLazyObject(lambda: selectors.trip_stops(trip)),
        "own_application": own,
        "accepts_applications": trip.accepts_applications(),
        "can_manage": permissions.can_manage_trip(request.user, trip),
        "can_see_participants": permissions.can_see_trip_participants(request.user, trip),
        "is_host": request.user.is_authenticated and permissions.can_see_trip_as_host(request.user, trip),
        # Pages for accepted participants (matchmaking's "which participants fit you").
        "participant_links": hooks.participant_links.collect(trip, request.user)
        if own and own.is_accepted else [],
    })


def trip_calendar_view(request, slug):
    trip = _get_trip(request, slug)
    response = HttpResponse(trip_calendar(trip, list(trip.stops.all())),
                            content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{trip.slug}.ics"'
    return response


@login_required
def apply_view(request, slug):
    trip = _get_trip(request, slug)
    own = Application.objects.filter(trip=trip, user=request.user).first()
    if own:
        messages.info(request, _("You have already applied for this trip."))
        return redirect("my_portal")
    form = ApplicationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.apply(trip, request.user, language=request.LANGUAGE_CODE, **form.options())
        except services.ApplicationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you: your application was sent. You will hear from "
                                        "the organisers by e-mail."))
            return redirect("my_portal")
    return render(request, "delegations/apply.html", {
        "trip": trip, "form": form, "accepts_applications": trip.accepts_applications(),
    })


@login_required
@require_POST
def withdraw_view(request, slug):
    application = get_object_or_404(Application, trip__slug=slug, user=request.user)
    try:
        services.withdraw(application, by=request.user)
    except services.ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your application was withdrawn."))
    return redirect("my_portal")


@login_required
@require_POST
def withdraw_consent_view(request, slug):
    """From My portal: off the trip's participant overview at once; the application stays."""
    application = get_object_or_404(Application, trip__slug=slug, user=request.user)
    if services.withdraw_consent(application, by=request.user):
        messages.success(request, _("You are no longer shown in the participant overview."))
    return redirect("my_portal")


@login_required
def applications_view(request, slug):
    trip = _get_trip(request, slug)
    require(permissions.can_manage_trip(request.user, trip))
    applications = list(selectors.applications_for_organiser(trip))
    counts = selectors.status_counts(trip)
    return render(request, "delegations/applications.html", {
        "trip": trip,
        "applications": applications,
        "history": selectors.trip_history(trip, applications),
        "counts": counts,
        "seats_left": trip.seats_left(counts[Application.Status.ACCEPTED]),
        "statuses": Application.Status,
        "cancel_form": CancelTripForm(),
        "formats": exports.FORMATS,
    })


@login_required
def message_view(request, slug):
    """Write to the trip's accepted / waitlisted applicants: the form, then a preview with the
    number of recipients, then (a second POST with the same fields and `confirm`) the sending."""
    trip = _get_trip(request, slug)
    require(permissions.can_manage_trip(request.user, trip))
    initial = {"audiences": [a for a in request.GET.getlist("to")
                             if a in TripMessage.Audience.values]}
    form = TripMessageForm(request.POST or None, initial=initial)
    preview = None
    if request.method == "POST" and form.is_valid():
        values = form.values()
        if request.POST.get("confirm") == "1":
            try:
                message = services.send_trip_message(trip, **values, by=request.user)
            except (services.MessageRefused, services.NotAllowed) as error:
                form.add_error(None, error)
            else:
                messages.success(request, ngettext(
                    "The message is on its way to %(count)s person.",
                    "The message is on its way to %(count)s people.", message.recipients)
                    % {"count": message.recipients})
                return redirect("delegations:outbox", slug=trip.slug)
        preview = shared_messages.preview(
            TripMessage(trip=trip, **values), services.message_recipients(trip, values["audiences"]),
            render=services.render_message, disguise=services.disguise_application)
    return render(request, "delegations/message_form.html", {
        "trip": trip, "form": form, "preview": preview,
        "sent": list(trip.messages.select_related("sent_by")[:20])})


@login_required
def outbox_view(request, slug):
    trip = _get_trip(request, slug)
    require(permissions.can_manage_trip(request.user, trip))
    return render(request, "delegations/outbox.html", {
        "trip": trip, **mail.outbox_page(trip.reference, request.GET)})


@login_required
@require_POST
def outbox_resend_view(request, slug, pk):
    trip = _get_trip(request, slug)
    require(permissions.can_manage_trip(request.user, trip))
    email = get_object_or_404(OutgoingEmail, pk=pk, reference=trip.reference)
    try:
        services.resend_email(email, trip=trip, by=request.user)
    except services.NotAllowed as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The e-mail to %(to)s is queued again.") % {"to": email.to})
    return redirect("delegations:outbox", slug=trip.slug)


@login_required
@require_POST
def decide_view(request, slug, pk):
    trip = _get_trip(request, slug)
    require(permissions.can_manage_trip(request.user, trip))
    application = get_object_or_404(Application, trip=trip, pk=pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a decision."))
    else:
        try:
            services.decide_application(application, decision=form.cleaned_data["decision"],
                                        message=form.cleaned_data["message"], by=request.user)
        except services.ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The decision was saved and the applicant is told by e-mail."))
    return redirect("delegations:applications", slug=trip.slug)


def _edit(request, trip, *, template_title):
    form = TripForm(request.POST or None, instance=trip, user=request.user)
    form_valid = request.method == "POST" and form.is_valid()
    dates = (form.cleaned_data.get("start_date"), form.cleaned_data.get("end_date")) if form_valid else None
    formset = StopFormSet(request.POST or None, instance=trip or DelegationTrip(), prefix="stops",
                          trip_dates=dates)
    # Validate both, so the organiser sees every error at once.
    formset_valid = request.method == "POST" and formset.is_valid()
    if form_valid and formset_valid:
        try:
            trip = services.save_trip(trip, values=trip_values(form), stops=stop_rows(formset),
                                      by=request.user)
        except services.TooFewSeats as error:
            form.add_error("seats", error)
        except services.OrganiserRequired as error:
            form.add_error("organisers", error)
        except services.ApplicationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The trip was saved."))
            if trip.participants_told:
                messages.info(request, ngettext(
                    "%(count)s accepted participant is sent the changed programme by e-mail.",
                    "%(count)s accepted participants are sent the changed programme by e-mail.",
                    trip.participants_told) % {"count": trip.participants_told})
            if trip.applicants_proposed:
                messages.info(request, ngettext(
                    "%(count)s applicant from the waiting list is marked \"to be accepted next\" "
                    "for the new seats: please decide in the list of applications.",
                    "%(count)s applicants from the waiting list are marked \"to be accepted next\" "
                    "for the new seats: please decide in the list of applications.",
                    trip.applicants_proposed) % {"count": trip.applicants_proposed})
            return redirect(trip.get_absolute_url())
    return render(request, "delegations/trip_form.html", {
        "form": form, "formset": formset, "trip": trip, "page_title": template_title,
    })


@login_required
def trip_create(request):
    require(permissions.can_create_trip(request.user))
    return _edit(request, None, template_title=_("New delegation trip"))


@login_required
def trip_edit(request, slug):
    trip = _get_trip(request, slug)
    require(permissions.can_manage_trip(request.user, trip))
    return _edit(request, trip, template_title=_("Edit delegation trip"))


@login_required
@require_POST
def trip_cancel(request, slug):
    trip = _get_trip(request, slug)
    require(permissions.can_manage_trip(request.user, trip))
    form = CancelTripForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The message is too long."))
        return redirect("delegations:applications", slug=trip.slug)
    try:
        count = services.cancel_trip(trip, message=form.cleaned_data["message"], by=request.user)
    except services.ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, ngettext(
            "The trip is cancelled; %(count)s applicant is being told by e-mail.",
            "The trip is cancelled; %(count)s applicants are being told by e-mail.", count)
            % {"count": count})
    return redirect(trip.get_absolute_url())


def participants_view(request, slug, brochure=False):
    trip = _get_trip(request, slug)
    fmt = exports.requested_format(request)
    if fmt:
        require(permissions.can_export_trip_participants(request.user, trip))

        def exporter():  # called only when the export goes ahead (a known format)
            services.record_export(trip, by=request.user, fmt=fmt)
            return ApplicationExporter(trip)

        return exports.response_for(request, exporter, columns=ApplicationExporter.columns)
    require(permissions.can_see_trip_participants(request.user, trip))
    return render(request, "delegations/brochure.html" if brochure else "delegations/participants.html", {
        "trip": trip,
        "organisations": selectors.participating_organisations(trip),
        "stops": list(trip.stops.all()),
        "can_export": permissions.can_export_trip_participants(request.user, trip),
        "formats": exports.FORMATS,
    })


@login_required
def participants_columns_view(request, slug):
    """Choose the columns of the applications export, and saved choices for the organisers."""
    trip = _get_trip(request, slug)
    require(permissions.can_export_trip_participants(request.user, trip))
    organisers = list(trip.organisers.all())
    return export_columns.chooser_page(request, export_columns.Scope(
        kind="delegations.applications", columns=ApplicationExporter.columns,
        export_url=reverse("delegations:participants", args=[trip.slug]),
        back_url=reverse("delegations:applications", args=[trip.slug]),
        title=_("Export the applications"), subject=trip.title,
        organiser_ids={organisation.pk for organisation in organisers},
        share_with=[(o.pk, o.name) for o in acts_for(request.user, organisers)]))


def brochure_view(request, slug):
    return participants_view(request, slug, brochure=True)


@login_required
def host_view(request, slug):
    trip = _get_trip(request, slug)
    require(permissions.can_see_trip_as_host(request.user, trip))
    hosted = permissions.hosted_trip_organisation_ids(request.user, trip)
    return render(request, "delegations/host.html", {
        "trip": trip,
        "hosted_stops": [stop for stop in trip.stops.all() if stop.host_id in hosted],
        "participants": list(selectors.accepted_participants(trip, consenting_only=False)),
    })

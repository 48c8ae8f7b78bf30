from urllib.parse import urlencode

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.forms import formset_factory
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from events import checkin, hooks, selectors, services
from events.exporters import ParticipantExporter, PeriodRegistrationExporter
from events.forms import (
    AgendaItemFormSet,
    AnswersForm,
    BasePersonFormSet,
    EventFilterForm,
    EventForm,
    EventMessageForm,
    GroupForm,
    GuestRegistrationForm,
    ParticipantFilterForm,
    PeriodExportForm,
    PersonForm,
    PersonFormSet,
    QuestionFormSet,
    RegistrationForm,
    SeriesForm,
    WalkInForm,
)
from events.ics import event_ics, feed_ics, ics_filename, subscription
from events.models import Event, EventMessage, EventSeries, Registration
from events.permissions import (
    can_create_event,
    can_export_all_registrations,
    can_manage_event,
    can_manage_series,
    can_see_participants,
    require,
)
from members.models import Organization
from members.permissions import acts_for, represented_organisation_ids
from network_portal import export_columns, exports, mail, pagecache, pagination
from network_portal import messages as messages_shared
from network_portal.middleware import chosen_language
from network_portal.models import OutgoingEmail
from network_portal.permissions import is_staff_member


def _visible_event_or_404(request, slug):
    """Published and cancelled events for everyone; drafts only for those who manage them."""
    event = selectors.event_detail(slug)
    if event is None:
        raise Http404
    if event.is_draft and not can_manage_event(request.user, event):
        raise Http404
    return event


def _event_or_403(request, slug, predicate=can_manage_event):
    event = get_object_or_404(Event.objects.prefetch_related("organisers"), slug=slug)
    require(predicate(request.user, event))
    return event


EVENTS_PER_PAGE = 20


@pagecache.for_members(lambda request: {"can_create": can_create_event(request.user)})
def event_list(request):
    form = EventFilterForm(request.GET or None)
    filters = {}
    if form.is_bound:
        form.is_valid()
        # A filter that was not understood is ignored (the page says so); the others still apply.
        filters = {name: form.cleaned_data[name] for name in ("kind", "organiser", "month")
                   if name in form.cleaned_data}
    archive = request.GET.get("archive") == "1"
    events = selectors.past_events(**filters) if archive else selectors.upcoming_events(**filters)
    # The archive only grows; get_page() turns ?page=abc or ?page=999 into a page that exists.
    # Read when the template renders it: a member's page takes the list from the shared fragment.
    page = SimpleLazyObject(
        lambda: Paginator(events, EVENTS_PER_PAGE).get_page(request.GET.get("page")))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "events/event_list.html", {
        "page": page, "querystring": query.urlencode(), "form": form, "archive": archive,
        "can_create": can_create_event(request.user),
        "subscription": subscription(_feed_path(filters)),
        "subscription_filtered": bool(filters.get("kind") or filters.get("organiser")),
    })


def _feed_path(filters) -> str:
    """The feed of the list's kind and organiser filters (a month is not a subscription)."""
    query = {}
    if filters.get("kind"):
        query["kind"] = filters["kind"]
    if filters.get("organiser"):
        query["organiser"] = filters["organiser"].slug
    return reverse("events:feed") + ("?" + urlencode(query) if query else "")


def _calendar_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def feed(request):
    """The subscribable calendar of upcoming events: all, or ?organiser=<slug> and/or ?kind=."""
    kind = request.GET.get("kind", "")
    if kind and kind not in Event.Kind.values:
        raise Http404
    organiser = None
    names = [_("Battery network: events")]
    if request.GET.get("organiser"):
        organiser = get_object_or_404(Organization.objects.only("pk", "name", "slug"),
                                      slug=request.GET["organiser"])
        names.append(organiser.name)
    if kind:
        names.append(str(Event.Kind(kind).label))
    events = selectors.feed_events(kind=kind, organiser=organiser)
    return _calendar_response(feed_ics(events, " – ".join(names)), "events.ics")


def series_detail(request, slug):
    """A recurring meeting: its next and past meetings, and its calendar to subscribe to."""
    series = get_object_or_404(EventSeries.objects.prefetch_related("organisers"), slug=slug)
    upcoming, past = selectors.series_events(series)
    return render(request, "events/series_detail.html", {
        "series": series, "upcoming": upcoming, "past": past,
        "may_edit": request.user.is_authenticated and can_manage_series(request.user, series),
        "subscription": subscription(series.get_feed_url())})


def series_feed(request, slug):
    """The subscribable calendar of one series (the same UIDs as every other feed)."""
    series = get_object_or_404(EventSeries, slug=slug)
    events = selectors.feed_events(series=series)
    return _calendar_response(feed_ics(events, f"{_('Battery network')}: {series.title}"),
                              f"{series.slug}.ics")


@never_cache  # a renewed or revoked address must answer 404 at once, from no cache
def personal_feed(request, token):
    """The secret feed of one person's registrations: no login (calendar programs have none)."""
    calendar_feed = selectors.personal_feed(token)
    if calendar_feed is None:
        raise Http404
    events = selectors.personal_feed_events(calendar_feed.user)
    return _calendar_response(feed_ics(events, _("Battery network: my events"), online_link=True),
                              "my-events.ics")


@login_required
def personal_feed_manage(request):
    """The person's secret calendar address: see it, create or renew it, switch it off."""
    if request.method != "POST":
        calendar_feed = selectors.calendar_feed_of(request.user)
        return render(request, "events/personal_feed.html", {
            "feed": calendar_feed,
            "links": subscription(calendar_feed.get_absolute_url()) if calendar_feed else None})
    if request.POST.get("action") == "revoke":
        services.revoke_calendar_feed(by=request.user)
        messages.success(request, _("Your calendar address is switched off."))
    else:
        services.renew_calendar_feed(by=request.user)
        messages.success(request, _("Your calendar address is ready. Any earlier one no longer "
                                    "works."))
    return redirect("events:personal_feed_manage")


def _detail_personal(request, slug):
    """What of an event page depends on the person (pagecache.for_members). Staff and the
    representatives of an organiser get the page rendered for them (their tools). For everyone
    else the page depends only on their registration's status and attendance: nothing shows
    who they are (the card links to `events:own_registration`, not to the secret address, and
    the online link and the room-fit link follow from those two), so members registered alike
    share one page, and those not registered another."""
    if is_staff_member(request.user):
        return None
    facts = selectors.member_page_facts(request.user, slug)
    if facts is None:
        return None
    organisers, registration = facts
    if represented_organisation_ids(request.user) & organisers:
        return None
    if registration is None:
        return {}
    status, attendance = registration
    return {"status": status, "attendance": attendance}


@pagecache.for_members(_detail_personal)
def event_detail(request, slug):
    event = _visible_event_or_404(request, slug)
    own = selectors.own_registration(request.user, event)
    # The organisers, the programme and the participating organisations are read when the
    # template renders them: a member's page takes them from shared fragments
    # (events/event_detail.html), which then run none of their queries.
    return render(request, "events/event_detail.html", {
        "event": event,
        "agenda": SimpleLazyObject(lambda: selectors.event_agenda(event)),
        "closed_reason": event.registration_closed_reason(),
        "own_registration": own,
        "public_organisations": SimpleLazyObject(
            lambda: selectors.public_participant_organisations(event)),
        "can_manage": can_manage_event(request.user, event),
        "can_see_participants": can_see_participants(request.user, event),
        # Pages for those who hold a seat (matchmaking's "which participants fit you").
        "participant_links": hooks.participant_links.collect(event, request.user)
        if own and own.is_seated else [],
    })


@login_required
def own_registration(request, slug):
    """The signed-in person's registration for the event (the event page links here, the same
    link for everyone: the page is shared), or the event page if they have none."""
    event = _visible_event_or_404(request, slug)
    own = selectors.own_registration(request.user, event)
    return redirect(own.get_absolute_url() if own is not None else event.get_absolute_url())


def event_calendar(request, slug):
    event = _visible_event_or_404(request, slug)
    response = HttpResponse(event_ics(event), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{ics_filename(event)}"'
    return response


def register(request, slug):
    event = _visible_event_or_404(request, slug)
    if not request.user.is_authenticated:
        return _register_guest(request, event)
    form = RegistrationForm(request.POST or None, event=event, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            registration = services.register(event, form.attendee(), user=request.user,
                                              **form.options())
        except services.RegistrationError as error:
            form.add_error(None, error)
        else:
            colleague = registration.email != request.user.email.strip().lower()
            if registration.status == Registration.Status.WAITLISTED and colleague:
                messages.warning(request, _(
                    "All seats are taken: %(name)s is on the waitlist. %(name)s gets an e-mail, "
                    "you get a copy.") % {"name": registration.name})
            elif registration.status == Registration.Status.WAITLISTED:
                messages.warning(request, _("All seats are taken: the registration is on the "
                                            "waitlist. We will write when a seat frees up."))
            elif colleague:
                messages.success(request, _(
                    "The seat for %(name)s is confirmed. %(name)s gets the confirmation e-mail, "
                    "you get a copy.") % {"name": registration.name})
            else:
                messages.success(request, _("The registration is confirmed. A confirmation "
                                            "e-mail is on its way."))
            return redirect(registration.get_absolute_url())
    return render(request, "events/register.html", {
        "event": event, "form": form, "closed_reason": event.registration_closed_reason(),
    })


def _register_guest(request, event):
    """Register without an account (double opt-in). Every accepted form leads to the same
    "check your inbox" page, whether or not the address was registered already."""
    form = GuestRegistrationForm(request.POST or None, event=event)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            # The same client-IP rules as allauth's login throttle (ALLAUTH_TRUSTED_PROXY_COUNT).
            services.throttle_guest(client=get_adapter(request).get_client_ip(request),
                                    email=form.cleaned_data["email"])
            services.register_guest(event, form.attendee(), **form.options())
        except services.GuestLimitReached as error:
            form.add_error(None, error)
            status = 429
        except services.RegistrationError as error:
            form.add_error(None, error)
        else:
            return redirect("events:guest_sent", slug=event.slug)
    return render(request, "events/register.html", {
        "event": event, "form": form, "closed_reason": event.registration_closed_reason(),
        "guest": True, "hold_until": services.guest_hold_until(event),
        "hold_hours": settings.PORTAL_GUEST_HOLD_HOURS,
    }, status=status)


def register_group(request, slug):
    """Several people of one organisation at once (logged in or as a guest). Without
    JavaScript, "add another person" sends the form and gets it back with one row more."""
    event = _visible_event_or_404(request, slug)
    user = request.user if request.user.is_authenticated else None
    # Each person answers the event's questions (e.g. "Teilnahme am Abendessen") in their row.
    questions = list(event.questions.all())
    form = GroupForm(request.POST or None, user=user, event=event, questions=questions)
    people = PersonFormSet(request.POST or None, prefix="people",
                           form_kwargs={"questions": questions})
    status = 200
    if request.method == "POST" and "add_row" in request.POST:
        form = GroupForm(initial={k: v for k, v in request.POST.items()}, user=user, event=event,
                         questions=questions)
        people = formset_factory(PersonForm, formset=BasePersonFormSet, extra=1)(
            initial=people.rows(), prefix="people", form_kwargs={"questions": questions})
    elif request.method == "POST" and form.is_valid() and people.is_valid():
        registrant = form.registrant()
        members = people.members()
        if form.cleaned_data.get("attend"):
            members.insert(0, registrant)
        data = form.cleaned_data
        try:
            if user is None:
                for member in [registrant, *members]:
                    services.throttle_guest(client=get_adapter(request).get_client_ip(request),
                                            email=member.email)
            services.register_group(
                event, members, organisation=data.get("organisation"),
                organisation_name=data.get("organisation_name", ""), user=user,
                registrant=None if user else registrant, attendance=data.get("attendance"))
        except services.GuestLimitReached as error:
            form.add_error(None, error)
            status = 429
        except services.RegistrationError as error:
            form.add_error(None, error)
        else:
            if user is None:
                return redirect("events:guest_sent", slug=event.slug)
            messages.success(request, ngettext(
                "%(n)s person is registered. Each gets their own e-mail; you get a summary.",
                "%(n)s people are registered. Each gets their own e-mail; you get a summary.",
                len(members)) % {"n": len(members)})
            return redirect("my_portal")
    return render(request, "events/register_group.html", {
        "event": event, "form": form, "people": people, "guest": user is None,
        "closed_reason": event.registration_closed_reason(),
        "hold_hours": settings.PORTAL_GUEST_HOLD_HOURS,
    }, status=status)


def guest_sent(request, slug):
    """After a guest's registration: the link is in the mail (the same page for every address)."""
    event = _visible_event_or_404(request, slug)
    return render(request, "events/guest_sent.html", {
        "event": event, "hold_hours": settings.PORTAL_GUEST_HOLD_HOURS})


@never_cache
def guest_confirm(request, token):
    """The link of a guest's first e-mail. Opening it changes nothing (mail scanners open
    links); the button confirms, once."""
    registration = services.guest_registration_to_confirm(token)
    if registration is None:
        return render(request, "events/guest_confirm.html",
                      {"invalid": _("This confirmation link was used already or is not valid.")},
                      status=404)
    if chosen_language(request) is None and registration.language in dict(settings.LANGUAGES):
        translation.activate(registration.language)
        request.LANGUAGE_CODE = registration.language
    if request.method == "POST":
        try:
            registration = services.confirm_guest(token)
        except services.RegistrationError as error:
            return render(request, "events/guest_confirm.html",
                          {"invalid": error.messages[0], "event": registration.event},
                          status=410 if error.code == "expired" else 404)
        if registration.is_waitlisted:
            messages.warning(request, _("Your address is confirmed. All seats are taken: you "
                                        "are on the waitlist. We will write when a seat frees up."))
        else:
            messages.success(request, _("Your address is confirmed, and so is your seat. A "
                                        "confirmation e-mail is on its way."))
        return redirect(registration.get_absolute_url())
    return render(request, "events/guest_confirm.html", {
        "registration": registration, "event": registration.event,
        "expired": registration.hold_expires_at <= timezone.now()})


def registration_detail(request, token):
    """The secret link from the e-mails: see and cancel the registration without logging in."""
    registration = get_object_or_404(
        Registration.objects.select_related("event", "organisation"), token=token,
        anonymised_at__isnull=True)
    if registration.is_unconfirmed:  # a guest's address not confirmed yet: nobody has the link
        raise Http404
    if request.method == "POST":
        try:
            services.cancel_registration(registration)
        except services.RegistrationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("The registration is cancelled."))
        return redirect(registration.get_absolute_url())
    if chosen_language(request) is None and registration.language in dict(settings.LANGUAGES):
        # Reached from an e-mail: the page speaks the language the e-mails are written in.
        translation.activate(registration.language)
        request.LANGUAGE_CODE = registration.language
    return render(request, "events/registration_detail.html", {
        "registration": registration, "event": registration.event,
        "answers_form": _answers_form(registration),
        "answers": selectors.answers_of(registration),
        "choices": selectors.agenda_choices_with_positions(registration),
        "position": registration.waitlist_position(),
        "qr_svg": checkin.qr_svg(registration) if registration.is_seated else "",
    })


def _answers_form(registration, data=None):
    """The form to change one's answers, while they may change (None: nothing to ask)."""
    if not registration.is_expected or registration.event.is_over():
        return None
    form = AnswersForm(data, registration=registration)
    return form if form.questions else None


def registration_answers(request, token):
    """Change the answers to the event's questions, by the secret link (no login)."""
    registration = get_object_or_404(
        Registration.objects.select_related("event", "organisation"), token=token,
        anonymised_at__isnull=True)
    form = _answers_form(registration, request.POST if request.method == "POST" else None)
    if form is None:
        raise Http404
    if request.method == "POST" and form.is_valid():
        try:
            services.update_answers(registration, form.answers())
        except services.RegistrationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your answers are saved."))
            return redirect(registration.get_absolute_url())
    return render(request, "events/registration_answers.html", {
        "registration": registration, "event": registration.event, "form": form})


@require_POST
def withdraw_consent(request, token):
    """From the secret-link page or My portal: off the public participant overview at once.
    The secret link is the right to it, as it is to cancel."""
    registration = get_object_or_404(Registration, token=token)
    by = request.user if request.user.is_authenticated else None
    if services.withdraw_consent(registration, by=by):
        messages.success(request, _("Your organisation is no longer shown in the public "
                                    "participant overview."))
    if request.POST.get("back") == "my_portal" and by is not None:
        return redirect("my_portal")
    return redirect(registration.get_absolute_url())


# Staff --------------------------------------------------------------------------------------

MANAGE_PAST_PAGE_SIZE = 25


@login_required
def manage_list(request):
    require(can_create_event(request.user))
    past = pagination.get_page(selectors.managed_past(request.user), request.GET.get("page"),
                               MANAGE_PAST_PAGE_SIZE)
    return render(request, "events/manage_list.html", {
        "upcoming": selectors.managed_upcoming(request.user),
        "past": past, "past_links": pagination.page_links(past),
        "series_list": selectors.managed_series(request.user),
    })


def _series_form(request, series):
    form = SeriesForm(request.POST or None, instance=series, user=request.user)
    if request.method == "POST" and form.is_valid():
        organisers = form.cleaned_data["organisers"]
        series = form.save(commit=False)
        try:
            services.save_series(series, organisers=organisers, by=request.user)
        except services.EventChangeRefused as error:
            form.add_error("organisers" if error.code == "organiser_not_managed" else None,
                           error)
        else:
            messages.success(request, _("The series is saved."))
            return redirect(series.get_absolute_url())
    return render(request, "events/series_form.html", {
        "form": form, "series": series if series.pk else None})


@login_required
def series_create(request):
    require(can_create_event(request.user))
    return _series_form(request, EventSeries())


@login_required
def series_edit(request, slug):
    series = get_object_or_404(EventSeries.objects.prefetch_related("organisers"), slug=slug)
    require(can_manage_series(request.user, series))
    return _series_form(request, series)


# Where the edit form shows a refused change (None: above the form).
_REFUSAL_FIELDS = {"capacity_below_seats": "capacity", "back_to_draft": "status",
                   "organiser_not_managed": "organisers"}


def _saved_message(event, *, was_published: bool) -> str:
    if event.is_published and not was_published:
        return _("The event is published: everyone can see it and register.")
    if event.is_draft:
        return _("The event is saved as a draft: only its organisers see it.")
    return _("The event is saved.")


def _edit(request, event):
    was_published = bool(event.pk) and event.is_published  # before the form sets the new status
    form = EventForm(request.POST or None, instance=event, user=request.user)
    formset = AgendaItemFormSet(request.POST or None, instance=event if event.pk else None,
                                prefix="agenda")
    # A post without the questions' rows (an older form) leaves the questions as they are.
    asked = request.method != "POST" or "questions-TOTAL_FORMS" in request.POST
    questions = QuestionFormSet(request.POST if asked and request.POST else None,
                                instance=event if event.pk else None, prefix="questions")
    if (request.method == "POST" and form.is_valid() and formset.is_valid()
            and (not asked or questions.is_valid())):
        organisers = form.cleaned_data["organisers"]
        event = form.save(commit=False)
        if "publish" in request.POST:  # the "Publish" button, whatever the status field says
            event.status = Event.Status.PUBLISHED
        try:
            services.save_event(event, organisers=organisers, agenda=formset.rows(),
                                questions=questions.rows() if asked else None,
                                by=request.user)
        except services.EventChangeRefused as error:
            form.add_error(_REFUSAL_FIELDS.get(error.code), error)
        else:
            messages.success(request, _saved_message(event, was_published=was_published))
            return redirect(event.get_absolute_url())
    return render(request, "events/event_form.html", {
        "form": form, "formset": formset, "questions": questions,
        "event": event if event.pk else None,
        "history": selectors.event_history(event) if event.pk else [],
    })


@login_required
def event_create(request):
    require(can_create_event(request.user))
    return _edit(request, Event())


@login_required
def event_edit(request, slug):
    return _edit(request, _event_or_403(request, slug))


@login_required
@require_POST
def event_copy(request, slug):
    event = _event_or_403(request, slug)
    copy = services.copy_event(event, by=request.user)
    messages.success(request, _("Copied as a draft. Change its dates and address, then publish it."))
    return redirect("events:edit", slug=copy.slug)


@login_required
@require_POST
def event_cancel(request, slug):
    event = _event_or_403(request, slug)
    try:
        count = services.cancel_event(event, by=request.user)
    except services.EventChangeRefused as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, ngettext(
            "The event is cancelled; %(count)s person is being told.",
            "The event is cancelled; %(count)s people are being told.", count) % {"count": count})
    return redirect(event.get_absolute_url())


@login_required
def event_outbox(request, slug):
    event = _event_or_403(request, slug)
    return render(request, "events/outbox.html", {
        "event": event, **mail.outbox_page(event.reference, request.GET)})


@login_required
@require_POST
def event_outbox_resend(request, slug, pk):
    event = _event_or_403(request, slug)
    email = get_object_or_404(OutgoingEmail, pk=pk, reference=event.reference)
    try:
        services.resend_email(email, event=event, by=request.user)
    except services.ResendRefused as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The e-mail to %(to)s is queued again.") % {"to": email.to})
    return redirect("events:outbox", slug=event.slug)


@login_required
def event_message(request, slug):
    """Write to the event's people: the form, then a preview with the number of recipients,
    then (a second POST with the same fields and `confirm`) the sending."""
    event = _event_or_403(request, slug)
    initial = {"audiences": [a for a in request.GET.getlist("to")
                             if a in EventMessage.Audience.values]}
    if request.GET.get("part") in EventMessage.Part.values:
        initial["part"] = request.GET["part"]
    form = EventMessageForm(request.POST or None, initial=initial, event=event)
    preview = None
    if request.method == "POST" and form.is_valid():
        values = form.values()
        if request.POST.get("confirm") == "1":
            try:
                message = services.send_event_message(event, **values, by=request.user)
            except services.MessageRefused as error:
                form.add_error(None, error)
            else:
                messages.success(request, ngettext(
                    "The message is on its way to %(count)s person.",
                    "The message is on its way to %(count)s people.", message.recipients)
                    % {"count": message.recipients})
                return redirect("events:outbox", slug=event.slug)
        part = values.pop("part")
        draft = EventMessage(event=event, **values)
        recipients = services.message_addressees(event, values["audiences"], part=part)
        for recipient in recipients:
            recipient.obj.event = event
        preview = messages_shared.preview(draft, recipients, render=services.render_message,
                                          disguise=services.disguise_registration)
    return render(request, "events/message_form.html", {
        "event": event, "form": form, "preview": preview,
        "sent": selectors.event_messages(event)})


# ?print=…: the printable views of the list, recorded like the exports (history.PRINT_FORMATS).
PRINT_VIEWS = {"badges": "events/participants_badges.html",
               "sheet": "events/participants_sheet.html"}


@login_required
def participants(request, slug):
    event = _event_or_403(request, slug, can_see_participants)
    form = ParticipantFilterForm(request.GET or None, event=event)
    registrations = form.order(form.filter(selectors.participants(event)))
    questions = form.all_questions
    if questions:  # the answers, one query for the page (none for an event without questions)
        registrations = registrations.prefetch_related("answers")
    positions = selectors.waitlist_positions(event)
    fmt = exports.requested_format(request)
    if fmt:
        def exporter():  # called only when the export goes ahead
            services.record_export(event, fmt=fmt, rows=registrations.count(),
                                   filters=form.applied(), by=request.user)
            return ParticipantExporter(event, registrations, positions, questions)

        return exports.response_for(request, exporter,
                                    columns=ParticipantExporter.columns_for(event, questions),
                                    not_understood=[form.error_text()] if form.errors else ())
    printing = request.GET.get("print")
    page = None
    order = request.GET.get("order") if request.GET.get("order") in selectors.PRINT_ORDERS \
        else selectors.PRINT_ORDERS[0]
    size = request.GET.get("size") if request.GET.get("size") in BADGE_SIZES else "90x54"
    if printing in PRINT_VIEWS:  # badges and the sign-in sheet: every row, on paper
        rows = selectors.in_print_order(registrations, order)
        shown = len(rows)
    else:
        # The count on the plain filtered rows: no prefetch or ordering in the COUNT.
        paginator = Paginator(registrations, PARTICIPANTS_PER_PAGE)
        page = paginator.get_page(request.GET.get("page"))
        rows = list(page.object_list)
        shown = paginator.count
    for registration in rows:
        registration.position = positions.get(registration.pk)
        stored = ({answer.question_id: answer.value for answer in registration.answers.all()}
                  if questions else {})
        registration.answer_cells = [(question, question.display(stored.get(question.pk, "")))
                                     for question in questions]
    query = request.GET.copy()
    # The export and print links repeat exactly the filters shown (not the ignored ones).
    for name in ["format", "print", "page", "order", "size", *form.errors]:
        query.pop(name, None)
    # The column headers' links: the filters without the sort (each header sets its own).
    unsorted = query.copy()
    unsorted.pop("sort", None)
    template = PRINT_VIEWS.get(printing, "events/participants.html")
    if printing in PRINT_VIEWS:
        services.record_export(event, fmt=printing, rows=len(rows), filters=form.applied(),
                               by=request.user)
    sorted_by, descending = form.sorting()
    return render(request, template, {
        "event": event, "form": form, "registrations": rows, "page": page,
        "counts": selectors.participant_counts(event), "shown": shown,
        "query": query.urlencode(), "unsorted": unsorted.urlencode(), "formats": exports.FORMATS,
        "columns": _sort_columns(sorted_by, descending), "questions": questions,
        "too_early": services.check_in_refusal(event),
        "order": order, "size": size, "sizes": BADGE_SIZES, "filters": form.described(),
    })


PARTICIPANTS_PER_PAGE = 50
# Badge sizes of common label sheets: ten 90 × 54 mm labels on A4 (Avery Zweckform L4785 and
# the like), or one badge per A6 card (for A6 badge holders). Each has its own print stylesheet.
BADGE_SIZES = {"90x54": gettext_lazy("90 × 54 mm (10 per A4 sheet)"),
               "a6": gettext_lazy("A6 (one per card)")}


@login_required
def participants_columns(request, slug):
    """Choose the columns of the participants export, and saved choices for the organisers."""
    event = _event_or_403(request, slug, can_see_participants)
    organisers = list(event.organisers.all())
    url = reverse("events:participants", args=[event.slug])
    return export_columns.chooser_page(request, export_columns.Scope(
        kind="events.participants", columns=ParticipantExporter.columns_for(event),
        export_url=url,
        back_url=url, title=_("Export the participants"), subject=event.title,
        organiser_ids={organisation.pk for organisation in organisers},
        share_with=[(o.pk, o.name) for o in acts_for(request.user, organisers)]))


def _sort_columns(sorted_by: str, descending: bool) -> dict:
    """Per sortable column: the ?sort= its header links to, and its aria-sort value."""
    columns = {}
    for name in ParticipantFilterForm.SORTS:
        current = name == sorted_by
        columns[name] = {
            "sort": f"-{name}" if current and not descending else name,
            "aria": ("descending" if descending else "ascending") if current else "",
        }
    return columns


@login_required
def registrations_export(request):
    """All registrations of the events starting in a period, across events (funding reports)."""
    require(can_export_all_registrations(request.user))
    form = PeriodExportForm(request.GET)
    if not form.is_valid():
        return exports.response_for(request, None, not_understood=[form.error_text()])
    start, end = form.cleaned_data["from"], form.cleaned_data["to"]

    def exporter():
        services.record_period_export(start=start, end=end, fmt=exports.requested_format(request),
                                      by=request.user)
        return PeriodRegistrationExporter(selectors.registrations_in_period(start, end), start, end)

    return exports.response_for(request, exporter, columns=PeriodRegistrationExporter.columns)


@login_required
def registrations_export_columns(request):
    """Choose the columns of the cross-event registrations export of a period (`?from=&to=`,
    as the statistics page links it); economic development saves choices for themselves."""
    from django.http import HttpResponseBadRequest
    from django.utils.formats import date_format

    require(can_export_all_registrations(request.user))
    form = PeriodExportForm(request.GET)
    if not form.is_valid():
        return HttpResponseBadRequest(form.error_text(), content_type="text/plain; charset=utf-8")
    start, end = form.cleaned_data["from"], form.cleaned_data["to"]
    # Back to the statistics of the same period (the filters `from` and `to` are appended).
    back = f"{reverse('reports:statistics')}?period=custom"
    return export_columns.chooser_page(request, export_columns.Scope(
        kind="events.registrations_period", columns=PeriodRegistrationExporter.columns,
        export_url=reverse("events:registrations_export"), back_url=back,
        title=_("Export the registrations of a period"),
        subject=f"{date_format(start)} – {date_format(end)}"))


@login_required
@require_POST
def check_in(request, slug, pk):
    event = _event_or_403(request, slug, can_see_participants)
    registration = get_object_or_404(Registration, pk=pk, event=event)
    attended = request.POST.get("attended", "1") == "1"
    try:
        services.check_in(registration, attended=attended, by=request.user, day_rule=True,
                          override=request.POST.get("override") == "1")
    except services.RegistrationError as error:
        messages.error(request, error.messages[0])
    else:
        if attended:
            messages.success(request, _("%(name)s is checked in.") % {"name": registration.name})
        else:
            messages.info(request, _("Check-in of %(name)s undone.") % {"name": registration.name})
    # Back to the same filtered list; only a query string is accepted (no open redirect).
    back = request.POST.get("next", "")
    if not back.startswith("?") or "#" in back:
        back = ""
    # The row's anchor: the list opens where it was, at the person just checked in.
    return redirect(reverse("events:participants", args=[event.slug]) + back
                    + f"#registration-{registration.pk}")


@login_required
def check_in_lookup(request, slug):
    """?code=…: the check-in code staff typed (or a scanner typed as a link) opens that
    person's check-in page; a code that is no one's goes back with a message."""
    event = _event_or_403(request, slug, can_see_participants)
    code = selectors.typed_check_in_code(event, request.GET.get("code", ""))
    if code is None:
        messages.error(request, _("No registration of this event has the check-in code "
                                  "“%(code)s”. Check the eight characters and try again.")
                       % {"code": request.GET.get("code", "").strip()[:40]})
        return redirect("events:participants", slug=event.slug)
    return redirect("events:check_in_code", slug=event.slug, code=code)


@never_cache
def check_in_code(request, slug, code):
    """The page the personal QR code opens. People who may check in (can_see_participants) see
    the person and one button; anyone else a page that tells nothing about them."""
    event = get_object_or_404(Event.objects.prefetch_related("organisers"), slug=slug)
    if not (request.user.is_authenticated and can_see_participants(request.user, event)):
        return render(request, "events/check_in_code.html", {"event": event, "staff": False})
    registration = selectors.registration_by_check_in_code(event, code)
    if request.method == "POST" and registration is not None:
        attended = request.POST.get("attended", "1") == "1"
        try:
            services.check_in(registration, attended=attended, by=request.user, day_rule=True,
                              override=request.POST.get("override") == "1")
        except services.RegistrationError as error:
            messages.error(request, error.messages[0])
        else:
            if attended:
                messages.success(request, _("%(name)s is checked in.") % {"name": registration.name})
            else:
                messages.info(request, _("Check-in of %(name)s undone.") % {"name": registration.name})
        return redirect(request.path)
    return render(request, "events/check_in_code.html", {
        "event": event, "staff": True, "registration": registration,
        "too_early": services.check_in_refusal(event),
        "counts": selectors.participant_counts(event),
    })


@require_POST
def walk_in(request, slug):
    """A person registered at the door by staff, checked in at once (the participant list)."""
    event = _event_or_403(request, slug, can_see_participants)
    form = WalkInForm(request.POST, event=event)
    if form.is_valid():
        data = form.cleaned_data
        try:
            registration = services.register_walk_in(
                event, name=data["name"], email=data["email"],
                organisation_name=data["organisation_name"], overbook=data["overbook"],
                attendance=data.get("attendance"), by=request.user)
        except services.RegistrationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, (
                _("%(name)s is registered online and checked in.")
                if registration.is_online else
                _("%(name)s is registered and checked in.")) % {"name": registration.name})
    else:
        messages.error(request, form.error_text())
    return redirect(reverse("events:participants", args=[event.slug]))

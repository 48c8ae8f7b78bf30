from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from delegations.models import DelegationTrip
from events import selectors as event_selectors
from matchmaking import permissions, selectors, services
from matchmaking.forms import InterestsForm, IntroductionForm, PartnerFilterForm
from matchmaking.models import Introduction
from members.models import Organization


def _organisation(request, slug) -> Organization:
    organisation = get_object_or_404(Organization.objects.select_related("region"), slug=slug)
    if not organisation.is_public and not permissions.can_edit_interests(request.user,
                                                                          organisation):
        raise Http404
    return organisation


@login_required
def partners(request, slug):
    """"Matching partners" of one organisation, ranked, with their reasons; region and kind."""
    organisation = _organisation(request, slug)
    permissions.require(permissions.can_see_suggestions(request.user, organisation))
    form = PartnerFilterForm(request.GET or None)
    region = kind = ""
    if form.is_valid():
        region = form.cleaned_data["region"].slug if form.cleaned_data["region"] else ""
        kind = form.cleaned_data["kind"]
    elif form.is_bound:
        messages.warning(request, _("A filter had an unknown value and was ignored."))
        form = PartnerFilterForm()
    return render(request, "matchmaking/partners.html", {
        "organisation": organisation, "form": form, "filtered": bool(region or kind),
        "suggestions": selectors.suggestions(organisation, region=region, kind=kind),
        "interests": selectors.interests_of(organisation),
    })


@login_required
def edit_interests(request, slug):
    organisation = get_object_or_404(Organization, slug=slug)
    permissions.require(permissions.can_edit_interests(request.user, organisation))
    form = InterestsForm(request.POST or None,
                         initial=InterestsForm.initial_for(selectors.interests_of(organisation)))
    if request.method == "POST" and form.is_valid():
        try:
            services.save_interests(organisation, by=request.user, **form.values())
        except services.MatchmakingError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The offers and needs are saved."))
            return redirect(organisation.get_absolute_url())
    return render(request, "matchmaking/edit.html", {"organisation": organisation, "form": form})


@login_required
def request_contact(request, slug):
    """"Ask for an introduction": the message goes to the organisation's people by e-mail."""
    organisation = get_object_or_404(Organization, slug=slug, status=Organization.Status.PUBLISHED)
    permissions.require(permissions.can_request_introduction(request.user, organisation))
    represented = permissions.represented_organisation_ids(request.user)
    form = IntroductionForm(request.POST or None, represented=represented)
    if request.method == "POST" and form.is_valid():
        try:
            introduction = services.request_introduction(
                organisation, by=request.user, message=form.cleaned_data["message"],
                on_behalf_of=form.cleaned_data.get("on_behalf_of"))
        except services.MatchmakingError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your request has been sent. You will hear by e-mail "
                                        "when they answer."))
            return redirect(introduction.get_absolute_url())
    return render(request, "matchmaking/contact.html", {"organisation": organisation,
                                                        "form": form})


@login_required
def introduction(request, pk):
    """The request as the asker and the answerers see it; answerers accept or decline it."""
    introduction = get_object_or_404(
        Introduction.objects.select_related("organization", "on_behalf_of", "requested_by"), pk=pk)
    permissions.require(permissions.can_see_introduction(request.user, introduction))
    can_answer = permissions.can_answer_introduction(request.user, introduction)
    if request.method == "POST":
        permissions.require(can_answer)
        decision = request.POST.get("decision")
        if decision not in ("accept", "decline"):
            raise Http404
        try:
            services.decide_introduction(introduction, by=request.user,
                                         accept=decision == "accept")
        except services.MatchmakingError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("You accepted. You both have each other's contact by "
                                        "e-mail now.") if decision == "accept"
                             else _("You declined. The person who asked has been told."))
        return redirect(introduction.get_absolute_url())
    return render(request, "matchmaking/introduction.html", {
        "introduction": introduction, "can_answer": can_answer,
        "is_asker": introduction.requested_by_id == request.user.pk,
        "asker_name": services.display_name(introduction.requested_by),
    })


def _room_page(request, room):
    permissions.require(room is not None)
    return render(request, "matchmaking/room.html", {
        "room": room, "suggestions": room.fits,
        "can_edit": bool(room.organisation)
        and permissions.can_edit_interests(request.user, room.organisation)})


@login_required
def event_room(request, slug):
    """Which of the event's participants fit one's organisation: for those holding a seat."""
    event = event_selectors.event_detail(slug)
    if event is None or event.is_draft:
        raise Http404
    return _room_page(request, services.event_room(event, request.user))


@login_required
def trip_room(request, slug):
    """Which of the trip's accepted participants fit one's organisation: for accepted ones."""
    trip = get_object_or_404(DelegationTrip.objects.exclude(status=DelegationTrip.Status.DRAFT),
                             slug=slug)
    return _room_page(request, services.trip_room(trip, request.user))

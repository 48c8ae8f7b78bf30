from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members import hooks, permissions, selectors, services
from members.exporters import DirectoryExporter
from members.forms import (
    ContactFormSet,
    CurationForm,
    LogoForm,
    MembershipForm,
    NewMemberForm,
    ProfileForm,
    ProposeOrganisationForm,
    RepresentationForm,
    ReviewForm,
    contact_rows,
)
from members.models import Membership, Organization, ProfileChangeRequest, Region, Representative
from network_portal import export_columns, exports, pagecache, pagination

PAGE_SIZE = 25
# A cluster's profile lists its members in pages of this many (the biggest has over 1,400).
MEMBERS_PAGE_SIZE = 50


def _list_personal(request):
    """What of the directory depends on the person (pagecache.for_members): the export buttons.
    An export is the person's own request, never a shared page."""
    if exports.requested_format(request):
        return None
    return {"can_export": permissions.can_export_directory(request.user)}


@pagecache.for_members(_list_personal)
def organisation_list(request):
    """The public directory; `format=` exports exactly the filtered rows for staff."""
    if exports.requested_format(request):
        filterset, ignored = selectors.directory_filter(request.GET)
        permissions.require(permissions.can_export_directory(request.user))
        return exports.response_for(request, lambda: DirectoryExporter(filterset.qs),
                                    not_understood=ignored, columns=DirectoryExporter.columns)
    # Everything the list shows is read only when the template renders it: a member's page
    # takes it from the shared fragment (members/organisation_list.html). Only a request with
    # filters builds the filter set first, to say which of them it ignored.
    found = SimpleLazyObject(lambda: selectors.directory_filter(request.GET))
    if selectors.has_filters(request.GET):
        for label in found[1]:
            messages.warning(request, _("The filter “%(filter)s” had an unknown value and was "
                                        "ignored.") % {"filter": label})
    filterset = SimpleLazyObject(lambda: found[0])
    page = SimpleLazyObject(lambda: selectors.directory_page(filterset, request.GET.get("page"),
                                                             PAGE_SIZE))
    choices = SimpleLazyObject(selectors.directory_choices)
    querystring = SimpleLazyObject(lambda: selectors.filter_querystring(filterset))
    return render(request, "members/organisation_list.html", {
        "filter": filterset,
        "values": SimpleLazyObject(lambda: _filter_values(filterset)),
        **{name: SimpleLazyObject(lambda name=name: choices[name])
           for name in selectors.DIRECTORY_CHOICES},
        "cluster_limit": selectors.CLUSTER_SUGGESTIONS,
        "page": page,
        "page_links": SimpleLazyObject(lambda: pagination.page_links(page)),
        "querystring": querystring,
        "filtered": SimpleLazyObject(lambda: bool(str(querystring))),
        "can_export": permissions.can_export_directory(request.user),
        "export_formats": exports.FORMATS,
    })


@login_required
def organisation_list_columns(request):
    """Choose the columns of the directory export; a cluster manager saves choices for their
    clusters (shared with the cluster's other managers) or for themselves."""
    permissions.require(permissions.can_export_directory(request.user))
    clusters = list(Organization.objects.filter(
        pk__in=permissions.managed_cluster_ids(request.user)).order_by("name").only("pk", "name"))
    url = reverse("members:list")
    return export_columns.chooser_page(request, export_columns.Scope(
        kind="members.directory", columns=DirectoryExporter.columns, export_url=url,
        back_url=url, title=_("Export the directory"),
        organiser_ids={cluster.pk for cluster in clusters},
        share_with=[(cluster.pk, cluster.name) for cluster in clusters]))


def _filter_values(filterset) -> dict:
    """The filter form's current values as the URL has them (codes), for the hand-written form."""
    data = filterset.form.cleaned_data if filterset.is_valid() else {}
    cluster = data.get("cluster")
    return {
        "q": data.get("q") or "",
        "kind": data.get("kind") or "",
        "stage": data["stage"].code if data.get("stage") else "",
        "region": data["region"].slug if data.get("region") else "",
        "cluster": cluster.slug if cluster else "",
        "topic": data["topic"].code if data.get("topic") else "",
    }


def cluster_search(request):
    """Clusters whose name contains `q`, as JSON ({"results": [{"name", "slug"}]}): the cluster
    filter's suggestions as one types. Published clusters only, which the directory shows to
    everyone anyway."""
    results = selectors.cluster_suggestions(request.GET.get("q", ""), limit=20)
    return JsonResponse({"results": results})


def _visible_organisation(request, slug) -> Organization:
    """A published profile for everyone; other states only for those who may edit it."""
    organisation = get_object_or_404(selectors.profile_queryset(), slug=slug)
    if not organisation.is_public and not permissions.can_edit_profile(request.user, organisation):
        raise Http404
    return organisation


def _detail_personal(request, slug):
    """What of a profile depends on the person (pagecache.for_members): nothing for a member
    who is not staff (curators, cluster managers, admins) and neither represents the
    organisation nor asked to (for them the edit, curation, consent and representation parts
    are empty, and matchmaking's section offers to ask for an introduction); everyone else, and
    every profile that is not published, gets the page rendered for them."""
    if permissions.is_staff_member(request.user):
        return None
    organisation_id = selectors.published_profile_id(slug)
    if organisation_id is None or organisation_id in permissions.representation_ids(request.user):
        return None
    return {}


@pagecache.for_members(_detail_personal)
def organisation_detail(request, slug):
    organisation = _visible_organisation(request, slug)
    can_curate = permissions.can_curate_organisation(request.user, organisation)
    # The lists are read when the template renders them: a member's page takes the profile's
    # facts, its sections from other apps and a cluster's member list from shared fragments
    # (members/organisation_detail.html), which then run none of their queries.
    context = {
        "organisation": organisation,
        "memberships": SimpleLazyObject(lambda: selectors.profile_memberships(organisation)),
        "public_contacts": SimpleLazyObject(lambda: selectors.public_contacts(organisation)),
        "can_edit": permissions.can_edit_profile(request.user, organisation),
        "can_curate": can_curate,
        "can_manage_cluster": permissions.can_manage_cluster(request.user, organisation),
        "sections": hooks.profile_sections.collect(organisation, request.user),
    }
    if organisation.is_cluster:
        search = request.GET.get("q", "")
        page = SimpleLazyObject(lambda: selectors.cluster_members_page(
            organisation, search=search, number=request.GET.get("page"),
            per_page=MEMBERS_PAGE_SIZE))
        context.update(members=page, members_search=" ".join(search.split())[:200],
                       members_links=SimpleLazyObject(lambda: pagination.page_links(page)),
                       members_query=urlencode({"q": search}) if search.strip() else "")
    if can_curate:
        context["history"] = selectors.profile_history(organisation)
        context["actions"] = selectors.audit_history(organisation)
        context["representatives"] = selectors.confirmed_representatives(organisation)
    if permissions.may_consent_for(request.user, organisation):
        context["membership_requests"] = selectors.membership_requests(request.user, organisation)
    if request.user.is_authenticated and not context["can_edit"]:
        context["representation_requested"] = permissions.representation_requested(
            request.user, organisation)
    return render(request, "members/organisation_detail.html", context)


@pagecache.for_members(lambda request: {})
def value_chain(request):
    region = None
    slug = request.GET.get("region")
    if slug:
        region = Region.objects.filter(slug=slug).first()
        if region is None:
            messages.warning(request, _("The filter “%(filter)s” had an unknown value and was ignored.")
                             % {"filter": _("Region")})
    return render(request, "members/value_chain.html", selectors.value_chain(region))


def logo(request, slug):
    """The stored (resized) logo; served by the portal so it works without a media server."""
    organisation = get_object_or_404(Organization, slug=slug)
    if not organisation.is_public and not permissions.can_edit_profile(request.user, organisation):
        raise Http404
    # An unpublished profile's logo is for its editors only: no shared cache may keep it.
    return _image_response(organisation.logo, public=organisation.is_public)


def _image_response(image, *, public: bool) -> FileResponse:
    """A stored PNG (logos are always stored as PNG), or 404 when there is none."""
    if not image:
        raise Http404
    try:
        file = image.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(file, content_type="image/png")
    response["Cache-Control"] = "public, max-age=3600" if public else "private, no-store"
    return response


@login_required
def proposed_logo(request, pk):
    """The logo waiting in a change request: for its reviewers and the person who proposed it."""
    change_request = get_object_or_404(ProfileChangeRequest.objects.select_related("organization"),
                                       pk=pk)
    permissions.require(change_request.requested_by_id == request.user.pk
                        or permissions.can_curate_organisation(request.user,
                                                               change_request.organization))
    return _image_response(change_request.proposed_logo, public=False)


@login_required
def edit(request, slug):
    """A representative's (or curator's) profile form; published profiles go through review."""
    organisation = get_object_or_404(Organization, slug=slug)
    permissions.require(permissions.can_edit_profile(request.user, organisation))
    # A proposal still waiting for review is shown, so a second edit continues it.
    form = ProfileForm(request.POST or None, instance=Organization.objects.get(pk=organisation.pk),
                       initial=selectors.waiting_values(organisation, request.user))
    if request.method == "POST" and form.is_valid():
        try:
            change_request = services.edit_profile(organisation, by=request.user,
                                                   values=form.values())
        except services.CurationError as error:
            form.add_error(None, error)
        else:
            if change_request == services.WITHDRAWN:
                messages.success(request, _("Your proposed changes have been withdrawn; the "
                                            "published profile stays as it is."))
            elif change_request:
                messages.success(request, _("Thank you. A cluster manager will review your changes "
                                            "before they appear in the directory."))
            else:
                messages.success(request, _("The profile has been saved."))
            return redirect(organisation.get_absolute_url())
    return _render_edit(request, organisation, form=form, logo_form=LogoForm())


def _render_edit(request, organisation, *, form, logo_form, status=200):
    return render(request, "members/edit.html", {
        "organisation": organisation, "form": form, "logo_form": logo_form,
        "pending": selectors.pending_change_requests(organisation),
        "can_submit": organisation.is_draft,
    }, status=status)


@login_required
@require_POST
def upload_logo(request, slug):
    organisation = get_object_or_404(Organization, slug=slug)
    permissions.require(permissions.can_edit_profile(request.user, organisation))
    form = LogoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            change_request = services.set_logo(organisation, form.cleaned_data["logo"],
                                               by=request.user)
        except services.CurationError as error:
            form.add_error("logo", error)
        else:
            if change_request:
                messages.success(request, _("Thank you. A cluster manager will review the new logo "
                                            "before it appears in the directory."))
            else:
                messages.success(request, _("The logo has been saved."))
            return redirect("members:edit", slug=organisation.slug)
    return _render_edit(request, organisation, form=ProfileForm(instance=organisation),
                        logo_form=form, status=400)


@login_required
@require_POST
def submit(request, slug):
    organisation = get_object_or_404(Organization, slug=slug)
    permissions.require(permissions.can_edit_profile(request.user, organisation))
    _act(request, lambda: services.submit_for_review(organisation, by=request.user),
         success=_("The profile has been submitted for review."))
    return redirect(organisation.get_absolute_url())


def _act(request, action, *, success: str) -> None:
    """Run a service for a POST button: its refusal or the success becomes the page's message."""
    try:
        action()
    except services.CurationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)


@login_required
def propose(request):
    """A signed-in person registers an organisation that is not in the directory yet."""
    form = ProposeOrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.propose_organisation(by=request.user, **form.cleaned_data)
        except services.CurationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you. The cluster managers will review the profile "
                                        "of %(name)s and confirm you as its representative.")
                             % {"name": organisation.name})
            # The pending profile is not visible to them before they are confirmed.
            return redirect("my_portal")
    return render(request, "members/propose.html", {"form": form})


@login_required
def represent(request, slug):
    """A signed-in person asks to represent an organisation."""
    organisation = _visible_organisation(request, slug)
    form = RepresentationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_representation(organisation, by=request.user,
                                            message=form.cleaned_data["message"])
        except services.CurationError as error:
            messages.info(request, " ".join(error.messages))
        else:
            messages.success(request, _("Your request has been sent to the cluster managers."))
        return redirect(organisation.get_absolute_url())
    return render(request, "members/represent.html", {"organisation": organisation, "form": form})


@login_required
def contacts(request, slug):
    """Contact persons of an organisation, for its representatives and curators."""
    organisation = get_object_or_404(Organization, slug=slug)
    permissions.require(permissions.can_edit_profile(request.user, organisation))
    formset = ContactFormSet(request.POST or None, instance=organisation)
    if request.method == "POST" and formset.is_valid():
        services.save_contacts(organisation, by=request.user, rows=contact_rows(formset))
        messages.success(request, _("The contact persons have been saved."))
        return redirect(organisation.get_absolute_url())
    return render(request, "members/contacts.html", {"organisation": organisation,
                                                      "formset": formset})


@login_required
def curate(request, slug):
    """Status, stages and topics: for the managers of the organisation's clusters."""
    organisation = get_object_or_404(Organization, slug=slug)
    permissions.require(permissions.can_curate_organisation(request.user, organisation))
    form = CurationForm(request.POST or None, instance=Organization.objects.get(pk=organisation.pk))
    if request.method == "POST" and form.is_valid():
        services.curate(organisation, by=request.user, status=form.cleaned_data["status"],
                        stages=form.cleaned_data["stages"], topics=form.cleaned_data["topics"])
        messages.success(request, _("The profile has been updated."))
        return redirect(organisation.get_absolute_url())
    return render(request, "members/curate.html", {"organisation": organisation, "form": form})


@login_required
def memberships(request, slug):
    """Add and remove the members of a cluster (its managers only).

    The page has three kinds of form; the pressed button says which was sent (`action`).
    """
    cluster = get_object_or_404(Organization.objects.clusters(), slug=slug)
    permissions.require(permissions.can_manage_cluster(request.user, cluster))
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "remove":
        return _remove_membership(request, cluster)
    form = MembershipForm(request.POST if action == "add" else None, cluster=cluster,
                          user=request.user)
    new_form = NewMemberForm(request.POST if action == "create" else None)
    if action == "create" and new_form.is_valid():
        try:
            organisation = services.create_member(cluster, by=request.user,
                                                  **new_form.cleaned_data)
        except services.CurationError as error:
            new_form.add_error(None, error)
        else:
            messages.success(request, _("%(name)s has been added as a draft. Complete the "
                                        "profile and publish it.") % {"name": organisation.name})
            return redirect("members:edit", slug=organisation.slug)
    if action == "add" and form.is_valid():
        organisation = form.cleaned_data["organization"]
        try:
            membership = services.add_membership(
                cluster, organisation, by=request.user, role=form.cleaned_data["role"],
                since=form.cleaned_data["since"])
        except services.CurationError as error:
            form.add_error(None, error)
        else:
            if membership.status == Membership.Status.PENDING:
                messages.success(request, _(
                    "%(name)s already has representatives or belongs to other clusters: they "
                    "have been asked to accept. Until one of them does, the membership "
                    "grants nothing.") % {"name": organisation.name})
            else:
                messages.success(request, _("The member has been added."))
            return redirect("members:memberships", slug=cluster.slug)
    return render(request, "members/memberships.html",
                  {"cluster": cluster, "form": form, "new_form": new_form,
                   **selectors.cluster_memberships(cluster)})


def _remove_membership(request, cluster):
    pk = request.POST.get("membership", "")
    membership = get_object_or_404(Membership.objects.select_related("organization", "cluster"),
                                   pk=pk if pk.isdigit() else 0, cluster=cluster)
    # Worded by what it was when removed (it may have been accepted meanwhile).
    status = services.remove_membership(membership, by=request.user) or membership.status
    if status == Membership.Status.PENDING:
        text = _("The request to take in %(name)s has been withdrawn.")
    elif status == Membership.Status.DECLINED:
        text = _("The declined request for %(name)s has been removed.")
    else:
        text = _("%(name)s is no longer a member.")
    messages.success(request, text % {"name": membership.organization.name})
    return redirect("members:memberships", slug=cluster.slug)


@login_required
def queue(request):
    """The cluster manager's work queue: what waits for a decision in their clusters."""
    permissions.require(permissions.can_see_curation_queue(request.user))
    return render(request, "members/queue.html", selectors.work_queue(request.user))


@login_required
def review(request, pk):
    """One change request, field by field, with approve / reject."""
    change_request = get_object_or_404(
        ProfileChangeRequest.objects.select_related("organization", "organization__region",
                                                    "requested_by", "reviewed_by"), pk=pk)
    permissions.require(permissions.can_curate_organisation(request.user, change_request.organization))
    form = ReviewForm(request.POST or None, initial={"seen": change_request.fingerprint()})
    if request.method == "POST" and form.is_valid():
        try:
            services.review_change_request(
                change_request, by=request.user, approve=form.cleaned_data["decision"] == "approve",
                comment=form.cleaned_data["comment"], seen=form.cleaned_data["seen"])
        except services.CurationError as error:
            # Decided meanwhile (or twice): the form is gone from the page, so say it up top.
            messages.error(request, " ".join(error.messages))
            return redirect("members:review", pk=change_request.pk)
        else:
            messages.success(request, _("Decision saved; the representative has been notified."))
            return redirect("members:queue")
    return render(request, "members/review.html", {
        "change_request": change_request, "form": form,
        "diff": selectors.change_diff(change_request),
        "can_decide": permissions.can_review_change_request(request.user, change_request),
    })


@login_required
@require_POST
def revoke_representative(request, pk):
    representative = get_object_or_404(Representative.objects.select_related("organization"), pk=pk)
    organisation = representative.organization
    permissions.require(permissions.can_curate_organisation(request.user, organisation))
    _act(request, lambda: services.revoke_representation(representative, by=request.user),
         success=_("The person no longer represents the organisation."))
    return redirect(organisation.get_absolute_url())


@login_required
@require_POST
def decide_representative(request, pk):
    representative = get_object_or_404(Representative.objects.select_related("organization"), pk=pk)
    permissions.require(permissions.can_curate_organisation(request.user, representative.organization))
    decision = request.POST.get("decision")
    if decision not in ("confirm", "reject"):
        # Anything else (a tampered or missing value) must not count as a rejection.
        messages.error(request, _("Please choose to confirm or to reject the request."))
        return redirect("members:queue")
    _act(request, lambda: services.decide_representation(representative, by=request.user,
                                                         confirm=decision == "confirm"),
         success=_("Decision saved; the person has been notified."))
    return redirect("members:queue")


@login_required
@require_POST
def decide_membership(request, pk):
    """Accept or decline a cluster's request to take in an organisation (its consenters)."""
    membership = get_object_or_404(Membership.objects.select_related("organization", "cluster"),
                                   pk=pk)
    organisation = membership.organization
    permissions.require(permissions.may_consent_for(request.user, organisation))
    # Back where the decision was made; a fixed choice, not a URL (no open redirect).
    if request.POST.get("back") == "queue" and permissions.can_see_curation_queue(request.user):
        back = redirect("members:queue")
    else:
        back = redirect(organisation.get_absolute_url() + "#membership-requests")
    decision = request.POST.get("decision")
    if decision not in ("accept", "decline"):
        messages.error(request, _("Please choose to accept or to decline the request."))
        return back
    _act(request, lambda: services.decide_membership(membership, by=request.user,
                                                     accept=decision == "accept"),
         success=_("Decision saved; the cluster's manager who asked has been notified."))
    return back


@login_required
def my_contact_entries(request):
    """Linked from My portal: where the person is a contact person, and whether shown publicly."""
    contacts = list(selectors.own_contact_entries(request.user).order_by("organization__name", "pk"))
    return render(request, "members/my_contact_entries.html", {"contacts": contacts})


@login_required
@require_POST
def withdraw_contact_consent(request, pk):
    """The contact person takes their entry off the public profile at once."""
    contact = get_object_or_404(selectors.own_contact_entries(request.user), pk=pk)
    try:
        if services.withdraw_contact_consent(contact, by=request.user):
            messages.success(request, _("You are no longer shown on the public profile of %(name)s.")
                             % {"name": contact.organization.name})
    except services.CurationError as error:
        messages.error(request, error.messages[0])
    return redirect("members:my_contact_entries")

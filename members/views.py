from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from delegations import selectors as delegation_selectors
from events import selectors as event_selectors
from members import selectors
from members.exporters import DirectoryExporter
from members.models import Organization, Region
from network_portal import exports, permissions

PAGE_SIZE = 25


def organisation_list(request):
    """The public directory; `format=` exports exactly the filtered rows for staff."""
    filterset, ignored = selectors.directory_filter(request.GET)
    fmt = request.GET.get("format")
    if fmt:
        permissions.require(permissions.can_export_directory(request.user))
        if fmt not in exports.FORMATS:
            raise Http404
        exporter = DirectoryExporter(filterset.qs, base_url=request.build_absolute_uri("/")[:-1])
        return exports.response(exporter, fmt)
    for label in ignored:
        messages.warning(request, _("The filter “%(filter)s” had an unknown value and was ignored.")
                         % {"filter": label})
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    querystring = selectors.filter_querystring(filterset)
    return render(request, "members/organisation_list.html", {
        "filter": filterset,
        "page": page,
        "querystring": querystring,
        "filtered": bool(querystring),
        "can_export": permissions.can_export_directory(request.user),
        "export_formats": exports.FORMATS,
    })


def _visible_organisation(request, slug) -> Organization:
    """A published profile for everyone; other states only for those who may edit it."""
    organisation = get_object_or_404(selectors.profile_queryset(), slug=slug)
    if organisation.status != Organization.Status.PUBLISHED and not permissions.can_edit_profile(
            request.user, organisation):
        raise Http404
    return organisation


def organisation_detail(request, slug):
    organisation = _visible_organisation(request, slug)
    can_curate = permissions.can_curate_organisation(request.user, organisation)
    context = {
        "organisation": organisation,
        "can_edit": permissions.can_edit_profile(request.user, organisation),
        "can_curate": can_curate,
        "can_manage_cluster": permissions.can_manage_cluster(request.user, organisation),
        "events": event_selectors.upcoming_for_organisation(organisation),
        "trips": delegation_selectors.trips_for_organisation(organisation),
        "members": selectors.cluster_members(organisation) if organisation.is_cluster else [],
    }
    if can_curate:
        context["history"] = organisation.history.select_related("changed_by")[:50]
    return render(request, "members/organisation_detail.html", context)


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
    raise Http404


edit = curate = memberships = represent = logo

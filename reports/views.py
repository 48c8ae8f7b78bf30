from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from members.models import Organization
from network_portal import export_columns, exports
from reports import charts, permissions, selectors, services
from reports.forms import PeriodForm


def _form(request):
    """The period form, its organiser choices limited to what the person may see."""
    scope = permissions.organiser_scope(request.user)
    return PeriodForm(request.GET, organisers=selectors.organiser_choices(scope)), scope


def _figures(form, scope):
    organiser = form.chosen_organiser
    return services.statistics(start=form.start, end=form.end,
                               organiser_ids={organiser.pk} if organiser else scope)


@login_required
@require_GET
def statistics(request):
    """Figures for funding reports: economic development sees all events and trips, a cluster
    manager those of their clusters; `format=` with `table=` exports one table."""
    permissions.require(permissions.can_see_statistics(request.user))
    form, scope = _form(request)
    if exports.requested_format(request):
        return _export(request, form, scope)
    if not form.is_valid():
        return render(request, "reports/statistics.html", {"form": form}, status=400)
    stats = _figures(form, scope)
    for table in stats.tables:
        table.figure = charts.bar_chart(table, period=form.label())
    return render(request, "reports/statistics.html", {
        "form": form, "stats": stats, "period": form.label(),
        "organiser": form.chosen_organiser, "query": form.query(),
        "formats": exports.FORMATS,
        # Economic development also takes every registration of the period (events' export).
        "registrations_query": urlencode({"from": form.start.isoformat(),
                                          "to": form.end.isoformat()})
        if permissions.can_export_all_registrations(request.user) else "",
    })


def _export(request, form, scope):
    from django.utils.translation import gettext as _

    from reports.exporters import TableExporter

    key = request.GET.get("table", "")
    problems = [form.error_text()] if not form.is_valid() else []
    if key not in services.TABLES:
        problems.append(_("Unknown table “%(table)s”. Use one of: %(tables)s.")
                        % {"table": key, "tables": ", ".join(services.TABLES)})
    if problems or exports.requested_format(request) not in exports.FORMATS:
        return exports.response_for(request, None, not_understood=problems)

    table = _figures(form, scope).table(key)

    def exporter():  # called only when the export goes ahead
        services.record_export(table=key, fmt=exports.requested_format(request),
                               start=form.start, end=form.end,
                               organiser=form.chosen_organiser, by=request.user)
        return TableExporter(table, period=form.label())

    # Its columns too can be chosen (`columns=event,registrations`), checked before recording.
    return exports.response_for(request, exporter, columns=table.columns)


@login_required
def statistics_columns(request):
    """Choose the columns of one table's export (`?table=…` and the period, as the page links
    it); a cluster manager saves choices for their clusters or for themselves."""
    from django.utils.translation import gettext as _

    permissions.require(permissions.can_see_statistics(request.user))
    form, scope = _form(request)
    key = request.GET.get("table", "")
    if not form.is_valid() or key not in services.TABLES:
        return HttpResponseBadRequest(
            form.error_text() if not form.is_valid() else
            _("Unknown table “%(table)s”. Use one of: %(tables)s.")
            % {"table": key, "tables": ", ".join(services.TABLES)},
            content_type="text/plain; charset=utf-8")
    table = _figures(form, scope).table(key)
    clusters = list(Organization.objects.filter(
        pk__in=permissions.managed_cluster_ids(request.user)).order_by("name").only("pk", "name"))
    url = reverse("reports:statistics")
    return export_columns.chooser_page(request, export_columns.Scope(
        kind=f"reports.{key}", columns=table.columns, export_url=url, back_url=url,
        title=_("Export a table of the statistics"), subject=f"{table.title} · {form.label()}",
        organiser_ids={cluster.pk for cluster in clusters},
        share_with=[(cluster.pk, cluster.name) for cluster in clusters]))

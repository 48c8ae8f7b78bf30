from allauth.account.adapter import get_adapter
from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accessibility import selectors, services
from accessibility.forms import BarrierReportForm
from accessibility.models import BarrierReport
from accessibility.permissions import can_handle_barrier_reports
from network_portal.permissions import require


def report(request):
    """The feedback form of the accessibility statement: anyone, with or without an account."""
    initial = {"page": request.GET.get("page", "")[:500]}
    if request.user.is_authenticated:
        initial.update(email=request.user.email, name=request.user.get_full_name())
    form = BarrierReportForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        if form.is_trap:
            return redirect("accessibility:report_sent")
        data = form.cleaned_data
        try:
            # The same client-IP rules as allauth's login throttle (ALLAUTH_TRUSTED_PROXY_COUNT).
            services.throttle(client=get_adapter(request).get_client_ip(request),
                              email=data["email"])
        except services.ReportLimitReached as error:
            form.add_error(None, error)
            status = 429
        else:
            services.submit_report(
                description=data["description"], page=data["page"], name=data["name"],
                email=data["email"], language=translation.get_language(), user=request.user,
            )
            request.session["accessibility_report_email"] = data["email"]
            return redirect("accessibility:report_sent")
    return render(request, "accessibility/report_form.html",
                  {"form": form, "operator": settings.OPERATOR}, status=status)


def report_sent(request):
    return render(request, "accessibility/report_sent.html",
                  {"email": request.session.pop("accessibility_report_email", "")})


def report_list(request):
    require(can_handle_barrier_reports(request.user))
    return render(request, "accessibility/report_list.html", {
        "open_reports": selectors.open_reports(),
        "answered_reports": selectors.answered_reports(),
        "operator_email": settings.OPERATOR.get("email"),
    })


@require_POST
def mark_answered(request, pk):
    require(can_handle_barrier_reports(request.user))
    barrier_report = get_object_or_404(BarrierReport, pk=pk)
    if services.mark_answered(barrier_report, by=request.user,
                              note=request.POST.get("note", "")[:2000]):
        messages.success(request, _("Report #%(number)s is marked as answered.")
                         % {"number": barrier_report.pk})
    else:
        messages.info(request, _("Report #%(number)s had already been marked as answered.")
                      % {"number": barrier_report.pk})
    return redirect("accessibility:reports")

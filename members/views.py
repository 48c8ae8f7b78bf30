from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from members.models import Organization, ValueChainStage


def organisation_list(request):
    organisations = (Organization.objects.published().select_related("region")
                     .prefetch_related("stages"))
    page = Paginator(organisations, 25).get_page(request.GET.get("page"))
    return render(request, "members/organisation_list.html", {"page": page})


def organisation_detail(request, slug):
    organisation = get_object_or_404(
        Organization.objects.published().select_related("region"), slug=slug
    )
    return render(request, "members/organisation_detail.html", {"organisation": organisation})


def value_chain(request):
    stages = ValueChainStage.objects.all()
    return render(request, "members/value_chain.html", {"stages": stages})

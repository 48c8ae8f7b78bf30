from django.db.models import Count, Q

from members.models import Organization, Region, ValueChainStage


def newest_members(limit: int = 6):
    return (Organization.objects.published().select_related("region")
            .prefetch_related("stages").order_by("-created_at")[:limit])


def network_stats() -> dict:
    published = Q(organizations__status=Organization.Status.PUBLISHED)
    counts = Organization.objects.published().aggregate(
        organisations=Count("pk"),
        clusters=Count("pk", filter=Q(kind=Organization.Kind.CLUSTER)),
    )
    counts["regions"] = Region.objects.filter(published).distinct().count()
    counts["stages"] = ValueChainStage.objects.filter(published).distinct().count()
    return counts


def my_portal_sections(user) -> list[dict]:
    """Sections of "My portal" that the members app contributes."""
    clusters = list(user.managed_clusters.order_by("name")) if user.is_authenticated else []
    if not clusters:
        return []
    return [{"template": "members/_my_clusters.html", "data": clusters}]

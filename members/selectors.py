"""Reads of the members app: lists, pages, the work queue, and what services look up."""

from collections import defaultdict

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from members import aggregates, history, permissions
from members.filters import CLUSTER_SUGGESTIONS, DirectoryFilter
from members.models import (
    PROFILE_FIELDS,
    ContactPerson,
    Membership,
    Organization,
    ProfileChange,
    ProfileChangeRequest,
    Region,
    Representative,
    Topic,
    ValueChainStage,
)
from network_portal import audit, pagination
from network_portal.privacy import own_address


def newest_members(limit: int = 6) -> list[Organization]:
    """The newest published profiles, as directory cards (cached, members.aggregates)."""
    return aggregates.cached(f"newest:{limit}", lambda: list(
        Organization.objects.published().select_related("region").only(*CARD_FIELDS)
        .prefetch_related("stages").order_by("-created_at")[:limit]))


def network_stats() -> dict:
    """The home page's numbers: published organisations, clusters, regions and stages covered
    (cached, members.aggregates: four counts over the whole directory cost 50 ms)."""
    return aggregates.cached("stats", _network_stats)


def _network_stats() -> dict:
    published = Q(organizations__status=Organization.Status.PUBLISHED)
    counts = Organization.objects.published().aggregate(
        organisations=Count("pk"),
        clusters=Count("pk", filter=Q(kind=Organization.Kind.CLUSTER)),
    )
    counts["regions"] = Region.objects.filter(published).distinct().count()
    counts["stages"] = ValueChainStage.objects.filter(published).distinct().count()
    return counts


# Directory ---------------------------------------------------------------------------------------

# What a directory card shows (members/_organisation_card.html): the rows stay narrow, without
# the descriptions and the search document that make an organisation row a kilobyte wide.
CARD_FIELDS = ("pk", "name", "slug", "kind", "city", "logo", "status", "region_id",
               "region__slug", "region__name_de", "region__name_en", "region__country")


def directory_queryset():
    """Published organisations with what a directory card shows."""
    return (Organization.objects.published().select_related("region").only(*CARD_FIELDS)
            .prefetch_related("stages").order_by("name"))


def directory_filter(params) -> tuple[DirectoryFilter, list[str]]:
    """The directory's filter set for the query parameters, and the labels of ignored filters.

    A filter with an invalid value (an unknown stage code, a kind that does not exist) is dropped,
    so the visitor gets the list unfiltered by that field instead of an error page. When the
    cluster text meant several clusters, `filterset.cluster_candidates` lists them to choose.
    """
    data = params.copy()
    for name in ("page", "format"):
        data.pop(name, None)
    filterset = DirectoryFilter(data, queryset=directory_queryset())
    ignored, candidates = [], []
    if filterset.form.errors:
        ignored = filterset.invalid_fields()
        candidates = filterset.cluster_candidates()
        for name in filterset.form.errors:
            data.pop(name, None)
        filterset = DirectoryFilter(data, queryset=directory_queryset())
    filterset.cluster_choices = candidates
    return filterset, ignored


def has_filters(params) -> bool:
    """Whether the query names any of the directory's filters (else nothing can be ignored)."""
    return any(params.get(name) for name in DirectoryFilter.Meta.fields)


def directory_page(filterset: DirectoryFilter, number, per_page: int):
    """The page of the filtered directory with its total: a search is found and counted in
    one query; the plain list is a count from the (status, name) index plus a LIMIT."""
    queryset = filterset.qs  # validates the form
    searching = bool(filterset.form.cleaned_data.get("q"))
    return pagination.get_page(queryset, number, per_page, count_with_rows=searching)


DIRECTORY_CHOICES = ("kinds", "stages", "regions", "topics", "clusters")


def directory_choices() -> dict:
    """The filter form's vocabularies (four small queries; clusters up to the suggestion limit)."""
    return {
        "kinds": Organization.Kind.choices,
        "stages": list(ValueChainStage.objects.all()),
        "regions": list(Region.objects.all()),
        "topics": list(Topic.objects.all()),
        "clusters": cluster_suggestions(limit=CLUSTER_SUGGESTIONS),
    }


def cluster_suggestions(text: str = "", *, limit: int = 20) -> list[dict]:
    """Published clusters whose name contains `text` (all when empty): name and slug only."""
    clusters = Organization.objects.published().clusters()
    text = " ".join(text.split())[:200]
    if text:
        clusters = clusters.filter(Q(name__icontains=text) | Q(slug__startswith=text.lower()))
    return list(clusters.order_by("name").values("name", "slug")[:limit])


def filter_querystring(filterset: DirectoryFilter) -> str:
    """The active filters as a URL query (without page), for pagination and export links."""
    from urllib.parse import urlencode

    pairs = [(name, value) for name, value in filterset.data.items()
             if name in DirectoryFilter.Meta.fields and value]
    cluster = filterset.form.cleaned_data.get("cluster") if filterset.is_valid() else None
    if cluster:
        # A cluster found by (part of) its name travels on as its address.
        pairs = [(name, cluster.slug if name == "cluster" else value) for name, value in pairs]
    return urlencode(pairs)


# Profile -----------------------------------------------------------------------------------------

def profile_queryset():
    """The organisation of a profile page, without its lists: those are read where the page
    renders them (`profile_memberships`, `public_contacts`, the stages and topics), so a
    member's page that takes them from the shared fragments runs none of their queries."""
    return Organization.objects.select_related("region")


def published_profile_id(slug: str) -> int | None:
    """The id of the published profile at `slug` (what decides whether a member shares its
    page, members.views), or None: a draft or a wrong address is answered for the person."""
    # Written as SQL (permissions.rows_of): every member's profile page asks it, and building
    # the ORM's query cost 1 ms of CPU.
    quote = connection.ops.quote_name
    rows = permissions.rows_of(
        f"SELECT {quote('id')} FROM {quote(Organization._meta.db_table)} "
        f"WHERE {quote('slug')} = %s AND {quote('status')} = %s",
        [slug, Organization.Status.PUBLISHED])
    return rows[0][0] if rows else None


def profile_memberships(organisation: Organization) -> list[Membership]:
    """The organisation's active memberships in published clusters, by cluster name."""
    return list(Membership.objects.active().filter(
        organization=organisation, cluster__status=Organization.Status.PUBLISHED)
        .select_related("cluster").order_by("cluster__name"))


def public_contacts(organisation: Organization) -> list[ContactPerson]:
    """The contact persons who agreed to be shown on the public profile."""
    return list(organisation.contacts.filter(public_consent=True))


def confirmed_representatives(organisation: Organization):
    return (organisation.representatives.filter(status=Representative.Status.CONFIRMED)
            .select_related("user").order_by("user__last_name", "user__email"))


def membership_requests(user, organisation: Organization) -> list[Membership]:
    """Clusters' requests to take in the organisation, waiting for consent; each marked `own`
    when the person asked for it (they may not decide it)."""
    # Not organisation.memberships: the profile's prefetch holds only the active ones.
    requests = list(Membership.objects.filter(organization=organisation,
                                              status=Membership.Status.PENDING)
                    .select_related("cluster", "requested_by").order_by("requested_at", "pk"))
    for membership in requests:
        membership.organization = organisation
        membership.own = membership.requested_by_id == user.pk
    return requests


def cluster_memberships(cluster: Organization) -> dict:
    """A cluster's memberships for its managers' page: active, waiting for consent, declined."""
    rows = (Membership.objects.filter(cluster=cluster)
            .select_related("organization", "requested_by", "decided_by")
            .order_by("organization__name"))
    grouped = {status: [] for status in Membership.Status.values}
    for membership in rows:
        grouped[membership.status].append(membership)
    return {"members": grouped[Membership.Status.ACTIVE],
            "pending": grouped[Membership.Status.PENDING],
            "declined": grouped[Membership.Status.DECLINED]}


def profile_history(organisation: Organization, *, limit: int = 50) -> list[ProfileChange]:
    """The newest field-level changes, labelled in the reader's language (members.history)."""
    return history.prepare(organisation.history.select_related(
        "changed_by", "change_request__requested_by")[:limit])


def audit_history(organisation: Organization, *, limit: int = 50) -> list:
    """The newest audit entries of the organisation (who did which operation), one query; each
    with `.label` and `.details` (the labels of the fields it changed, if it names them)."""
    entries = audit.history(organisation, limit=limit)
    for entry in entries:
        entry.details = [ProfileChange(field=name).field_label
                        for name in entry.data.get("fields", [])]
    return entries


def pending_change_requests(organisation: Organization):
    """Proposals waiting for review, for the edit page's notice."""
    return organisation.change_requests.filter(
        status=ProfileChangeRequest.Status.PENDING).select_related("requested_by")


def cluster_members(cluster: Organization, *, search: str = ""):
    """Published active members of a cluster, with their role, for the cluster's profile: name,
    address and region only (a big cluster has well over a thousand; the page shows a page).
    `search` narrows them to names containing it."""
    members = (Membership.objects.active()
               .filter(cluster=cluster, organization__status=Organization.Status.PUBLISHED)
               .select_related("organization", "organization__region")
               .only("role", "organization", "organization__name", "organization__slug",
                     "organization__status", "organization__region",
                     "organization__region__name_de",
                     "organization__region__name_en")
               .order_by("organization__name", "pk"))
    search = " ".join(search.split())[:200]
    if search:
        members = members.filter(organization__name__icontains=search)
    return members


def cluster_members_page(cluster: Organization, *, search: str, number, per_page: int):
    """One page of the cluster's members (two queries: count, page)."""
    return pagination.get_page(cluster_members(cluster, search=search), number, per_page)


# Value chain -------------------------------------------------------------------------------------

def value_chain(region: Region | None = None) -> dict:
    """Each stage with its number of published organisations, split by kind and by region.

    From the cache (members.aggregates) when nothing was published, archived or re-classified
    since; else three queries whatever the number of organisations: stages, regions, and one
    aggregate over the stage–organisation pairs. Labels stay lazy (stages and regions render in
    the reader's language), so one entry serves both languages.
    """
    return aggregates.cached(f"chain:{region.slug if region else ''}",
                             lambda: _value_chain(region))


def _value_chain(region: Region | None) -> dict:
    stages = list(ValueChainStage.objects.all())
    regions = {region.pk: region for region in Region.objects.all()}
    rows = (Organization.stages.through.objects
            .filter(organization__status=Organization.Status.PUBLISHED,
                    **({"organization__region": region} if region else {}))
            .values("valuechainstage_id", "organization__kind", "organization__region_id")
            .annotate(n=Count("organization_id")))
    by_kind = defaultdict(lambda: defaultdict(int))
    by_region = defaultdict(lambda: defaultdict(int))
    totals = defaultdict(int)
    for row in rows:
        stage_id = row["valuechainstage_id"]
        totals[stage_id] += row["n"]
        by_kind[stage_id][row["organization__kind"]] += row["n"]
        by_region[stage_id][row["organization__region_id"]] += row["n"]
    kind_labels = dict(Organization.Kind.choices)
    maximum = max(totals.values(), default=0) or 1
    result = []
    for stage in stages:
        stage.total = totals[stage.pk]
        # Width class of the bar (0, 10, ... 100 % of the best-covered stage): no inline styles.
        stage.share = round(10 * stage.total / maximum) * 10
        stage.kinds = [{"code": code, "label": kind_labels[code], "count": count}
                       for code, count in sorted(by_kind[stage.pk].items(), key=lambda i: -i[1])]
        stage.regions = [{"region": regions[pk], "count": count}
                         for pk, count in sorted(by_region[stage.pk].items(),
                                                 key=lambda i: (-i[1], str(regions.get(i[0], ""))))
                         if pk is not None]
        result.append(stage)
    return {
        "chain": [s for s in result if not s.cross_cutting],
        "cross_cutting": [s for s in result if s.cross_cutting],
        "gaps": [s for s in result if not s.cross_cutting and not s.total],
        "regions": list(regions.values()),
        "region": region,
    }


# Curation ----------------------------------------------------------------------------------------

def curators(organisation: Organization):
    """The active managers of the organisation's active clusters (and of itself if it is a
    cluster): they are told what waits for their decision."""
    cluster_ids = set(organisation.memberships.active().values_list("cluster_id", flat=True))
    if organisation.is_cluster:
        cluster_ids.add(organisation.pk)
    return get_user_model().objects.filter(
        managed_clusters__in=cluster_ids, is_active=True,
        groups__name=permissions.CLUSTER_MANAGERS).distinct().order_by("pk")


def representative_users(organisation: Organization):
    """The active accounts of the organisation's confirmed representatives."""
    return get_user_model().objects.filter(
        representations__organization=organisation, is_active=True,
        representations__status=Representative.Status.CONFIRMED).order_by("pk")


def has_rights_holders(organisation: Organization, *, besides: Organization) -> bool:
    """Whether someone already holds rights over the organisation, apart from the managers of
    `besides`: a confirmed representative, an active membership in another cluster, or (for a
    cluster) its own managers. Then a new membership needs their consent."""
    return (organisation.memberships.active().exclude(cluster=besides).exists()
            or organisation.representatives.filter(
                status=Representative.Status.CONFIRMED).exists()
            or (organisation.is_cluster and organisation.managers.exists()))


def open_proposals(user):
    """Organisations the person proposed that still wait for a cluster manager's review."""
    return Organization.objects.filter(
        status=Organization.Status.PENDING, representatives__user=user,
        representatives__status=Representative.Status.REQUESTED)


def waiting_proposal(organisation: Organization, person) -> ProfileChangeRequest | None:
    """The person's pending change request of profile fields (not a logo alone), if any."""
    requests = ProfileChangeRequest.objects.filter(
        organization=organisation, requested_by=person,
        status=ProfileChangeRequest.Status.PENDING).order_by("-created_at")
    return next((r for r in requests if r.proposed), None)


def waiting_values(organisation: Organization, person) -> dict:
    """What the person proposed and is still waiting for review: {field: stored value}."""
    waiting = waiting_proposal(organisation, person) if person.is_authenticated else None
    return dict(waiting.proposed) if waiting else {}


def _display(field: str, value: str):
    """A stored value as people read it: the region and size band stay objects that render in
    the language of the page or e-mail that shows them (a diff is mailed in the requester's)."""
    if not value:
        return ""
    if field == "region":
        return Region.objects.filter(slug=value).first() or value
    if field == "size":
        return dict(Organization.Size.choices).get(value, value)
    return value


def change_diff(change_request: ProfileChangeRequest) -> list[dict]:
    """Field by field: label, current value and proposed value, as people read them.

    Once approved, the profile holds the new values; the rows then come from the history the
    approval wrote, so "before" is what the profile said at that moment.
    """
    if change_request.is_approved:
        changes = list(change_request.changes.order_by("pk"))
        lookups = history.Lookups(changes)
        return [{"field": change.field, "label": change.field_label,
                 "old": (_("previous logo") if change.old_value else "") if change.field == "logo"
                 else history.show_lazy(change.field, change.old_value, lookups),
                 "new": _("new logo") if change.field == "logo"
                 else history.show_lazy(change.field, change.new_value, lookups)}
                for change in changes]
    organisation = change_request.organization
    rows = []
    for field in PROFILE_FIELDS:
        if field not in change_request.proposed:
            continue
        rows.append({
            "field": field,
            "label": Organization._meta.get_field(field).verbose_name,
            "old": _display(field, organisation.stored_value(field)),
            "new": _display(field, change_request.proposed[field]),
        })
    if change_request.proposed_logo:
        rows.append({"field": "logo", "label": Organization._meta.get_field("logo").verbose_name,
                     "old": _("current logo") if organisation.logo else "",
                     "new": _("new logo"), "logo": True})
    return rows


def curated_organisations(user):
    """The organisations this person may curate: all for admins, else active members of their
    clusters (and the clusters themselves)."""
    if permissions.is_admin(user):
        return Organization.objects.all()
    clusters = permissions.managed_cluster_ids(user)
    # One Q for both conditions: the same membership row is active and in a managed cluster.
    return Organization.objects.filter(
        Q(pk__in=clusters)
        | Q(memberships__cluster_id__in=clusters,
            memberships__status=Membership.Status.ACTIVE)).distinct()


def _mark_own(items, user, attribute: str) -> list:
    """Requests the person made themselves stay in view but carry `own`: others decide them."""
    items = list(items)
    for item in items:
        item.own = getattr(item, attribute) == user.pk
    return items


def work_queue(user) -> dict:
    """What waits for the person's decision: pending profiles, change requests, representative
    requests of organisations they curate, and clusters' requests to take in an organisation
    they curate or represent. Their own requests are marked `own` (others decide them)."""
    organisations = curated_organisations(user)
    consenting = Q(organization__in=organisations) | Q(
        organization_id__in=permissions.represented_organisation_ids(user))
    return {
        "pending_profiles": list(organisations.filter(status=Organization.Status.PENDING)
                                 .select_related("region").order_by("updated_at")),
        "change_requests": _mark_own(ProfileChangeRequest.objects.filter(
            status=ProfileChangeRequest.Status.PENDING, organization__in=organisations)
            .select_related("organization", "requested_by").order_by("created_at"),
            user, "requested_by_id"),
        "representative_requests": _mark_own(Representative.objects.filter(
            status=Representative.Status.REQUESTED, organization__in=organisations)
            .select_related("organization", "user").order_by("requested_at"), user, "user_id"),
        "membership_requests": _mark_own(Membership.objects.filter(
            consenting, status=Membership.Status.PENDING)
            .select_related("organization", "cluster", "requested_by")
            .order_by("requested_at", "pk"), user, "requested_by_id"),
    }


def own_contact_entries(user):
    """Contact-person entries under the person's verified addresses."""
    return ContactPerson.objects.filter(own_address(user)).select_related("organization")


def my_portal_sections(user) -> list[dict]:
    """Sections of "My portal" that the members app contributes."""
    if not user.is_authenticated:
        return []
    sections = []
    representations = list(user.representations.select_related("organization")
                           .order_by("organization__name"))
    if representations:
        confirmed = [r.organization_id for r in representations
                     if r.status == Representative.Status.CONFIRMED]
        sections.append({"template": "members/_my_organisations.html", "data": {
            "representations": representations,
            "membership_requests": list(Membership.objects.filter(
                organization_id__in=confirmed, status=Membership.Status.PENDING)
                .select_related("organization", "cluster").order_by("requested_at", "pk"))
            if confirmed else [],
            "change_requests": list(ProfileChangeRequest.objects.filter(
                requested_by=user).select_related("organization").order_by("-created_at")[:10]),
        }})
    clusters = list(user.managed_clusters.order_by("name"))
    if clusters or permissions.is_admin(user):
        queue = work_queue(user) if permissions.is_cluster_manager(user) or \
            permissions.is_admin(user) else {}
        sections.append({"template": "members/_my_clusters.html", "data": {
            "clusters": clusters,
            "open_items": sum(len(items) for items in queue.values()),
        }})
    return sections


# Figures for funding reports (the reports app aggregates them) -----------------------------------

def organisations_for_figures(ids, *, start, end) -> dict[int, Organization]:
    """{pk: organisation} with its region, each marked `is_network_member`: a cluster itself, or
    an organisation with an active membership in a cluster that overlaps `start`–`end` (its
    since/until dates, where given). Two queries, however many organisations."""
    ids = set(ids)
    if not ids:
        return {}
    organisations = {organisation.pk: organisation for organisation in
                     Organization.objects.filter(pk__in=ids).select_related("region")
                     .only("pk", "name", "slug", "kind", "size", "region__slug",
                           "region__name_de", "region__name_en", "region__country")}
    members = set(Membership.objects.active()
                  .filter(organization_id__in=ids)
                  .filter(Q(since__isnull=True) | Q(since__lte=end))
                  .filter(Q(until__isnull=True) | Q(until__gte=start))
                  .values_list("organization_id", flat=True))
    for organisation in organisations.values():
        organisation.is_network_member = (organisation.pk in members
                                          or organisation.kind == Organization.Kind.CLUSTER)
    return organisations


def organisations_named(ids):
    """The organisations with these keys, by name (choices of an organiser filter)."""
    return Organization.objects.filter(pk__in=set(ids)).only("pk", "name", "slug").order_by("name")

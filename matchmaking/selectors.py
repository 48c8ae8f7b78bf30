"""Reads of the matchmaking app: offers and needs, the suggestions, introductions.

The suggestions compare two organisations in both directions (README "Matchmaking"):
- what the other offers meets what one seeks (same stage or topic): 3 per stage, 1 per topic;
- what the other offers serves one's own value-chain stage (a row of StageComplement, its
  weight), unless one seeks that stage explicitly (it counts once);
- and the same the other way round: what one offers meets the other's needs and stages.
Without an "offers" entry, an organisation's value-chain stages stand for what it offers.
Every read needs a fixed number of queries however many organisations there are.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, prefetch_related_objects
from django.utils.translation import gettext as _

from matchmaking.models import Interest, Introduction, StageComplement
from members.models import Membership, Organization, Representative

EXPLICIT_STAGE_WEIGHT = 3
TOPIC_WEIGHT = 1


@dataclass
class Side:
    """One organisation as the matching sees it: ids and names of what it offers and seeks."""

    offered_stages: dict = field(default_factory=dict)  # id -> stage
    offered_topics: dict = field(default_factory=dict)
    sought_stages: dict = field(default_factory=dict)
    sought_topics: dict = field(default_factory=dict)
    own_stages: dict = field(default_factory=dict)
    offer_text: str = ""
    need_text: str = ""
    has_entries: bool = False


def _side(organisation: Organization) -> Side:
    """From an organisation with `interests` (stages, topics) and `stages` prefetched."""
    side = Side(own_stages={stage.pk: stage for stage in organisation.stages.all()})
    offer = None
    for interest in organisation.interests.all():
        stages = {stage.pk: stage for stage in interest.stages.all()}
        topics = {topic.pk: topic for topic in interest.topics.all()}
        if interest.direction == Interest.Direction.OFFER:
            offer = interest
            side.offered_stages, side.offered_topics = stages, topics
            side.offer_text = interest.text
        else:
            side.sought_stages, side.sought_topics = stages, topics
            side.need_text = interest.text
        side.has_entries = side.has_entries or bool(stages or topics or interest.text)
    if offer is None or not (side.offered_stages or side.offered_topics):
        side.offered_stages = dict(side.own_stages)
    return side


def _interests_prefetch():
    return Prefetch("interests", queryset=Interest.objects.prefetch_related("stages", "topics"))


def with_interests(queryset):
    return queryset.prefetch_related(_interests_prefetch(), "stages")


def interests_of(organisation: Organization) -> dict:
    """What the profile shows and the form starts from: {"offer": Interest|None, "seek": ...}.
    Prefetched onto the instance (the rows, their stages, their topics: three queries at most),
    so the suggestions for the same instance read them again for free."""
    prefetch_related_objects([organisation], _interests_prefetch())
    rows = {interest.direction: interest for interest in organisation.interests.all()}
    return {"offer": rows.get(Interest.Direction.OFFER), "seek": rows.get(Interest.Direction.SEEK)}


@dataclass
class Suggestion:
    organisation: Organization
    score: int
    they_offer: list = field(default_factory=list)  # phrases, in the active language
    they_seek: list = field(default_factory=list)

    @property
    def reasons(self) -> list:
        return self.they_offer + self.they_seek

    @property
    def reason(self) -> str:
        return "; ".join(self.reasons)


def _names(items) -> str:
    names = [str(item) for item in items]
    if len(names) <= 1:
        return "".join(names)
    return _("%(list)s and %(last)s") % {"list": ", ".join(names[:-1]), "last": names[-1]}


def _fit(giver: Side, taker: Side, complements: list) -> tuple[int, list, list]:
    """How `giver`'s offers meet `taker`'s needs: score, matched (stages + topics), chain rows."""
    stages = [s for pk, s in giver.offered_stages.items() if pk in taker.sought_stages]
    topics = [t for pk, t in giver.offered_topics.items() if pk in taker.sought_topics]
    chain = [row for row in complements
             if row.offered_id in giver.offered_stages and row.meets_id in taker.own_stages
             and row.offered_id not in taker.sought_stages]
    # One stage offered may serve several of the taker's stages: count it once, the best row.
    best = {}
    for row in chain:
        if row.offered_id not in best or row.weight > best[row.offered_id].weight:
            best[row.offered_id] = row
    chain = sorted(best.values(), key=lambda row: (-row.weight, row.offered.position))
    score = (EXPLICIT_STAGE_WEIGHT * len(stages) + TOPIC_WEIGHT * len(topics)
             + sum(row.weight for row in chain))
    return score, stages + topics, chain


def _explain(theirs: Side, mine: Side, complements: list) -> tuple[int, list, list]:
    score_in, matched_in, chain_in = _fit(theirs, mine, complements)
    score_out, matched_out, chain_out = _fit(mine, theirs, complements)
    they_offer, they_seek = [], []
    if matched_in:
        they_offer.append(_("offers %(what)s, which you are looking for")
                          % {"what": _names(matched_in)})
    for row in chain_in:
        they_offer.append(_("offers %(what)s (%(reason)s)")
                          % {"what": row.offered, "reason": row.reason})
    if matched_out:
        they_seek.append(_("is looking for %(what)s, which you offer")
                         % {"what": _names(matched_out)})
    for row in chain_out:
        they_seek.append(_("may need %(what)s, which you offer (%(reason)s)")
                         % {"what": row.offered, "reason": row.reason})
    return score_in + score_out, they_offer, they_seek


def complements() -> list:
    return list(StageComplement.objects.select_related("offered", "meets"))


def _candidate_filter(mine: Side, rows: list) -> Q:
    """A superset of the organisations with any fit (exact scoring happens in Python)."""
    serves_me = {row.offered_id for row in rows if row.meets_id in mine.own_stages}
    wanted = set(mine.sought_stages) | serves_me
    served_by_me = {row.meets_id for row in rows if row.offered_id in mine.offered_stages}
    offers = Interest.objects.filter(direction=Interest.Direction.OFFER)
    seeks = Interest.objects.filter(direction=Interest.Direction.SEEK)
    q = Q(pk__in=[])
    if wanted:
        q |= Q(pk__in=offers.filter(stages__in=wanted).values("organization_id"))
        q |= Q(stages__in=wanted)  # value-chain stages stand in for missing offers
    if mine.sought_topics:
        q |= Q(pk__in=offers.filter(topics__in=mine.sought_topics).values("organization_id"))
    if mine.offered_stages:
        q |= Q(pk__in=seeks.filter(stages__in=mine.offered_stages).values("organization_id"))
    if mine.offered_topics:
        q |= Q(pk__in=seeks.filter(topics__in=mine.offered_topics).values("organization_id"))
    if served_by_me:
        q |= Q(stages__in=served_by_me)
    return q


def suggestions(organisation: Organization, *, region: str = "", kind: str = "",
                limit: int = 50) -> list[Suggestion]:
    """Published organisations that fit `organisation`, best first, each with its reasons.

    At most ten queries: the organisation's interests, their stages and topics, its own stages
    (unless prefetched), the chain table, the candidates with their region, and their
    interests, stages, topics and own stages (one query each; none for what is empty)."""
    # On the instance itself: a profile page has its stages prefetched already.
    prefetch_related_objects([organisation], _interests_prefetch(), "stages")
    mine = _side(organisation)
    rows = complements()
    candidate_ids = (Organization.objects.published().exclude(pk=organisation.pk)
                     .filter(_candidate_filter(mine, rows)).values("pk"))
    candidates = Organization.objects.filter(pk__in=candidate_ids).select_related("region")
    if region:
        candidates = candidates.filter(region__slug=region)
    if kind:
        candidates = candidates.filter(kind=kind)
    found = []
    for other in with_interests(candidates):
        score, they_offer, they_seek = _explain(_side(other), mine, rows)
        if score:
            found.append(Suggestion(other, score, they_offer, they_seek))
    found.sort(key=lambda s: (-s.score, s.organisation.name.casefold()))
    return found[:limit]


# Introductions ------------------------------------------------------------------------------------

def introductions_asked(user, limit: int = 10):
    return list(Introduction.objects.filter(requested_by=user)
                .select_related("organization")[:limit])


def _without_representatives():
    return ~Exists(Representative.objects.filter(organization=OuterRef("organization"),
                                                 status=Representative.Status.CONFIRMED,
                                                 user__is_active=True))


def introductions_to_answer(user, *, represented: set, clusters: set, limit: int = 20):
    """Requests waiting for this person: to organisations they represent, and, for cluster
    managers, to member organisations of their clusters that have no representative."""
    if not represented and not clusters:
        return []
    q = Q(organization_id__in=represented)
    if clusters:
        in_cluster = Exists(Membership.objects.filter(
            organization=OuterRef("organization"), cluster_id__in=clusters,
            status=Membership.Status.ACTIVE))
        q |= Q(in_cluster & _without_representatives())
    return list(Introduction.objects.filter(q, status=Introduction.Status.REQUESTED)
                .exclude(requested_by=user).select_related("organization", "on_behalf_of")
                .order_by("created_at", "pk")[:limit])


def cluster_figures(cluster_ids: set) -> list[dict]:
    """Introductions ("Kooperationsanbahnungen") to member organisations of each cluster, by
    status, for funding reports. One query."""
    if not cluster_ids:
        return []
    rows = (Membership.objects.filter(cluster_id__in=cluster_ids, status=Membership.Status.ACTIVE)
            .values("cluster_id", "cluster__name")
            .annotate(total=Count("organization__introductions"),
                      accepted=Count("organization__introductions", filter=Q(
                          organization__introductions__status=Introduction.Status.ACCEPTED)),
                      declined=Count("organization__introductions", filter=Q(
                          organization__introductions__status=Introduction.Status.DECLINED)))
            .order_by("cluster__name"))
    return [{**row, "waiting": row["total"] - row["accepted"] - row["declined"]} for row in rows]


# Parts of other pages (connected by portal.composition and portal.views) ------------------------

PROFILE_SUGGESTIONS = 5


def profile_section(organisation: Organization, user):
    """The "Offers and needs" / "Matching partners" part of a profile (members.hooks)."""
    from matchmaking import permissions
    from network_portal.hooks import Section

    # For signed-in members only (what the network's members offer and seek is for the
    # network); visitors get a line asking them to log in, and the page no extra query.
    if not permissions.can_see_suggestions(user, organisation):
        return Section("matchmaking/_profile_section.html", extra={"signed_in": False})
    return Section("matchmaking/_profile_section.html", extra={
        "signed_in": True,
        "interests": interests_of(organisation),
        "suggestions": suggestions(organisation, limit=PROFILE_SUGGESTIONS),
        "can_edit": permissions.can_edit_interests(user, organisation),
        "can_request": permissions.can_request_introduction(user, organisation),
    })


def my_portal_sections(user) -> list[dict]:
    """"Matching partners" for the first organisation one represents, introductions one asked
    for or may answer, and for cluster managers the figures of their clusters."""
    from matchmaking import permissions

    if not user.is_authenticated:
        return []
    organisations = list(Organization.objects.filter(
        representatives__user=user, representatives__status=Representative.Status.CONFIRMED)
        .order_by("name"))
    represented = {organisation.pk for organisation in organisations}
    clusters = permissions.managed_cluster_ids(user)
    data = {
        "organisations": organisations,
        "suggestions": suggestions(organisations[0], limit=PROFILE_SUGGESTIONS)
        if organisations else [],
        "asked": introductions_asked(user),
        "to_answer": introductions_to_answer(user, represented=represented, clusters=clusters),
        "figures": cluster_figures(clusters),
    }
    if not (organisations or data["asked"] or data["to_answer"] or data["figures"]):
        return []
    return [{"template": "matchmaking/_my_portal.html", "data": data}]

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
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from matchmaking.models import Interest, Introduction, StageComplement
from members.models import Membership, Organization, Representative, Topic, ValueChainStage
from network_portal import pagecache

EXPLICIT_STAGE_WEIGHT = 3
TOPIC_WEIGHT = 1


@dataclass
class Side:
    """One organisation as the matching sees it: {id: stage or topic} of what it offers, seeks
    and does (its value-chain stages)."""

    offered_stages: dict = field(default_factory=dict)
    offered_topics: dict = field(default_factory=dict)
    sought_stages: dict = field(default_factory=dict)
    sought_topics: dict = field(default_factory=dict)
    own_stages: dict = field(default_factory=dict)


def _sides(organisation_ids, stages: dict, topics: dict, ids=None) -> dict:
    """The Side of each organisation (`organisation_ids`: a subquery of pks; `ids` the pks
    themselves when known), from four queries of plain ids. No model instance per row: with
    2,000 candidates Django's prefetch spent 3 s building related managers."""
    if ids is None:
        ids = [row["pk"] for row in organisation_ids]
    sides = {pk: Side() for pk in ids}
    if not sides:
        return sides
    own = Organization.stages.through.objects.filter(organization_id__in=organisation_ids)
    for organisation_id, stage_id in own.values_list("organization_id", "valuechainstage_id"):
        sides[organisation_id].own_stages[stage_id] = stages[stage_id]
    interests = dict((pk, (organisation_id, direction)) for pk, organisation_id, direction in
                     Interest.objects.filter(organization_id__in=organisation_ids)
                     .values_list("pk", "organization_id", "direction"))
    interest_ids = Interest.objects.filter(organization_id__in=organisation_ids).values("pk")
    if interests:
        for interest_id, stage_id in Interest.stages.through.objects.filter(
                interest_id__in=interest_ids).values_list("interest_id", "valuechainstage_id"):
            organisation_id, direction = interests[interest_id]
            side = sides[organisation_id]
            target = side.offered_stages if direction == Interest.Direction.OFFER \
                else side.sought_stages
            target[stage_id] = stages[stage_id]
        for interest_id, topic_id in Interest.topics.through.objects.filter(
                interest_id__in=interest_ids).values_list("interest_id", "topic_id"):
            organisation_id, direction = interests[interest_id]
            side = sides[organisation_id]
            target = side.offered_topics if direction == Interest.Direction.OFFER \
                else side.sought_topics
            target[topic_id] = topics[topic_id]
    for side in sides.values():
        # Without stated offers, what an organisation does stands for what it offers.
        if not (side.offered_stages or side.offered_topics):
            side.offered_stages = dict(side.own_stages)
    return sides


def _interests_prefetch():
    return Prefetch("interests", queryset=Interest.objects.prefetch_related("stages", "topics"))


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


@dataclass(frozen=True)
class Link:
    """A row of the chain table as plain values: read once per page, compared per candidate."""

    offered_id: int
    meets_id: int
    weight: int
    position: int
    row: StageComplement


def _fit(giver: Side, taker: Side, links: list) -> tuple[int, list, list]:
    """How `giver`'s offers meet `taker`'s needs: score, matched (stages + topics), chain links."""
    sought = taker.sought_stages
    # In the chain's order (topics by their German name, the vocabulary's order).
    stages = sorted((s for pk, s in giver.offered_stages.items() if pk in sought),
                    key=lambda stage: stage.position)
    topics = sorted((t for pk, t in giver.offered_topics.items() if pk in taker.sought_topics),
                    key=lambda topic: topic.name_de)
    # One stage offered may serve several of the taker's stages: count it once, the best link.
    best = {}
    for link in links:
        if (link.offered_id in giver.offered_stages and link.meets_id in taker.own_stages
                and link.offered_id not in sought
                and (link.offered_id not in best or link.weight > best[link.offered_id].weight)):
            best[link.offered_id] = link
    chain = sorted(best.values(), key=lambda link: (-link.weight, link.position))
    score = (EXPLICIT_STAGE_WEIGHT * len(stages) + TOPIC_WEIGHT * len(topics)
             + sum(link.weight for link in chain))
    return score, stages + topics, chain


def _score(theirs: Side, mine: Side, links: list) -> int:
    return _fit(theirs, mine, links)[0] + _fit(mine, theirs, links)[0]


def _explain(theirs: Side, mine: Side, links: list) -> tuple[list, list]:
    """The reasons in words, in the active language: what they offer, what they seek."""
    _score_in, matched_in, chain_in = _fit(theirs, mine, links)
    _score_out, matched_out, chain_out = _fit(mine, theirs, links)
    they_offer, they_seek = [], []
    if matched_in:
        they_offer.append(_("offers %(what)s, which you are looking for")
                          % {"what": _names(matched_in)})
    for link in chain_in:
        they_offer.append(_("offers %(what)s (%(reason)s)")
                          % {"what": link.row.offered, "reason": link.row.reason})
    if matched_out:
        they_seek.append(_("is looking for %(what)s, which you offer")
                         % {"what": _names(matched_out)})
    for link in chain_out:
        they_seek.append(_("may need %(what)s, which you offer (%(reason)s)")
                         % {"what": link.row.offered, "reason": link.row.reason})
    return they_offer, they_seek


def _candidate_filter(mine: Side, links: list) -> Q:
    """A superset of the organisations with any fit (exact scoring happens in Python)."""
    serves_me = {link.offered_id for link in links if link.meets_id in mine.own_stages}
    wanted = set(mine.sought_stages) | serves_me
    served_by_me = {link.meets_id for link in links if link.offered_id in mine.offered_stages}
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


# What the suggestions depend on: every organisation's stages, offers, needs, name, region and
# publication ("directory": each of those changes records an audit entry on the organisation,
# matchmaking.services.save_interests too) and the chain table ("matchmaking": the admin's
# complement changes record one on the row). portal.composition declares both.
SUGGESTION_TOPICS = ["directory", "matchmaking"]


def suggestions(organisation: Organization, *, region: str = "", kind: str = "",
                limit: int = 50) -> list[Suggestion]:
    """Published organisations that fit `organisation`, best first, each with its reasons.

    The ranking is computed by `_ranked` (at most thirteen queries however many organisations
    there are) and kept in the shared cache (network_portal.pagecache.cached) until one of
    SUGGESTION_TOPICS changes, at most PORTAL_PAGE_CACHE_TTL seconds; from the cache it costs
    one Redis call and one query, the organisations with their regions. (README "Matchmaking".)"""
    ranked = pagecache.cached(
        "matchmaking:suggestions", SUGGESTION_TOPICS,
        lambda: _ranked(organisation, region=region, kind=kind, limit=limit),
        vary=[str(organisation.pk), region, kind, str(limit), translation.get_language() or ""])
    if not ranked:
        return []
    organisations = Organization.objects.select_related("region").in_bulk(
        [pk for pk, *_rest in ranked])
    return [Suggestion(organisations[pk], score, list(they_offer), list(they_seek))
            for pk, score, they_offer, they_seek in ranked if pk in organisations]


def _ranked(organisation: Organization, *, region: str, kind: str,
            limit: int) -> list[tuple[int, int, list, list]]:
    """(pk, score, what they offer, what they seek) of the `limit` best fits, the reasons as
    phrases in the active language. At most twelve queries: the stages and topics
    (vocabularies), the chain table, the organisation's stages and offers and needs (four), the
    candidates' ids and names, their stages and offers and needs (four)."""
    stages = {stage.pk: stage for stage in ValueChainStage.objects.all()}
    topics = {topic.pk: topic for topic in Topic.objects.all()}
    links = []
    for row in StageComplement.objects.all():
        row.offered, row.meets = stages[row.offered_id], stages[row.meets_id]
        links.append(Link(row.offered_id, row.meets_id, row.weight, row.offered.position, row))
    mine = _sides([organisation.pk], stages, topics, ids=[organisation.pk])[organisation.pk]
    candidates = (Organization.objects.published().exclude(pk=organisation.pk)
                  .filter(_candidate_filter(mine, links)))
    if region:
        candidates = candidates.filter(region__slug=region)
    if kind:
        candidates = candidates.filter(kind=kind)
    candidates = candidates.order_by().distinct()
    names = dict(candidates.values_list("pk", "name"))
    # The candidates again as a subquery, not as thousands of ids in the SQL.
    sides = _sides(candidates.values("pk"), stages, topics, ids=names)
    scored = sorted(((score, names[pk].casefold(), pk) for pk, side in sides.items()
                     if (score := _score(side, mine, links))), key=lambda item: (-item[0], item[1]))
    return [(pk, score, *_explain(sides[pk], mine, links)) for score, _name, pk in scored[:limit]]


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
    """The "Offers and needs" / "Matching partners" part of a profile (members.hooks): personal
    (who may see it, ask for an introduction, edit), its lists lazy and from shared fragments
    (matchmaking/_profile_section.html), so a member's page runs their queries only when the
    fragments are not in the cache."""
    from matchmaking import permissions
    from network_portal.hooks import Section

    # For signed-in members only (what the network's members offer and seek is for the
    # network); visitors get a line asking them to log in, and the page no extra query.
    if not permissions.can_see_suggestions(user, organisation):
        return Section("matchmaking/_profile_section.html", extra={"signed_in": False},
                       personal=True)
    return Section("matchmaking/_profile_section.html", personal=True, extra={
        "signed_in": True,
        "interests": SimpleLazyObject(lambda: interests_of(organisation)),
        "suggestions": SimpleLazyObject(
            lambda: suggestions(organisation, limit=PROFILE_SUGGESTIONS)),
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


def application_defaults(organisation: Organization) -> dict | None:
    """A trip application's starting point from the organisation's offers and needs
    (delegations.hooks): the stages it seeks and offers (without stated offers, its
    value-chain stages) and what it seeks in words. Three queries at most, plus one for the
    stages when no offers are stated."""
    interests = interests_of(organisation)
    offer, seek = interests["offer"], interests["seek"]
    offered = [stage.pk for stage in offer.stages.all()] if offer else []
    if not offered and not (offer and offer.topics.all()):
        offered = list(organisation.stages.values_list("pk", flat=True))
    sought = [stage.pk for stage in seek.stages.all()] if seek else []
    if not (offered or sought):
        return None
    return {"stages_sought": sought, "stages_offered": offered,
            "interests": seek.text if seek else ""}


def profile_interests(organisation: Organization | None) -> dict:
    """The organisation's offers and needs as B2B meetings start from them: {"offer_stages",
    "offer_topics", "seek_stages", "seek_topics": set of pks}; without stated offers, its
    value-chain stages stand for them (as in the suggestions). Four queries at most."""
    empty = {"offer_stages": set(), "offer_topics": set(), "seek_stages": set(),
             "seek_topics": set()}
    if organisation is None:
        return empty
    interests = interests_of(organisation)
    for direction in ("offer", "seek"):
        interest = interests[direction]
        if interest is not None:
            empty[f"{direction}_stages"] = {stage.pk for stage in interest.stages.all()}
            empty[f"{direction}_topics"] = {topic.pk for topic in interest.topics.all()}
    if not (empty["offer_stages"] or empty["offer_topics"]):
        empty["offer_stages"] = set(organisation.stages.values_list("pk", flat=True))
    return empty

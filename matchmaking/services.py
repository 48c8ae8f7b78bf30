"""Every operation that changes matchmaking data: offers and needs, introductions.

Each runs in one transaction: lock (the organisation for offers and needs, as the members app
does for every profile change; the asking person's row for a request; the introduction for an
answer), check the rule it guards, write, queue the e-mails through the outbox and record one
audit entry. Views and the admin call these functions; reads live in matchmaking.selectors.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from delegations import selectors as delegation_selectors
from events import selectors as event_selectors
from matchmaking import permissions, selectors
from matchmaking.models import Interest, Introduction, StageComplement
from members import permissions as member_permissions
from members.models import Organization, Representative, Topic, ValueChainStage
from network_portal import audit, links, mail
from network_portal.locking import lock


class MatchmakingError(ValidationError):
    """A matchmaking operation was refused; the message says why, in the reader's language."""


MAY_NOT_EDIT = _("You may not edit the offers and needs of this organisation.")
MAY_NOT_ASK = _("You cannot ask for an introduction to this organisation.")
NOBODY_TO_ASK = _("Nobody can answer for this organisation in the portal yet. Please contact "
                  "the network's management.")
TOO_MANY = _("You have asked for %(count)s introductions within 24 hours, as many as one may. "
             "Please try again tomorrow.")
MAY_NOT_ANSWER = _("You may not answer this request.")
ALREADY_ANSWERED = _("This request has already been answered.")


def _lock_organisation(organisation: Organization, *, by) -> Organization:
    # The members app's lock order: the organisation first. Two editors saving at once would
    # otherwise both create the missing rows (the unique constraint would refuse the second).
    organisation = lock(Organization, pk=organisation.pk)
    member_permissions.forget_rights(by)
    return organisation


@transaction.atomic
def save_interests(organisation: Organization, *, by, offers: dict, needs: dict) -> list[str]:
    """Set what the organisation offers and seeks: {"stages": [codes], "topics": [codes],
    "text": str} each. Returns the directions that changed ("offer", "seek"). Raises
    MatchmakingError if `by` may not edit the profile."""
    organisation = _lock_organisation(organisation, by=by)
    if not permissions.can_edit_interests(by, organisation):
        raise MatchmakingError(MAY_NOT_EDIT)
    changed = []
    for direction, values in ((Interest.Direction.OFFER, offers), (Interest.Direction.SEEK, needs)):
        interest, _created = Interest.objects.get_or_create(organization=organisation,
                                                            direction=direction)
        stages = sorted(set(values.get("stages") or []))
        topics = sorted(set(values.get("topics") or []))
        text = (values.get("text") or "").strip()
        before = (sorted(interest.stages.values_list("code", flat=True)),
                  sorted(interest.topics.values_list("code", flat=True)), interest.text)
        if before == (stages, topics, text):
            continue
        interest.stages.set(ValueChainStage.objects.filter(code__in=stages))
        interest.topics.set(Topic.objects.filter(code__in=topics))
        interest.text = text
        interest.save(update_fields=["text", "updated_at"])
        changed.append(direction.value)
    if changed:
        audit.log_action(organisation, "matchmaking.interests.saved", by=by, data={
            "changed": changed,
            "offers": {"stages": sorted(set(offers.get("stages") or [])),
                       "topics": sorted(set(offers.get("topics") or []))},
            "needs": {"stages": sorted(set(needs.get("stages") or [])),
                      "topics": sorted(set(needs.get("topics") or []))},
        })
    return changed


def log_complement_change(complement: StageComplement, *, by, deleted: bool = False) -> None:
    """The admin's audit entry when a curator adjusts the complementarity table."""
    audit.log_action(complement, "matchmaking.complement.changed", by=by, data={
        "offered": complement.offered.code, "meets": complement.meets.code,
        "weight": complement.weight, "deleted": deleted})


# Introductions ------------------------------------------------------------------------------------

def _reference(introduction: Introduction) -> str:
    return f"matchmaking.introduction:{introduction.pk}"


def display_name(user) -> str:
    """How the other side sees a person before the introduction: never by their address (the
    e-mail templates say "a member of the portal" when the name is empty)."""
    return user.get_full_name()


def asked_today(user) -> int:
    """Introductions the person asked for in the last 24 hours (answered ones count too)."""
    since = timezone.now() - timedelta(hours=24)
    return Introduction.objects.filter(requested_by=user, created_at__gte=since).count()


@transaction.atomic
def request_introduction(organisation: Organization, *, by, message: str,
                         on_behalf_of: Organization | None = None) -> Introduction:
    """Ask to be introduced to `organisation`; its representatives (or, without any, its
    cluster managers) get the request by e-mail, without the asker's address. Raises
    MatchmakingError for one's own organisation, an unpublished one, nobody to answer, or past
    PORTAL_MAX_INTRODUCTIONS_PER_DAY."""
    # Locks the person: two requests sent at once would both count the same earlier ones.
    lock(get_user_model(), pk=by.pk)
    member_permissions.forget_rights(by)
    organisation = Organization.objects.get(pk=organisation.pk)
    if not permissions.can_request_introduction(by, organisation):
        raise MatchmakingError(MAY_NOT_ASK)
    limit = settings.PORTAL_MAX_INTRODUCTIONS_PER_DAY
    if asked_today(by) >= limit:
        raise MatchmakingError(TOO_MANY % {"count": limit})
    recipients = [person for person in permissions.answerers(organisation) if person.pk != by.pk]
    if not recipients:
        raise MatchmakingError(NOBODY_TO_ASK)
    if on_behalf_of is not None and on_behalf_of.pk not in \
            permissions.represented_organisation_ids(by):
        on_behalf_of = None
    introduction = Introduction.objects.create(organization=organisation, requested_by=by,
                                               on_behalf_of=on_behalf_of, message=message.strip())
    for person in recipients:
        mail.enqueue("matchmaking_introduction_requested", to=person.email,
                     language=person.language,
                     key=f"{_reference(introduction)}:requested:{person.pk}",
                     reference=_reference(introduction), context={
                         "introduction": introduction, "recipient": person,
                         "asker": display_name(by), "organisation": organisation,
                         "on_behalf_of": on_behalf_of,
                         "answer_url": links.absolute_url(introduction.get_absolute_url()),
                     })
    audit.log_action(introduction, "matchmaking.introduction.requested", by=by, data={
        "organisation": organisation.slug,
        "on_behalf_of": on_behalf_of.slug if on_behalf_of else None,
        "recipients": len(recipients)})
    return introduction


def _contact(user, organisation: Organization | None) -> dict:
    return {"name": user.get_full_name() or user.email, "email": user.email,
            "organisation": organisation.name if organisation else "",
            "profile_url": links.absolute_url(organisation.get_absolute_url())
            if organisation and organisation.is_public else ""}


@transaction.atomic
def decide_introduction(introduction: Introduction, *, by, accept: bool) -> Introduction:
    """Accept (both people get each other's contact by e-mail) or decline (the asker is told
    politely, without a reason) a request. Raises MatchmakingError if `by` may not answer it
    (the asker never may) or it was answered already."""
    # Without the lock two answerers (or a double click) could both answer and both mail.
    introduction = lock(Introduction, pk=introduction.pk)
    member_permissions.forget_rights(by)
    if not permissions.can_answer_introduction(by, introduction):
        raise MatchmakingError(MAY_NOT_ANSWER)
    if introduction.status != Introduction.Status.REQUESTED:
        raise MatchmakingError(ALREADY_ANSWERED)
    introduction.status = (Introduction.Status.ACCEPTED if accept
                           else Introduction.Status.DECLINED)
    introduction.decided_at = timezone.now()
    introduction.decided_by = by
    introduction.save(update_fields=["status", "decided_at", "decided_by"])
    asker = introduction.requested_by
    organisation = introduction.organization
    reference = _reference(introduction)
    if accept:
        mail.enqueue("matchmaking_introduction_accepted", to=asker.email, language=asker.language,
                     key=f"{reference}:accepted:asker", reference=reference, context={
                         "introduction": introduction, "organisation": organisation,
                         "recipient_name": display_name(asker),
                         "contact": _contact(by, organisation)})
        mail.enqueue("matchmaking_introduction_accepted", to=by.email, language=by.language,
                     key=f"{reference}:accepted:answerer", reference=reference, context={
                         "introduction": introduction, "organisation": organisation,
                         "recipient_name": display_name(by),
                         "contact": _contact(asker, introduction.on_behalf_of)})
    else:
        mail.enqueue("matchmaking_introduction_declined", to=asker.email, language=asker.language,
                     key=f"{reference}:declined", reference=reference, context={
                         "introduction": introduction, "organisation": organisation,
                         "recipient_name": display_name(asker)})
    audit.log_action(introduction, "matchmaking.introduction.accepted" if accept
                     else "matchmaking.introduction.declined", by=by,
                     data={"organisation": organisation.slug})
    return introduction


# Who in this room fits me --------------------------------------------------------------------
# The participants of an event (seated: confirmed or attended) or a trip (accepted) see which
# other participants' organisations fit theirs, with the suggestions' reasons. Only
# organisations (directory entries, published) are shown, never a participant's name or address.

@dataclass
class Room:
    """What the room-fit page shows: the place, one's organisation, and the fitting ones."""

    title: str
    back_url: str
    organisation: Organization | None  # the one compared (None: no directory organisation)
    others: int = 0  # other published organisations in the room
    fits: list = field(default_factory=list)  # selectors.Suggestion, best first


def room_fit(organisation: Organization, room_organisation_ids, *, sought=(), offered=(),
             limit: int = 50) -> tuple[int, list]:
    """(how many other published organisations are in the room, the `limit` best fits among
    them) for `organisation`. `room_organisation_ids` is a subquery of organisation ids (the
    events' and trips' selectors give one). Reuses the suggestions' scoring and reasons; the
    same twelve queries for a room of three or three hundred (the stages and topics, the chain
    table, one's own stages and offers and needs, the room's names, their stages and offers and
    needs, the best as organisations). `sought` and `offered` (stage pks), when given, stand
    for the profile's stages sought and offered: what a trip application refined for the trip."""
    stages = {stage.pk: stage for stage in ValueChainStage.objects.all()}
    topics = {topic.pk: topic for topic in Topic.objects.all()}
    links = []
    for row in StageComplement.objects.all():
        row.offered, row.meets = stages[row.offered_id], stages[row.meets_id]
        links.append(selectors.Link(row.offered_id, row.meets_id, row.weight,
                                    row.offered.position, row))
    mine = selectors._sides([organisation.pk], stages, topics, ids=[organisation.pk])[
        organisation.pk]
    if sought:
        mine.sought_stages = {pk: stages[pk] for pk in sought}
    if offered:
        mine.offered_stages = {pk: stages[pk] for pk in offered}
    room = (Organization.objects.published().exclude(pk=organisation.pk)
            .filter(pk__in=room_organisation_ids).order_by())
    names = dict(room.values_list("pk", "name"))
    sides = selectors._sides(room.values("pk"), stages, topics, ids=names)
    scored = sorted(((score, names[pk].casefold(), pk) for pk, side in sides.items()
                     if (score := selectors._score(side, mine, links))),
                    key=lambda item: (-item[0], item[1]))[:limit]
    organisations = Organization.objects.select_related("region").in_bulk(
        [pk for _score, _name, pk in scored]) if scored else {}
    return len(names), [selectors.Suggestion(organisations[pk], score,
                                             *selectors._explain(sides[pk], mine, links))
                        for score, _name, pk in scored]


def _compared_organisation(participation, user) -> Organization | None:
    """The organisation a participant came for (their registration's or application's), else
    the first published one they represent."""
    if participation.organisation_id and participation.organisation.is_public:
        return participation.organisation
    return (Organization.objects.published()
            .filter(representatives__user=user,
                    representatives__status=Representative.Status.CONFIRMED)
            .order_by("name").first())


def _room(title, back_url, participation, user, room_ids, **refined) -> Room:
    organisation = _compared_organisation(participation, user)
    room = Room(title=title, back_url=back_url, organisation=organisation)
    if organisation is not None:
        room.others, room.fits = room_fit(organisation, room_ids, **refined)
    return room


def event_room(event, user) -> Room | None:
    """The room fit of an event for `user`, or None if they hold no seat at it."""
    registration = event_selectors.seated_registration(user, event)
    if not permissions.can_see_room(user, registration):
        return None
    return _room(event.title, event.get_absolute_url(), registration, user,
                 event_selectors.participant_organisation_ids(event))


def trip_room(trip, user) -> Room | None:
    """The room fit of a delegation trip for `user`, or None if they are not accepted on it."""
    application = delegation_selectors.accepted_application(user, trip)
    if not permissions.can_see_room(user, application):
        return None
    # What the application states for this trip stands for the profile's offers and needs.
    return _room(trip.title, trip.get_absolute_url(), application, user,
                 delegation_selectors.participant_organisation_ids(trip),
                 sought=[stage.pk for stage in application.stages_sought.all()],
                 offered=[stage.pk for stage in application.stages_offered.all()])


def event_participant_link(event, user):
    """The event page's link to the room fit, for those who hold a seat (events.hooks)."""
    from django.urls import reverse

    return {"url": reverse("matchmaking:event_room", args=[event.slug]),
            "label": _("Which participants fit you")}


def trip_participant_link(trip, user):
    """The trip page's link to the room fit, for accepted participants (delegations.hooks)."""
    from django.urls import reverse

    return {"url": reverse("matchmaking:trip_room", args=[trip.slug]),
            "label": _("Which participants fit you")}

"""A person's matchmaking data: the introductions they asked for, their B2B meetings
(portal.privacy names this)."""

from django.db.models import Q

from matchmaking.models import Introduction, Meeting, MeetingParticipant


def export(user) -> dict:
    return {"introductions_asked": [{
        "organisation": introduction.organization.name,
        "on_behalf_of": introduction.on_behalf_of.name if introduction.on_behalf_of else None,
        "message": introduction.message,
        "status": introduction.status,
        "asked_at": introduction.created_at.isoformat(),
        "answered_at": introduction.decided_at.isoformat() if introduction.decided_at else None,
    } for introduction in Introduction.objects.filter(requested_by=user)
        .select_related("organization", "on_behalf_of").order_by("created_at", "pk")],
        "b2b_meetings": _meetings(user)}


def _meetings(user) -> list[dict]:
    """Each event or trip one signed up for, with the requests one sent and received."""
    participations = list(MeetingParticipant.objects.filter(user=user)
                          .select_related("setup__event", "setup__trip", "setup__stop")
                          .prefetch_related("offer_stages", "offer_topics", "seek_stages",
                                            "seek_topics"))
    meetings = (Meeting.objects.filter(Q(requester__user=user) | Q(invitee__user=user))
                .select_related("requester__user", "invitee__user", "slot")
                .order_by("created_at", "pk"))
    by_setup = {}
    for meeting in meetings:
        mine = meeting.requester.user_id == user.pk
        other = meeting.invitee if mine else meeting.requester
        by_setup.setdefault(meeting.setup_id, []).append({
            "asked_by_me": mine, "with": other.name, "message": meeting.message,
            "status": meeting.status, "asked_at": meeting.created_at.isoformat(),
            "starts": meeting.slot.starts_at.isoformat() if meeting.slot else None,
            "table": meeting.table})
    return [{"for": participation.setup.title, "about": participation.about,
             "signed_up_at": participation.created_at.isoformat(),
             "offers_and_needs": {name: [item.code for item in getattr(participation, name).all()]
                                  for name in ("offer_stages", "offer_topics", "seek_stages",
                                               "seek_topics")} if participation.refined
             else None,
             "meetings": by_setup.get(participation.setup_id, [])}
            for participation in participations]


def erase(user) -> None:
    """Their requests go (they hold their message); answers they gave stay, without them
    (`decided_by` is set to null when the account goes)."""
    Introduction.objects.filter(requested_by=user).delete()
    # Their sign-ups go, and with them every request and meeting they had (the other person's
    # agenda loses the meeting; the seats of both are freed).
    MeetingParticipant.objects.filter(user=user).delete()

"""A person's matchmaking data: the introductions they asked for (portal.privacy names this)."""

from matchmaking.models import Introduction


def export(user) -> dict:
    return {"introductions_asked": [{
        "organisation": introduction.organization.name,
        "on_behalf_of": introduction.on_behalf_of.name if introduction.on_behalf_of else None,
        "message": introduction.message,
        "status": introduction.status,
        "asked_at": introduction.created_at.isoformat(),
        "answered_at": introduction.decided_at.isoformat() if introduction.decided_at else None,
    } for introduction in Introduction.objects.filter(requested_by=user)
        .select_related("organization", "on_behalf_of").order_by("created_at", "pk")]}


def erase(user) -> None:
    """Their requests go (they hold their message); answers they gave stay, without them
    (`decided_by` is set to null when the account goes)."""
    Introduction.objects.filter(requested_by=user).delete()

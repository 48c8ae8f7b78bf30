"""What the members services share: their error, the organisation lock, the two records every
change writes (the field-level history and the audit entry), and the e-mail to curators."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from members import aggregates, permissions, selectors
from members.models import Organization, ProfileChange
from network_portal import audit, links, mail
from network_portal.locking import lock


class CurationError(ValidationError):
    """A members operation was refused; the message says why, in the reader's language."""


OWN_REQUEST = _("You cannot decide a request you made yourself.")
MAY_NOT_EDIT = _("You may not edit this profile.")
MAY_NOT_MANAGE_CLUSTER = _("You may not manage the members of this cluster.")
MAY_NOT_DECIDE_REPRESENTATIVES = _("You may not decide on representatives of this organisation.")
NOT_PUBLISHED = _("This organisation is not published yet.")
ALREADY_DECIDED = _("This request has already been decided.")
WITHDRAWN_MEANWHILE = _("This request has been withdrawn.")


def lock_organisation(organisation: Organization, *, by) -> Organization:
    """Lock the organisation's row: every operation on a profile, its representatives, change
    requests and memberships takes this lock first, then the row it changes (one order, so two
    of them never wait for each other). Without it two edits or reviews at once would both read
    the old values for the history, and two clusters adding a fresh organisation at once would
    both find nobody to ask for consent.

    The rights cached on `by` (by the view's own check, a moment earlier) are dropped: the
    service's check after the lock must see a removal committed meanwhile."""
    organisation = lock(Organization, pk=organisation.pk)
    permissions.forget_rights(by)
    return organisation


def record(organisation, *, by, field: str, old: str, new: str, change_request=None) -> None:
    """One line of the profile's field-level history (the values as members.history keeps them)."""
    ProfileChange.objects.create(organization=organisation, changed_by=by, field=field,
                                 old_value=old, new_value=new, change_request=change_request)


def log(organisation, action: str, *, by, **data) -> None:
    """The operation's one audit entry, on the organisation (codes in members.actions).

    Every members operation writes one, so this is also where the cached figures of the
    directory (members.aggregates: home numbers, value-chain map) are renewed, on commit."""
    audit.log_action(organisation, action, by=by, data=data)
    aggregates.changed()


def reference(organisation) -> str:
    """What the outbox files an e-mail about the organisation under."""
    return f"members.organization:{organisation.pk}"


def profile_url(organisation) -> str:
    return links.absolute_url(organisation.get_absolute_url())


def notify_curators(organisation: Organization, *, what: str, key: str, context: dict) -> None:
    """Tell the managers of the organisation's clusters that something waits for them."""
    for user in selectors.curators(organisation):
        mail.enqueue("members_review_needed", to=user.email, language=user.language,
                     key=f"{key}:{user.email}", reference=reference(organisation),
                     context={"organisation": organisation, "what": what,
                              "queue_url": links.url("members:queue"), **context})

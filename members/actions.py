"""The members app's audit actions: one code per service operation, with its label.

Registered in `MembersConfig.ready()`; `network_portal.audit.log_action` refuses a code missing
here. Every entry is logged on the organisation concerned, so its curators read them in the
profile's "History". `data` holds field names, codes and ids (`{"fields": ["city"]}`,
`{"cluster": "cluster-y", "role": "member"}`), never a person's name or address: who acted is
the entry's actor, and the field-level values stay in `ProfileChange` (members/history.py).
"""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "members.representation.requested": _("Asked to represent the organisation"),
    "members.representation.confirmed": _("Representative confirmed"),
    "members.representation.rejected": _("Representative request rejected"),
    "members.representation.revoked": _("Representative removed"),
    "members.profile.edited": _("Profile edited"),
    "members.profile.edited_in_admin": _("Profile edited in the admin"),
    "members.profile.logo_set": _("Logo replaced"),
    "members.profile.submitted": _("Profile submitted for review"),
    "members.profile.published": _("Profile published"),
    "members.profile.archived": _("Profile archived"),
    "members.profile.status_changed": _("Publication status changed"),
    "members.profile.classified": _("Value-chain stages and topics set"),
    "members.change_request.submitted": _("Changes proposed"),
    "members.change_request.updated": _("Proposed changes revised"),
    "members.change_request.withdrawn": _("Proposed changes withdrawn"),
    "members.change_request.approved": _("Proposed changes approved"),
    "members.change_request.rejected": _("Proposed changes rejected"),
    "members.contacts.saved": _("Contact persons changed"),
    "members.contacts.erased": _("Contact person erased on request"),
    "members.contacts.consent_withdrawn": _("Contact person withdrew the consent to be shown"),
    "members.membership.added": _("Added to a cluster"),
    "members.membership.requested": _("A cluster asked to take the organisation in"),
    "members.membership.accepted": _("Membership request accepted"),
    "members.membership.declined": _("Membership request declined"),
    "members.membership.withdrawn": _("Membership request withdrawn"),
    "members.membership.removed": _("Removed from a cluster"),
    "members.membership.cleared": _("Declined membership request removed"),
    "members.organisation.proposed": _("Organisation registered for review"),
    "members.organisation.created": _("Organisation created as a draft"),
    "members.organisation.created_in_admin": _("Organisation created in the admin"),
}

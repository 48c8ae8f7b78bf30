"""Every operation that changes a member profile, its representatives or a cluster's memberships.

Each runs in one transaction: lock the organisation (then the request it decides), check the
rule it guards (who may do it), write, record the field-level history (`ProfileChange`) and one
audit entry (`network_portal.audit`, codes in members.actions), and queue the e-mails. Views,
the admin and commands call these functions as `services.edit_profile(...)`; the modules below
hold them by concern. Reads live in members.selectors.
"""

from members.models import PROFILE_FIELDS
from members.services._common import OWN_REQUEST, CurationError
from members.services.contacts import CONTACT_FIELDS, save_contacts, withdraw_contact_consent
from members.services.logos import (
    LOGO_DISPLAY_SIZE,
    LOGO_FORMATS,
    LOGO_MAX_BYTES,
    LOGO_MAX_PIXELS,
    TOO_MANY_PIXELS,
    prepare_logo,
)
from members.services.memberships import add_membership, decide_membership, remove_membership
from members.services.organisations import (
    RESERVED_SLUGS,
    create_member,
    propose_organisation,
    unique_slug,
)
from members.services.profile import (
    WITHDRAWN,
    curate,
    edit_profile,
    review_change_request,
    set_logo,
    submit_for_review,
)
from members.services.representation import (
    decide_representation,
    request_representation,
    revoke_representation,
)

__all__ = [
    "CONTACT_FIELDS", "LOGO_DISPLAY_SIZE", "LOGO_FORMATS", "LOGO_MAX_BYTES", "LOGO_MAX_PIXELS",
    "OWN_REQUEST", "PROFILE_FIELDS", "RESERVED_SLUGS", "TOO_MANY_PIXELS", "WITHDRAWN",
    "CurationError", "add_membership", "create_member", "curate", "decide_membership",
    "decide_representation", "edit_profile", "prepare_logo", "propose_organisation",
    "remove_membership", "request_representation", "review_change_request",
    "revoke_representation", "save_contacts", "set_logo", "submit_for_review", "unique_slug",
    "withdraw_contact_consent",
]

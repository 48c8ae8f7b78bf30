"""Who may do what. Views, exports and templates ask these predicates; no inline role checks.

Roles: administrators (superusers), economic-development staff (group "Economic development"),
cluster managers (group "Cluster managers", linked to the clusters they manage through
`Organization.managers`). Everyone else is a member or the public.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

CLUSTER_MANAGERS = "Cluster managers"
ECONOMIC_DEVELOPMENT = "Economic development"
ROLE_LABELS = {
    CLUSTER_MANAGERS: _("Cluster managers"),
    ECONOMIC_DEVELOPMENT: _("Economic development"),
}


def _group_names(user) -> set[str]:
    # Cached on the user object: a page asks several predicates, one query is enough.
    if not hasattr(user, "_portal_groups"):
        user._portal_groups = set(user.groups.values_list("name", flat=True))
    return user._portal_groups


def is_admin(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.is_superuser)


def is_economic_development(user) -> bool:
    if not (user and user.is_authenticated and user.is_active):
        return False
    return is_admin(user) or ECONOMIC_DEVELOPMENT in _group_names(user)


def is_cluster_manager(user) -> bool:
    if not (user and user.is_authenticated and user.is_active):
        return False
    return CLUSTER_MANAGERS in _group_names(user)


def managed_cluster_ids(user) -> set[int]:
    """The clusters this person manages (empty unless they are in the cluster-manager role)."""
    if not is_cluster_manager(user):
        return set()
    if not hasattr(user, "_portal_clusters"):
        user._portal_clusters = set(user.managed_clusters.values_list("pk", flat=True))
    return user._portal_clusters


def is_staff_member(user) -> bool:
    """Admins, economic-development staff and cluster managers: they see staff tools."""
    return is_economic_development(user) or is_cluster_manager(user)


def manages_any(user, organisation_ids) -> bool:
    """Whether the person manages one of the given clusters."""
    return bool(managed_cluster_ids(user) & set(organisation_ids))


def require(allowed: bool) -> None:
    """Raise 403 unless `allowed`: views open with `require(can_…(request.user, obj))`."""
    if not allowed:
        raise PermissionDenied


def represented_organisation_ids(user) -> set[int]:
    """Organisations this person is a confirmed representative of."""
    if not (user and user.is_authenticated and user.is_active):
        return set()
    if not hasattr(user, "_portal_represented"):
        user._portal_represented = set(
            user.representations.filter(status="confirmed").values_list("organization_id", flat=True)
        )
    return user._portal_represented


# --- members ------------------------------------------------------------------------------------


# --- events -------------------------------------------------------------------------------------


# --- delegations --------------------------------------------------------------------------------

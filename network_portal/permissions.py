"""Roles, the one thing every app shares about who may do what.

Roles: administrators (superusers), economic-development staff (group "Economic development"),
cluster managers (group "Cluster managers"; which clusters they manage is the members app's
business, `members.permissions.managed_cluster_ids`). Everyone else is a member or the public.
The rules about objects live with the app that owns them: `members/permissions.py`,
`events/permissions.py`, `delegations/permissions.py`.
"""

import functools

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.utils.translation import gettext_lazy as _

CLUSTER_MANAGERS = "Cluster managers"
ECONOMIC_DEVELOPMENT = "Economic development"
ROLE_LABELS = {
    CLUSTER_MANAGERS: _("Cluster managers"),
    ECONOMIC_DEVELOPMENT: _("Economic development"),
}


def _group_names(user) -> set[str]:
    # Cached on the user object: a page asks several predicates, one query is enough. Written
    # as SQL: every signed-in page asks it, and building the ORM's query cost more than running
    # it (bench/FINDINGS.md); the same query `user.groups.values_list("name")` makes.
    if not hasattr(user, "_portal_groups"):
        user._portal_groups = {name for (name,) in rows_of(_GROUPS_SQL(), [user.pk])}
    return user._portal_groups


def remember_roles(user, names) -> None:
    """The person's group names, read with the user (portal.auth): no query of their own."""
    user._portal_groups = set(names)


def _select_groups(user_id: str) -> str:
    """The SELECT of a person's group names, `user_id` the SQL naming the person."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    through = get_user_model().groups.through._meta
    quote = connection.ops.quote_name
    return (f"SELECT g.{quote('name')} FROM {quote(Group._meta.db_table)} g "
            f"JOIN {quote(through.db_table)} ug ON ug.{quote('group_id')} = g.{quote('id')} "
            f"WHERE ug.{quote('user_id')} = {user_id}")


@functools.cache
def ROLES_COLUMN_SQL() -> str:  # noqa: N802 - a constant, built once the models are loaded
    """The person's group names as one array column of a statement over the users (alias u)."""
    return f"ARRAY({_select_groups('u.' + connection.ops.quote_name('id'))})"


@functools.cache
def _GROUPS_SQL() -> str:  # noqa: N802 - a constant, built once the models are loaded
    return _select_groups("%s")


def rows_of(sql: str, params: list) -> list[tuple]:
    """The rows of one SQL statement (a hot path's query, written out once)."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


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


def is_staff_member(user) -> bool:
    """Admins, economic-development staff and cluster managers: they see staff tools."""
    return is_economic_development(user) or is_cluster_manager(user)


def require(allowed: bool) -> None:
    """Raise 403 unless `allowed`: views open with `require(can_…(request.user, obj))`."""
    if not allowed:
        raise PermissionDenied


# Saved choices of export columns (network_portal.export_columns). The app's view has checked
# that the person may make this export at all; these say which saved choices are theirs to use.
# `organiser_ids`: the organisers the export belongs to (the event's, the trip's; on the
# directory the clusters one manages); `share_ids`: those of them this person may save for.


def can_use_export_preset(user, preset, *, organiser_ids) -> bool:
    """One's own saved choices, and those shared with an organiser of this export."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    if preset.owner_id is not None:
        return preset.owner_id == user.pk
    return preset.organiser_id in set(organiser_ids)


def can_share_export_preset(user, organiser_id, *, share_ids) -> bool:
    """Save a choice for an organiser: only one this person acts for on this export."""
    return bool(user and user.is_authenticated and user.is_active) and organiser_id in share_ids


def can_delete_export_preset(user, preset, *, share_ids) -> bool:
    """Delete one's own, or one shared with an organiser this person may save for."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    if preset.owner_id is not None:
        return preset.owner_id == user.pk
    return preset.organiser_id in set(share_ids)

"""Operations on accounts and roles."""

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from network_portal import permissions

ROLES = ("cluster-manager", "economic-development", "admin")


class RoleError(ValidationError):
    pass


@transaction.atomic
def grant_role(user, role: str, *, cluster=None) -> bool:
    """Give `user` the role; for cluster managers, link them to `cluster`.

    Returns whether anything changed (granting a role twice changes nothing). Raises RoleError
    for an unknown role or a missing or non-cluster organisation.
    """
    if role not in ROLES:
        raise RoleError(_("Unknown role “%(role)s”. Choose one of: %(roles)s."),
                        params={"role": role, "roles": ", ".join(ROLES)})
    if role == "admin":
        if user.is_superuser and user.is_staff:
            return False
        user.is_superuser = user.is_staff = True
        user.save(update_fields=["is_superuser", "is_staff"])
        return True
    if role == "economic-development":
        group = Group.objects.get(name=permissions.ECONOMIC_DEVELOPMENT)
        if user.groups.filter(pk=group.pk).exists():
            return False
        user.groups.add(group)
        return True
    if cluster is None:
        raise RoleError(_("A cluster manager needs a cluster: add --cluster SLUG."))
    if not cluster.is_cluster:
        raise RoleError(_("“%(name)s” is not a cluster or network."), params={"name": cluster})
    group = Group.objects.get(name=permissions.CLUSTER_MANAGERS)
    changed = False
    if not user.groups.filter(pk=group.pk).exists():
        user.groups.add(group)
        changed = True
    if not cluster.managers.filter(pk=user.pk).exists():
        cluster.managers.add(user)
        changed = True
    return changed

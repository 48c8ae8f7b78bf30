"""Who is signed in, in one statement: the user with their roles and representations.

Every signed-in request reads its user (Django's `get_user`). Most pages then ask what the
person may do: their groups (`network_portal.permissions`) and the organisations they represent
(`members.permissions`), one query each. Here the backends read all three in one statement on
PostgreSQL and hand the roles and representations to the modules that cache them on the user
object, so those predicates run no query of their own (a member's shared page: four statements
before, two now; README "Page cache"). Within a request they are as fresh as before: read once,
dropped by `members.permissions.forget_rights` where a service checks again under its lock.
Elsewhere (SQLite on a laptop) the backends read the user as Django does.

The composition root holds it because it joins the library's roles with the members app's
representations; `AUTHENTICATION_BACKENDS` names these two classes.
"""

import functools

from allauth.account import auth_backends
from django.contrib.auth import backends, get_user_model
from django.db import connection

from members import permissions as member_permissions
from network_portal import permissions


@functools.cache
def _user_sql() -> tuple[str, tuple[str, ...]]:
    user_model = get_user_model()
    quote = connection.ops.quote_name
    names = tuple(field.attname for field in user_model._meta.concrete_fields)
    columns = ", ".join(f"u.{quote(field.column)}" for field in user_model._meta.concrete_fields)
    sql = (f"SELECT {columns}, {permissions.ROLES_COLUMN_SQL()}, "
           f"{member_permissions.REPRESENTATIONS_COLUMN_SQL()} "
           f"FROM {quote(user_model._meta.db_table)} u WHERE u.{quote('id')} = %s")
    return sql, names


class OneStatementUser:
    def get_user(self, user_id):
        if connection.vendor != "postgresql":
            return super().get_user(user_id)
        sql, names = _user_sql()
        user_model = get_user_model()
        try:
            pk = user_model._meta.pk.to_python(user_id)
        except Exception:  # a session naming no valid id: nobody, as Django answers
            return None
        rows = permissions.rows_of(sql, [pk])
        if not rows:
            return None
        *values, roles, representations = rows[0]
        user = user_model.from_db(connection.alias, names, values)
        permissions.remember_roles(user, roles)
        member_permissions.remember_representations(user, representations)
        return user if self.user_can_authenticate(user) else None


class ModelBackend(OneStatementUser, backends.ModelBackend):
    """Django's backend (what `force_login` and the admin use), reading the user as above."""


class AuthenticationBackend(OneStatementUser, auth_backends.AuthenticationBackend):
    """allauth's backend (log-in by e-mail address), reading the user as above."""

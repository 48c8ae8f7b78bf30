"""The reports app's entries in the audit trail (network_portal.audit)."""

from django.utils.translation import gettext_lazy as _

EXPORTED = "reports.table.exported"

LABELS = {
    EXPORTED: _("exported a table of the statistics"),
}

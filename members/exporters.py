from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from members.models import Membership
from network_portal import exports, links


class DirectoryExporter(exports.Exporter):
    """Exactly the organisations of a filtered directory view, one row each."""

    filename = "members"
    columns = [
        ("name", _("Name")),
        ("kind", _("Kind")),
        ("region", _("Region")),
        ("country", _("Country")),
        ("city", _("City")),
        ("website", _("Website")),
        ("email", _("E-mail")),
        ("phone", _("Phone")),
        ("stages", _("Value-chain stages")),
        ("topics", _("Topics")),
        ("clusters", _("Clusters / networks")),
        ("keywords", _("Keywords")),
        ("profile", _("Profile")),
    ]

    def __init__(self, queryset):
        self.queryset = queryset

    def rows(self):
        queryset = self.queryset.prefetch_related(
            "topics", Prefetch("memberships",
                               queryset=Membership.objects.active().select_related("cluster")))
        # iterator() with prefetching fetches in chunks: memory stays flat for long lists.
        for organisation in queryset.iterator(chunk_size=500):
            yield [
                organisation.name,
                organisation.get_kind_display(),
                organisation.region.name if organisation.region else "",
                organisation.region.country if organisation.region else "",
                organisation.city,
                organisation.website,
                organisation.email,
                organisation.phone,
                ", ".join(str(stage) for stage in organisation.stages.all()),
                ", ".join(str(topic) for topic in organisation.topics.all()),
                ", ".join(m.cluster.name for m in organisation.memberships.all()),
                organisation.keywords,
                # The public address, whichever host the export was asked through.
                links.absolute_url(organisation.get_absolute_url()),
            ]

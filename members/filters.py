"""The directory's filters. Values in the URL are readable codes (?stage=recycling&region=sachsen)."""

import django_filters
from django import forms
from django.db import connection
from django.db.models import Expression, F, Q
from django.utils.translation import gettext_lazy as _

from members.models import Membership, Organization, Region, Topic, ValueChainStage

# A search longer than this is cut: nobody types more, and it keeps the query cheap.
MAX_QUERY_LENGTH = 200


# The GIN index members.0007 puts on the stored search document (PostgreSQL only).
SEARCH_INDEX_NAME = "members_org_search_gin"


class SearchDocument(Expression):
    """The organisation's stored, weighted tsvector (name > keywords > descriptions).

    A generated column PostgreSQL maintains (members.0007), so a search neither computes it
    per row nor per query; the model does not declare it because SQLite has no such column.
    """

    def __init__(self):
        from django.contrib.postgres.search import SearchVectorField

        super().__init__(output_field=SearchVectorField())

    def as_sql(self, compiler, connection):
        # base_table is the organisation table's alias in this query ("U0" in a subquery).
        table = compiler.quote_name_unless_alias(compiler.query.base_table)
        return f"{table}.search_document", []


def search(queryset, text: str, *, rank: bool = True, narrowed: bool = False):
    """Organisations matching `text` in name, descriptions or keywords.

    On PostgreSQL a weighted full-text search (name > keywords > descriptions), ranked by
    relevance, plus a substring match on the name so "Volks" finds Volkswagen; elsewhere
    (SQLite on a laptop) a substring match over the same fields, ordered by name.

    `narrowed`: the queryset is already cut down by a cheap, indexed filter (region, stage,
    cluster, topic); the match is then tested on those few rows instead of asking the GIN
    index for every organisation that mentions the word (the network's own word, "Batterie",
    is in more than half of all profiles).
    """
    text = " ".join(text.split())[:MAX_QUERY_LENGTH]
    if not text:
        return queryset
    if connection.vendor == "postgresql":
        # The functions work without django.contrib.postgres in INSTALLED_APPS.
        from django.contrib.postgres.search import SearchQuery, SearchRank

        query = (SearchQuery(text, search_type="websearch", config="simple")
                 | SearchQuery(text, search_type="websearch", config="german")
                 | SearchQuery(text, search_type="websearch", config="english"))
        if narrowed:
            queryset = queryset.alias(document=SearchDocument()).filter(
                Q(document=query) | Q(name__icontains=text))
        else:
            # `document @@ query` in its own subquery so PostgreSQL answers it from the GIN
            # index (an OR with the name match in the same WHERE would make it scan every
            # row); only the matches are then ranked.
            matching = Organization.objects.alias(document=SearchDocument()).filter(
                document=query)
            queryset = queryset.filter(Q(pk__in=matching.values("pk")) | Q(name__icontains=text))
        if not rank:
            return queryset
        return queryset.annotate(rank=SearchRank(SearchDocument(), query)).order_by(
            F("rank").desc(nulls_last=True), "name")
    matches = Q()
    for word in text.split():
        matches &= (Q(name__icontains=word) | Q(keywords__icontains=word)
                    | Q(description_de__icontains=word) | Q(description_en__icontains=word))
    return queryset.filter(matches)


# The cluster filter suggests at most this many clusters in the page itself (a <datalist>);
# beyond it the suggestions come from the search endpoint as one types (members:clusters).
CLUSTER_SUGGESTIONS = 200


class AmbiguousCluster(forms.ValidationError):
    """Several clusters match the text typed into the cluster filter."""

    def __init__(self, candidates):
        super().__init__(_("Several clusters match; please choose one."), code="ambiguous")
        self.candidates = candidates


class ClusterField(forms.CharField):
    """A published cluster by its address (slug), as links and bookmarks carry it, or by
    (part of) its name, as a person types it: a text field with suggestions instead of a
    select of every cluster, so it stays usable with hundreds of them, without JavaScript."""

    def clean(self, value):
        text = " ".join((super().clean(value) or "").split())[:MAX_QUERY_LENGTH]
        if not text:
            return None
        clusters = Organization.objects.published().clusters().only("pk", "name", "slug")
        found = clusters.filter(Q(slug=text) | Q(name__iexact=text)).first()
        if found:
            return found
        candidates = list(clusters.filter(name__icontains=text).order_by("name")[:11])
        if len(candidates) == 1:
            return candidates[0]
        if candidates:
            raise AmbiguousCluster(candidates[:10])
        raise forms.ValidationError(_("No cluster of that name."), code="unknown")


class ClusterFilter(django_filters.Filter):
    field_class = ClusterField


class DirectoryFilter(django_filters.FilterSet):
    """The directory's filters. The page renders the form by hand (members/_directory_filters.html):
    plain labelled fields, no per-option widget templates."""

    q = django_filters.CharFilter(label=_("Search"), method="filter_q")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Organization.Kind.choices,
                                       empty_label=_("All kinds"))
    # Stage, topic and cluster filter through a subquery on their link table, not a join:
    # no DISTINCT over wide rows, and the count comes with the page (one row per organisation).
    stage = django_filters.ModelChoiceFilter(
        label=_("Value-chain stage"), method="filter_stage", to_field_name="code",
        queryset=ValueChainStage.objects.all(), empty_label=_("All stages"),
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Region"), to_field_name="slug", queryset=Region.objects.all(),
        empty_label=_("All regions"),
    )
    cluster = ClusterFilter(label=_("Cluster / network"), method="filter_cluster")
    topic = django_filters.ModelChoiceFilter(
        label=_("Topic"), method="filter_topic", to_field_name="code",
        queryset=Topic.objects.all(), empty_label=_("All topics"),
    )

    class Meta:
        model = Organization
        fields = ["q", "kind", "stage", "region", "cluster", "topic"]

    # The filters that narrow the rows through an index; a search then ranks only those.
    NARROWING = ("stage", "region", "cluster", "topic")

    def filter_queryset(self, queryset):
        """The cheap filters first, then the search on what is left."""
        values = self.form.cleaned_data
        for name, value in values.items():
            if name != "q":
                queryset = self.filters[name].filter(queryset, value)
        if values.get("q"):
            narrowed = any(values.get(name) for name in self.NARROWING)
            queryset = search(queryset, values["q"], narrowed=narrowed)
        return queryset

    def filter_q(self, queryset, name, value):
        return search(queryset, value)

    def filter_stage(self, queryset, name, value):
        return queryset.filter(pk__in=Organization.stages.through.objects.filter(
            valuechainstage=value).values("organization_id"))

    def filter_topic(self, queryset, name, value):
        return queryset.filter(pk__in=Organization.topics.through.objects.filter(
            topic=value).values("organization_id"))

    def filter_cluster(self, queryset, name, value):
        # Only an active membership counts (a request waiting for consent makes nobody a member).
        return queryset.filter(pk__in=Membership.objects.active().filter(
            cluster=value).values("organization_id"))

    def cluster_candidates(self) -> list:
        """The clusters the typed text could mean, when it meant several."""
        if not self.is_bound or "cluster" not in self.form.errors:
            return []
        error = self.form.errors.as_data()["cluster"][0]
        return getattr(error, "candidates", [])

    def invalid_fields(self) -> list[str]:
        """Labels of the filters whose values were not valid (and so were ignored)."""
        if not self.is_bound:
            return []
        return [str(self.form.fields[name].label) for name in self.form.errors]

    def active(self) -> bool:
        return bool(self.is_bound and any(self.form.cleaned_data.get(name)
                                          for name in self.Meta.fields))

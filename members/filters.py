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


def search(queryset, text: str, *, rank: bool = True):
    """Organisations matching `text` in name, descriptions or keywords.

    On PostgreSQL a weighted full-text search (name > keywords > descriptions), ranked by
    relevance, plus a substring match on the name so "Volks" finds Volkswagen; elsewhere
    (SQLite on a laptop) a substring match over the same fields, ordered by name.
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
        # `document @@ query` in its own subquery so PostgreSQL answers it from the GIN index
        # (an OR with the name match in the same WHERE would make it scan every row); only the
        # matches are then ranked.
        matching = Organization.objects.alias(document=SearchDocument()).filter(document=query)
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


class DirectoryFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"), method="filter_q",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Name, activity, keyword")}),
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Organization.Kind.choices,
                                       empty_label=_("All kinds"))
    stage = django_filters.ModelChoiceFilter(
        label=_("Value-chain stage"), field_name="stages", to_field_name="code",
        queryset=ValueChainStage.objects.all(), empty_label=_("All stages"),
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Region"), to_field_name="slug", queryset=Region.objects.all(),
        empty_label=_("All regions"),
    )
    cluster = django_filters.ModelChoiceFilter(
        label=_("Cluster / network"), method="filter_cluster", to_field_name="slug",
        queryset=Organization.objects.published().clusters(), empty_label=_("All clusters"),
    )
    topic = django_filters.ModelChoiceFilter(
        label=_("Topic"), field_name="topics", to_field_name="code", queryset=Topic.objects.all(),
        empty_label=_("All topics"),
    )

    class Meta:
        model = Organization
        fields = ["q", "kind", "stage", "region", "cluster", "topic"]

    def filter_q(self, queryset, name, value):
        return search(queryset, value)

    def filter_cluster(self, queryset, name, value):
        # One filter() call: the same membership row is in the cluster and active (a request
        # waiting for consent makes nobody a member).
        return queryset.filter(memberships__cluster=value,
                               memberships__status=Membership.Status.ACTIVE)

    def invalid_fields(self) -> list[str]:
        """Labels of the filters whose values were not valid (and so were ignored)."""
        if not self.is_bound:
            return []
        return [str(self.form.fields[name].label) for name in self.form.errors]

    def active(self) -> bool:
        return bool(self.is_bound and any(self.form.cleaned_data.get(name)
                                          for name in self.Meta.fields))

"""The directory's filters. Values in the URL are readable codes (?stage=recycling&region=sachsen)."""

import django_filters
from django import forms
from django.db import connection
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from members.models import Organization, Region, Topic, ValueChainStage

# A search longer than this is cut: nobody types more, and it keeps the query cheap.
MAX_QUERY_LENGTH = 200


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
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = (SearchVector("name", weight="A", config="simple")
                  + SearchVector("keywords", weight="B", config="simple")
                  + SearchVector("description_de", weight="C", config="german")
                  + SearchVector("description_en", weight="C", config="english"))
        query = (SearchQuery(text, search_type="websearch", config="simple")
                 | SearchQuery(text, search_type="websearch", config="german")
                 | SearchQuery(text, search_type="websearch", config="english"))
        queryset = queryset.annotate(rank=SearchRank(vector, query)).filter(
            Q(rank__gt=0) | Q(name__icontains=text))
        return queryset.order_by(F("rank").desc(nulls_last=True), "name") if rank else queryset
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
        label=_("Cluster / network"), field_name="memberships__cluster", to_field_name="slug",
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

    def invalid_fields(self) -> list[str]:
        """Labels of the filters whose values were not valid (and so were ignored)."""
        if not self.is_bound:
            return []
        return [str(self.form.fields[name].label) for name in self.form.errors]

    def active(self) -> bool:
        return bool(self.is_bound and any(self.form.cleaned_data.get(name)
                                          for name in self.Meta.fields))

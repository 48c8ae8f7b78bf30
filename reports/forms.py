"""The period (and organiser) the statistics are asked for: `?period=year&year=2026`,
`?period=quarter&year=2026&quarter=2`, `?period=custom&from=2026-01-01&to=2026-06-30`,
optionally `&organiser=<slug>`."""

from datetime import date

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

YEAR, QUARTER, CUSTOM = "year", "quarter", "custom"
FIRST_YEAR, LAST_YEAR = 2000, 2100
DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]
DATE_ERROR = _("Enter a date such as 2026-03-31 (or 31.03.2026).")


class PeriodForm(forms.Form):
    period = forms.ChoiceField(
        label=_("Period"), choices=[(YEAR, _("A year")), (QUARTER, _("A quarter")),
                                    (CUSTOM, _("From a date to a date"))],
        error_messages={"invalid_choice": _("Choose a year, a quarter or a period from–to.")})
    year = forms.IntegerField(
        label=_("Year"), required=False, help_text=_("For a year or a quarter."),
        error_messages={"invalid": _("Enter the year as a number, e.g. 2026.")})
    quarter = forms.TypedChoiceField(
        label=_("Quarter"), required=False, coerce=int, empty_value=None,
        choices=[("", "–"), *[(n, str(n)) for n in range(1, 5)]],
        error_messages={"invalid_choice": _("Choose a quarter from 1 to 4.")})
    organiser = forms.ChoiceField(label=_("Organiser"), required=False, error_messages={
        "invalid_choice": _("Choose an organiser from the list.")})

    def __init__(self, data=None, *, organisers=(), today=None):
        self.today = today or timezone.localdate()
        if data is not None and not any(data.get(name) for name in
                                        ("period", "year", "quarter", "from", "to", "organiser")):
            data = None  # the page opened without a choice: this year so far
        if data is None:
            data = {"period": YEAR, "year": str(self.today.year)}
        super().__init__(data)
        # "from" is a Python keyword: the fields are added here rather than declared. The
        # labels have a context: "To" of a trip's route is "Nach", of a period "Bis".
        self.fields["from"] = forms.DateField(label=pgettext_lazy("period", "From"),
                                              required=False, input_formats=DATE_FORMATS,
                                              error_messages={"invalid": DATE_ERROR})
        self.fields["to"] = forms.DateField(label=pgettext_lazy("period", "To"), required=False,
                                            input_formats=DATE_FORMATS,
                                            error_messages={"invalid": DATE_ERROR})
        self.organisers = {organisation.slug: organisation for organisation in organisers}
        self.fields["organiser"].choices = [("", _("All organisers")), *[
            (organisation.slug, organisation.name) for organisation in organisers]]
        self.order_fields(["period", "year", "quarter", "from", "to", "organiser"])

    def clean_year(self):
        year = self.cleaned_data.get("year")
        if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
            raise forms.ValidationError(
                _("Enter a year from %(first)s to %(last)s.") % {"first": FIRST_YEAR,
                                                                "last": LAST_YEAR},
                code="year_range")
        return year

    def clean(self):
        data = super().clean()
        period = data.get("period")
        if period in (YEAR, QUARTER) and data.get("year") is None and "year" not in self.errors:
            self.add_error("year", forms.ValidationError(_("Enter a year, e.g. 2026."),
                                                         code="year_missing"))
        if period == QUARTER and data.get("quarter") is None and "quarter" not in self.errors:
            self.add_error("quarter", forms.ValidationError(
                _("Choose a quarter from 1 to 4."), code="quarter_missing"))
        if period == CUSTOM:
            for name in ("from", "to"):
                if data.get(name) is None and name not in self.errors:
                    self.add_error(name, forms.ValidationError(
                        _("Enter the first and the last day of the period."), code="date_missing"))
            if data.get("from") and data.get("to") and data["from"] > data["to"]:
                raise forms.ValidationError(_("The period ends before it begins."), code="order")
        return data

    @property
    def start(self) -> date:
        return self._bounds()[0]

    @property
    def end(self) -> date:
        return self._bounds()[1]

    def _bounds(self) -> tuple[date, date]:
        data = self.cleaned_data
        if data["period"] == YEAR:
            return date(data["year"], 1, 1), date(data["year"], 12, 31)
        if data["period"] == QUARTER:
            first = 3 * data["quarter"] - 2
            last = date(data["year"] + (first == 10), (first + 2) % 12 + 1, 1)
            return date(data["year"], first, 1), date.fromordinal(last.toordinal() - 1)
        return data["from"], data["to"]

    def label(self) -> str:
        """The period in words: "2026", "Q2 2026", "1 Jan 2026 – 30 Jun 2026"."""
        data = self.cleaned_data
        if data["period"] == YEAR:
            return str(data["year"])
        if data["period"] == QUARTER:
            return _("Q%(number)s %(year)s") % {"number": data["quarter"], "year": data["year"]}
        return f"{date_format(self.start)} – {date_format(self.end)}"

    @property
    def chosen_organiser(self):
        return self.organisers.get(self.cleaned_data.get("organiser") or "")

    def error_text(self) -> str:
        return "; ".join(
            " ".join(errors) if name == "__all__" else f"{self.fields[name].label}: {' '.join(errors)}"
            for name, errors in self.errors.items())

    def query(self) -> dict:
        """The parameters of this period and organiser, for the export links."""
        data = self.cleaned_data
        query = {"period": data["period"]}
        if data["period"] in (YEAR, QUARTER):
            query["year"] = data["year"]
        if data["period"] == QUARTER:
            query["quarter"] = data["quarter"]
        if data["period"] == CUSTOM:
            query["from"], query["to"] = data["from"].isoformat(), data["to"].isoformat()
        if data.get("organiser"):
            query["organiser"] = data["organiser"]
        return query

"""The events' exports (through network_portal.exports): rows as plain values, no model instances.

Rows come from `values_list()` with the organisation's details joined in the same query; labels
(status, kind, size, region names) are looked up in dicts built once per export, so a row costs
a tuple and a few dict lookups, not a model instance, a prefetch and a translation per cell.
"""

from django.db.models import Exists, OuterRef
from django.utils import translation
from django.utils.functional import lazy
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from events.models import AgendaChoice, Answer, Registration
from members.models import Membership, Organization
from network_portal import exports

# The columns funding reports pivot on, of the registrant's organisation where it is a portal
# organisation (empty for an organisation typed as free text: not known).
ORGANISATION_COLUMNS = [
    ("region", _("Region")),
    ("city", _("City")),
    ("country", _("Country")),
    ("size", _("Size band")),
    ("network_member", _("Network member")),
]

_ORGANISATION_FIELDS = ("organisation_id", "organisation__name", "organisation_name",
                        "organisation__kind", "organisation__region__name_de",
                        "organisation__region__name_en", "organisation__region__country",
                        "organisation__city", "organisation__size")


def _labels(choices) -> dict[str, str]:
    return {value: str(label) for value, label in choices}


class _Labels:
    """The labels of one export, translated once, in the language it is made in."""

    def __init__(self):
        self.status = _labels(Registration.Status.choices)
        self.attendance = _labels(Registration.Attendance.choices)
        self.kind = _labels(Organization.Kind.choices)
        self.size = _labels(Organization.Size.choices)
        self.english = (translation.get_language() or "de")[:2] == "en"


def _with_organisation(registrations, *fields):
    """`values_list` rows: `fields`, the organisation's, then whether it is a network member
    (an active membership in a cluster)."""
    active = Membership.objects.active().filter(organization=OuterRef("organisation_id"))
    return (registrations.prefetch_related(None)
            .annotate(network_member=Exists(active))
            .values_list(*fields, *_ORGANISATION_FIELDS, "network_member"))


def _organisation_cells(labels: _Labels, values) -> tuple[list, list]:
    """(label, kind, member organisation) and the ORGANISATION_COLUMNS cells of one row."""
    (org_id, org_name, free_name, kind, region_de, region_en, country, city, size,
     member) = values
    if org_id is None:
        return [free_name, "", False], [None] * 5
    region = (region_en if labels.english and region_en else region_de) or ""
    return ([org_name, labels.kind.get(kind, kind), True],
            [region, city, country or "", labels.size.get(size, ""), member])


def question_column(question) -> str:
    """The key of a registration question's export column (URLs, saved choices)."""
    return f"question_{question.pk}"


def _question_label(question):
    """The question's label, in the language active when it is shown (lazy, like the fixed
    columns' labels)."""
    return lazy(question.localized, str)("label")


class ParticipantExporter(exports.Exporter):
    """Exactly the rows of the filtered participant list, in its order (badges, catering,
    reports)."""

    columns = [
        ("name", _("Name")),
        ("email", _("E-mail")),
        ("organisation", _("Organisation")),
        ("organisation_kind", _("Organisation kind")),
        ("member", _("Member organisation")),
        ("job_title", _("Job title")),
        ("status", _("Status")),
        ("waitlist", _("Waitlist position")),
        ("agenda", _("Agenda items")),
        ("diet", _("Dietary requirements")),
        ("accessibility", _("Accessibility needs")),
        ("public_consent", _("Consents to the public list")),
        ("language", _("Language")),
        ("registered", _("Registered")),
        ("checked_in", _("Checked in")),
        *ORGANISATION_COLUMNS,
    ]

    def __init__(self, event, registrations, waitlist_positions: dict[int, int],
                 questions=None):
        self.event = event
        self.registrations = registrations
        self.positions = waitlist_positions
        self.filename = f"{slugify(event.slug)}-teilnehmende"
        # `questions`: the event's, when the caller has read them already (no second query).
        self.questions = list(event.questions.all() if questions is None else questions)
        self.columns = self.columns_for(event, self.questions)

    @classmethod
    def columns_for(cls, event, questions=None) -> list:
        """The columns of this event's export, which the column chooser offers and `columns=`
        is checked against: the fixed ones (a hybrid event's have "Teilnahme", on site or
        online, after the status), then one per registration question (`question_<pk>`, in the
        questions' order, headed by the question's label in the reader's language).

        `questions`: the event's questions if already read; otherwise one query reads them."""
        columns = list(cls.columns)
        if event.is_hybrid:
            columns.insert(columns.index(("status", _("Status"))) + 1,
                           ("attendance", pgettext_lazy("attendance", "Attendance")))
        if questions is None:
            questions = event.questions.all()
        columns += [(question_column(question), _question_label(question))
                    for question in questions]
        return columns

    def _answers(self) -> dict[tuple[int, int], str]:
        """{(registration pk, question pk): the answer as shown}, for the event in one query."""
        questions = {question.pk: question for question in self.questions}
        if not questions:
            return {}
        return {(registration_id, question_id): questions[question_id].display(value)
                for registration_id, question_id, value in Answer.objects.filter(
                    question__event=self.event).values_list("registration_id", "question_id",
                                                            "value")}

    def _agenda(self) -> dict[int, str]:
        """{registration pk: its agenda items' titles}, for the whole event in one query."""
        titles = {}
        choices = (AgendaChoice.objects.filter(agenda_item__event=self.event)
                   .order_by("agenda_item__position", "agenda_item__pk")
                   .values_list("registration_id", "agenda_item__title_de",
                                "agenda_item__title_en"))
        english = (translation.get_language() or "de")[:2] == "en"
        for registration_id, title_de, title_en in choices:
            titles.setdefault(registration_id, []).append(
                title_en if english and title_en else title_de)
        return {pk: ", ".join(items) for pk, items in titles.items()}

    def rows(self):
        labels = _Labels()
        agenda = self._agenda()
        answers = self._answers()
        # One event's list (at most its registrations): read at once, no server-side cursor.
        for values in _with_organisation(
                self.registrations, "pk", "name", "email", "job_title", "status", "diet",
                "accessibility", "public_consent", "language", "created_at", "checked_in_at",
                "attendance"):
            (pk, name, email, job_title, status, diet, accessibility, consent, language,
             created_at, checked_in_at, attendance) = values[:12]
            organisation, extra = _organisation_cells(labels, values[12:])
            hybrid = [labels.attendance.get(attendance, attendance)] if self.event.is_hybrid else []
            yield [name, email, *organisation, job_title, labels.status.get(status, status),
                   *hybrid, self.positions.get(pk), agenda.get(pk, ""), diet, accessibility, consent,
                   language, created_at, checked_in_at, *extra,
                   *(answers.get((pk, question.pk), "") for question in self.questions)]


class PeriodRegistrationExporter(exports.Exporter):
    """Every registration of the events that start in a period, across events (funding reports).

    One query, streamed in chunks: the 100,000 rows of a state's five years never sit in memory.
    """

    columns = [
        ("event", _("Event")),
        ("event_starts", _("Event starts")),
        ("name", _("Name")),
        ("email", _("E-mail")),
        ("organisation", _("Organisation")),
        ("organisation_kind", _("Organisation kind")),
        ("region", _("Region")),
        ("member", _("Member organisation")),
        ("job_title", _("Job title")),
        ("status", _("Status")),
        ("language", _("Language")),
        ("registered", _("Registered")),
        ("checked_in", _("Checked in")),
        *[column for column in ORGANISATION_COLUMNS if column[0] != "region"],
    ]

    def __init__(self, registrations, start, end):
        self.registrations = registrations
        self.filename = f"anmeldungen-{start.isoformat()}-{end.isoformat()}"

    def rows(self):
        labels = _Labels()
        for values in _with_organisation(
                self.registrations, "event__title_de", "event__title_en", "event__starts_at",
                "name", "email", "job_title", "status", "language", "created_at",
                "checked_in_at").iterator(chunk_size=5000):
            (title_de, title_en, starts_at, name, email, job_title, status, language,
             created_at, checked_in_at) = values[:10]
            (label, kind, member), (region, city, country, size, network_member) = \
                _organisation_cells(labels, values[10:])
            yield [title_en if labels.english and title_en else title_de, starts_at, name,
                   email, label, kind, region, member, job_title,
                   labels.status.get(status, status), language, created_at, checked_in_at,
                   city, country, size, network_member]

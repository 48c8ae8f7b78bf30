from datetime import date

from django import forms
from django.conf import settings
from django.db.models import Q
from django.db.models.functions import Coalesce, Lower
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils import formats, timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy, pgettext_lazy

from events import selectors, services
from events.models import (
    AgendaItem,
    Event,
    EventMessage,
    EventSeries,
    Question,
    Registration,
    agenda_slots,
)
from events.services import AGENDA_FIELDS, QUESTION_FIELDS, AgendaRow, Attendee, QuestionRow
from members import permissions as members_permissions
from members.models import Organization
from network_portal import messages
from network_portal.pickers import SearchPickerField


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def attendance_field(event: Event) -> forms.ChoiceField:
    """On site or online, for a hybrid event: each choice with the seats left in its part."""
    choices = []
    for value, label in Registration.Attendance.choices:
        capacity = event.capacity_for(value)
        if capacity is None:
            detail = None
        elif event.is_full_for(value):
            detail = _("full: waitlist")
        else:
            left = capacity - event.seats_taken_for(value)
            detail = ngettext_lazy("%(n)s seat left", "%(n)s seats left", left) % {"n": left}
        choices.append((value, f"{label} ({detail})" if detail else label))
    return forms.ChoiceField(
        label=pgettext_lazy("attendance", "How do you take part?"), choices=choices,
        widget=forms.RadioSelect,
        help_text=_("On site and online have their own seats and their own waitlist. The online "
                    "link comes with the confirmation."),
        error_messages={"required": _("Choose whether you take part on site or online.")})


def _place_attendance(form, after: str) -> None:
    names = [name for name in form.fields if name != "attendance"]
    form.order_fields([*names[:names.index(after) + 1], "attendance",
                       *names[names.index(after) + 1:]])


def question_field_name(question: Question) -> str:
    return f"question_{question.pk}"


def question_field(question: Question) -> forms.Field:
    """The form field asking `question` (its options in the active language)."""
    common = {"label": question.label, "required": question.required}
    if question.kind == Question.Kind.TEXT:
        return forms.CharField(max_length=1000, **common)
    if question.kind == Question.Kind.MULTIPLE:
        return forms.MultipleChoiceField(choices=question.options(),
                                         widget=forms.CheckboxSelectMultiple, **common)
    choices = question.options()
    if not question.required:  # one may leave it open, and say so
        choices = [*choices, ("", _("No answer"))]
    return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)


class QuestionFieldsMixin:
    """Adds a field per question of the event (`question_<pk>`) and reads the answers back."""

    def add_question_fields(self, questions, answers: dict[int, str] | None = None):
        self.questions = list(questions)
        for question in self.questions:
            name = question_field_name(question)
            self.fields[name] = question_field(question)
            if answers and question.pk in answers:
                stored = answers[question.pk]
                self.initial.setdefault(name, question.values_of(stored)
                                        if question.kind == Question.Kind.MULTIPLE else stored)

    def answers(self) -> dict:
        return {question.pk: self.cleaned_data.get(question_field_name(question))
                for question in self.questions}

    def question_boundfields(self):
        return [self[question_field_name(question)] for question in self.questions]


class AnswersForm(QuestionFieldsMixin, forms.Form):
    """The answers to the event's questions, changed on the secret-link page."""

    def __init__(self, *args, registration: Registration, **kwargs):
        super().__init__(*args, **kwargs)
        stored = {answer.question_id: answer.value for answer in registration.answers.all()}
        self.add_question_fields(registration.event.questions.all(), stored)


class RegistrationForm(QuestionFieldsMixin, forms.Form):
    """Register oneself or a colleague; the organisation is a member or a free-text name."""

    FOR_SELF = "self"
    FOR_COLLEAGUE = "colleague"
    field_order = ["registers_for", "name", "email", "language"]

    registers_for = forms.ChoiceField(
        label=_("Who is coming?"), widget=forms.RadioSelect, initial=FOR_SELF,
        choices=[(FOR_SELF, _("I register myself")), (FOR_COLLEAGUE, _("I register a colleague"))],
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("E-mail"),
                             max_length=Registration._meta.get_field("email").max_length,
                             help_text=_("The confirmation and reminders go to this address."))
    organisation = forms.ModelChoiceField(
        label=_("Member organisation"), required=False, queryset=Organization.objects.none(),
        empty_label=_("– not a member / enter below –"),
    )
    organisation_name = forms.CharField(
        label=_("Organisation (if not in the list)"), max_length=200, required=False)
    job_title = forms.CharField(label=_("Job title"), max_length=200, required=False)
    agenda_items = forms.ModelMultipleChoiceField(
        label=_("Programme items with limited seats"), required=False,
        queryset=AgendaItem.objects.none(), widget=forms.CheckboxSelectMultiple,
    )
    diet = forms.CharField(label=_("Dietary requirements"), max_length=300, required=False)
    accessibility = forms.CharField(label=_("Accessibility needs"), max_length=300, required=False)
    # Changing this wording? Raise events.models.CONSENT_VERSION with it.
    public_consent = forms.BooleanField(
        label=_("My organisation may appear in the public participant overview"), required=False)
    language = forms.ChoiceField(
        label=_("Language of the e-mails"), required=False, choices=settings.LANGUAGES,
        help_text=_("For a colleague: the language of their confirmation and reminders. "
                    "Registering yourself, you get them in the language of this page."))

    def __init__(self, *args, event: Event, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.user = user
        self.fields["organisation"].queryset = Organization.objects.published().only("pk", "name")
        from events.selectors import agenda_with_seats

        # Talks and panels with their own seats are ticked; plenary items without a capacity
        # are the programme (the event page), not a choice.
        items = (agenda_with_seats().filter(event=event, capacity__isnull=False)
                 .exclude(kind=AgendaItem.Kind.ISLAND).order_by("starts_at", "position", "pk"))
        self.fields["agenda_items"].queryset = items
        self.fields["agenda_items"].label_from_instance = self._agenda_label
        # The event page's selector has the agenda already (in the model's order): no query.
        agenda = list(event.agenda_items.all())
        if not any(item.is_offered and not item.is_island for item in agenda):
            del self.fields["agenda_items"]
        # Discussion islands at the same time are a slot: one radio group each, one island.
        self.slots = [slot for slot in agenda_slots(agenda) if slot.is_islands]
        for slot in self.slots:
            self.fields[slot.key] = forms.ChoiceField(
                label=self._slot_label(slot), required=False, widget=forms.RadioSelect,
                choices=[*((str(item.pk), self._agenda_label(item)) for item in slot.items),
                         ("", _("None of them"))])
        if not event.public_participants:
            del self.fields["public_consent"]
        self.add_question_fields(event.questions.all())
        # The islands' slots where the agenda is asked, before diet and the event's questions.
        slot_keys = [slot.key for slot in self.slots]
        rest = [name for name in self.fields if name not in slot_keys]
        anchor = rest.index("diet")
        self.order_fields(rest[:anchor] + slot_keys + rest[anchor:])
        self.fields["language"].initial = self.current_language()
        if event.is_hybrid:
            self.fields["attendance"] = attendance_field(event)
            _place_attendance(self, "language")
        if user is None:  # a guest (GuestRegistrationForm): no account to prefill from
            return
        self.fields["email"].widget.attrs["data-account-email"] = user.email
        if not self.is_bound:
            self.initial.setdefault("name", user.get_full_name())
            self.initial.setdefault("email", user.email)
            represented = members_permissions.represented_organisation_ids(user)
            if represented:  # the organisation one represents, as the trip application does
                self.initial.setdefault("organisation", min(represented))

    @staticmethod
    def current_language() -> str:
        return (translation.get_language() or settings.LANGUAGE_CODE)[:2]

    @staticmethod
    def _agenda_label(item):
        """The item as the form offers it: its title (its kind is the group's heading), room,
        and whether its seats are limited or gone."""
        label = item.title
        details = [item.room] if item.room else []
        if item.capacity is not None:
            if getattr(item, "seats_taken", 0) >= item.capacity:
                details.append(str(_("full: waitlist")))
            else:
                details.append(str(_("limited seats")))
        return f"{label} ({', '.join(details)})" if details else label

    @staticmethod
    def _slot_label(slot) -> str:
        if slot.starts_at is None:
            return str(_("Discussion islands: choose one"))
        start = formats.time_format(timezone.localtime(slot.starts_at), "TIME_FORMAT")
        if slot.ends_at:
            start += "–" + formats.time_format(timezone.localtime(slot.ends_at), "TIME_FORMAT")
        return str(_("Discussion islands %(time)s: choose one") % {"time": start})

    def chosen_islands(self) -> list[AgendaItem]:
        chosen = []
        for slot in self.slots:
            value = self.cleaned_data.get(slot.key)
            chosen += [item for item in slot.items if str(item.pk) == value]
        return chosen

    def clean(self):
        data = super().clean()
        if data.get("registers_for") == self.FOR_SELF:
            # Oneself means one's own account address: no one registers a stranger "as self".
            data["email"] = self.user.email
        if data.get("registers_for") != self.FOR_COLLEAGUE or not data.get("language"):
            # Oneself: the language one is using the portal in, as before.
            data["language"] = self.current_language()
        if not data.get("organisation") and not (data.get("organisation_name") or "").strip():
            self.add_error("organisation_name",
                           _("Choose a member organisation or enter the organisation's name."))
        return data

    def attendee(self) -> Attendee:
        data = self.cleaned_data
        return Attendee(name=data["name"], email=data["email"], organisation=data["organisation"],
                        organisation_name=data.get("organisation_name", ""),
                        job_title=data.get("job_title", ""))

    def options(self) -> dict:
        data = self.cleaned_data
        return {
            "agenda_items": [*(data.get("agenda_items") or []), *self.chosen_islands()],
            "diet": data.get("diet", ""), "accessibility": data.get("accessibility", ""),
            "public_consent": bool(data.get("public_consent")),
            "language": data["language"],
            "answers": self.answers(),
            "attendance": data.get("attendance"),
        }


class GuestRegistrationForm(RegistrationForm):
    """Register without an account: name, address, organisation, language; the address is
    confirmed by the link of the first e-mail (events.services.register_guest)."""

    field_order = ["first_name", "last_name", "email", "language", "organisation",
                   "organisation_name"]

    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=99)

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, event=event, user=None, **kwargs)
        del self.fields["registers_for"]
        del self.fields["name"]
        self.fields["email"].help_text = _(
            "We send a link to this address; the registration counts once you have followed it.")
        self.fields["language"].help_text = _("The language of the e-mails about this event.")
        self.fields["language"].required = True
        self.fields["organisation"].label = _("Member organisation (if yours is one)")
        self.fields["organisation_name"].label = _("Organisation")
        self.fields["organisation_name"].help_text = _("If it is not in the list above.")

    def clean(self):
        language = self.cleaned_data.get("language")
        data = super().clean()
        data["language"] = language or self.current_language()
        return data

    def attendee(self) -> Attendee:
        data = self.cleaned_data
        return Attendee(name=f"{data['first_name'].strip()} {data['last_name'].strip()}",
                        email=data["email"], organisation=data["organisation"],
                        organisation_name=data.get("organisation_name", ""),
                        job_title=data.get("job_title", ""))


class GroupForm(QuestionFieldsMixin, forms.Form):
    """Several people of one organisation at once: the organisation typed once; for a guest
    also the registrant's own name and address (the summary goes there). The event's
    questions are asked here too, for the registrant who attends themself."""

    first_name = forms.CharField(label=_("Your first name"), max_length=100)
    last_name = forms.CharField(label=_("Your last name"), max_length=99)
    email = forms.EmailField(label=_("Your e-mail"),
                             max_length=Registration._meta.get_field("email").max_length,
                             help_text=_("The summary goes to this address."))
    language = forms.ChoiceField(label=_("Language of the e-mails"), choices=settings.LANGUAGES)
    attend = forms.BooleanField(label=_("I attend myself"), required=False)
    organisation = forms.ModelChoiceField(
        label=_("Member organisation (if yours is one)"), required=False,
        queryset=Organization.objects.none(), empty_label=_("– not a member / enter below –"))
    organisation_name = forms.CharField(label=_("Organisation"), max_length=200, required=False,
                                        help_text=_("If it is not in the list above."))

    def __init__(self, *args, user=None, event: Event | None = None, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["organisation"].queryset = Organization.objects.published().only("pk", "name")
        self.add_question_fields(questions)
        # Asked only of a registrant who attends themself (clean checks the required ones).
        for question in self.questions:
            field = self.fields[question_field_name(question)]
            field.required = False
            field.help_text = _("Only if you attend yourself.")
        # Right below "I attend myself", which they belong to.
        names = list(self.fields)
        questions_at = names.index("attend") + 1
        asked = [question_field_name(question) for question in self.questions]
        self.order_fields([*names[:questions_at], *asked,
                           *(name for name in names[questions_at:] if name not in asked)])
        self.fields["language"].initial = RegistrationForm.current_language()
        if event is not None and event.is_hybrid:  # the whole group takes part one way
            self.fields["attendance"] = attendance_field(event)
            self.fields["attendance"].label = pgettext_lazy("attendance",
                                                            "How does the group take part?")
            _place_attendance(self, "organisation_name")
        if user is not None:  # logged in: the account is the registrant
            for name in ("first_name", "last_name", "email", "language"):
                del self.fields[name]
            if not self.is_bound:
                represented = members_permissions.represented_organisation_ids(user)
                if represented:
                    self.initial.setdefault("organisation", min(represented))

    def clean(self):
        data = super().clean()
        if not data.get("organisation") and not (data.get("organisation_name") or "").strip():
            self.add_error("organisation_name",
                           _("Choose a member organisation or enter the organisation's name."))
        if data.get("attend"):
            for question in self.questions:
                name = question_field_name(question)
                if question.required and not data.get(name) and name not in self.errors:
                    self.add_error(name, _("Attending yourself, please answer this question."))
        return data

    def registrant(self) -> "services.GroupMember":
        data = self.cleaned_data
        answers = self.answers() if data.get("attend") else {}
        if self.user is not None:
            return services.GroupMember(name=self.user.get_full_name() or self.user.email,
                                        email=self.user.email,
                                        language=RegistrationForm.current_language(),
                                        answers=answers)
        return services.GroupMember(
            name=f"{data['first_name'].strip()} {data['last_name'].strip()}",
            email=data["email"], language=data["language"], answers=answers)


class PersonForm(QuestionFieldsMixin, forms.Form):
    """One colleague of a group registration with their answers to the event's questions;
    a row left empty is skipped."""

    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=99)
    email = forms.EmailField(label=_("E-mail"),
                             max_length=Registration._meta.get_field("email").max_length)
    language = forms.ChoiceField(label=_("Language of the e-mails"), choices=settings.LANGUAGES)

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = RegistrationForm.current_language()
        self.add_question_fields(questions)

    def has_changed(self):
        # The language is preset: a row counts as filled only if a name or address was typed.
        return any(self.data.get(self.add_prefix(name), "").strip()
                   for name in ("first_name", "last_name", "email")) if self.is_bound else False

    def member(self) -> "services.GroupMember":
        data = self.cleaned_data
        return services.GroupMember(
            name=f"{data['first_name'].strip()} {data['last_name'].strip()}",
            email=data["email"], language=data["language"], answers=self.answers())


class BasePersonFormSet(forms.BaseFormSet):
    def get_form_kwargs(self, index):
        # Every row may stay empty (also rows carried over by "add another person").
        return {**super().get_form_kwargs(index), "empty_permitted": True,
                "use_required_attribute": False}

    def rows(self) -> list[dict]:
        """The rows as typed (for "add another person" without JavaScript: the page again,
        with what was typed and one row more)."""
        questions = self.form_kwargs.get("questions", ())
        rows = []
        for i in range(self.total_form_count()):
            row = {name: self.data.get(f"{self.prefix}-{i}-{name}", "")
                   for name in ("first_name", "last_name", "email", "language")}
            for question in questions:
                key = f"{self.prefix}-{i}-{question_field_name(question)}"
                row[question_field_name(question)] = (
                    self.data.getlist(key) if question.kind == Question.Kind.MULTIPLE
                    else self.data.get(key, ""))
            rows.append(row)
        return rows

    def members(self) -> list:
        return [form.member() for form in self.forms if form.has_changed()]

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        emails = [form.cleaned_data["email"].strip().lower() for form in self.forms
                  if form.has_changed() and form.cleaned_data]
        if len(set(emails)) != len(emails):
            raise forms.ValidationError(_("Each person needs their own e-mail address."))


PersonFormSet = forms.formset_factory(PersonForm, formset=BasePersonFormSet, extra=2,
                                      max_num=settings.PORTAL_MAX_COLLEAGUES_PER_EVENT,
                                      validate_max=True)


class EventForm(forms.ModelForm):
    online_url = forms.URLField(label=_("online link"), required=False, assume_scheme="https",
                                max_length=Event._meta.get_field("online_url").max_length,
                                help_text=_("For webinars and hybrid events. At a hybrid event "
                                            "only confirmed online participants get it."))

    class Meta:
        model = Event
        fields = [
            "title_de", "title_en", "slug", "kind", "series", "status", "organisers", "starts_at",
            "ends_at",
            "venue_name", "venue_address", "online_url", "capacity", "online_capacity",
            "registration_opens_at",
            "registration_closes_at", "contact_name", "contact_email", "description_de",
            "description_en", "public_participants",
        ]
        widgets = {
            "starts_at": DateTimeInput(), "ends_at": DateTimeInput(),
            "registration_opens_at": DateTimeInput(), "registration_closes_at": DateTimeInput(),
            "description_de": forms.Textarea(attrs={"rows": 5}),
            "description_en": forms.Textarea(attrs={"rows": 5}),
        }
        # Thousands of organisations: chosen ones as checkboxes, a search to add one.
        field_classes = {"organisers": SearchPickerField}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["organisers"].queryset = Organization.objects.published()
        self.fields["organisers"].required = True
        # Only the series the person manages (and the one the event is in already): another
        # organiser's series is refused even when its id is sent.
        series = self.fields["series"]
        offered = EventSeries.objects.filter(pk__in=selectors.managed_series(user).values("pk"))
        if self.instance.series_id:
            offered = offered | EventSeries.objects.filter(pk=self.instance.series_id)
        series.queryset = offered.order_by("title_de")
        series.empty_label = _("– not part of a series –")
        slug = self.fields["slug"]
        slug.required = False
        slug.help_text = _("Proposed from the German title when left empty; you may change it.")
        slug.widget.attrs["data-slug-target"] = ""
        self.fields["title_de"].widget.attrs["data-slug-source"] = ""
        status = self.fields["status"]
        status.choices = [c for c in status.choices if c[0] != Event.Status.CANCELLED]
        if self.instance.pk and self.instance.is_cancelled:
            status.disabled = True
            status.choices = Event.Status.choices

    RESERVED_SLUGS = services.RESERVED_SLUGS

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if not slug:
            title = self.data.get(self.add_prefix("title_de")) or self.data.get(
                self.add_prefix("title_en")) or ""
            return services.free_slug(title, exclude_pk=self.instance.pk)
        if slug in self.RESERVED_SLUGS:
            raise forms.ValidationError(
                _("“%(slug)s” is taken by a page of the portal; choose another address.")
                % {"slug": slug})
        return slug

    def clean_organisers(self):
        organisers = self.cleaned_data["organisers"]
        # The service's rule, asked early so the field shows it beside the other errors.
        services.check_organisers(organisers, by=self.user)
        return organisers

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends < starts:
            self.add_error("ends_at", _("The event cannot end before it starts."))
        opens, closes = data.get("registration_opens_at"), data.get("registration_closes_at")
        if opens and closes and closes < opens:
            self.add_error("registration_closes_at",
                           _("Registration cannot close before it opens."))
        if data.get("online_capacity") is not None and not data.get("online_url"):
            self.add_error("online_url", _("A hybrid event (with online seats) needs the online "
                                           "link: online participants get it."))
        return data


class SeriesForm(forms.ModelForm):
    """A recurring meeting: its titles, description, address and organisers."""

    class Meta:
        model = EventSeries
        fields = ["title_de", "title_en", "slug", "description_de", "description_en", "organisers"]
        widgets = {"description_de": forms.Textarea(attrs={"rows": 4}),
                   "description_en": forms.Textarea(attrs={"rows": 4})}
        field_classes = {"organisers": SearchPickerField}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["organisers"].queryset = Organization.objects.published()
        self.fields["organisers"].required = True
        self.fields["organisers"].help_text = _(
            "Their cluster managers may edit the series and put their events into it.")
        slug = self.fields["slug"]
        slug.required = False
        slug.help_text = _("Proposed from the German title when left empty; you may change it.")
        slug.widget.attrs["data-slug-target"] = ""
        self.fields["title_de"].widget.attrs["data-slug-source"] = ""

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if not slug:
            title = self.data.get(self.add_prefix("title_de")) or self.data.get(
                self.add_prefix("title_en")) or ""
            return services.free_slug(title, exclude_pk=self.instance.pk, model=EventSeries)
        return slug

    def clean_organisers(self):
        organisers = self.cleaned_data["organisers"]
        services.check_organisers(organisers, by=self.user)
        return organisers


class AgendaItemForm(forms.ModelForm):
    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends < starts:
            self.add_error("ends_at", _("The item cannot end before it starts."))
        if ends and not starts:
            self.add_error("starts_at", _("Give the start as well as the end."))
        return data


class RowsFormSet(BaseInlineFormSet):
    """An inline formset whose rows go to services.save_event as plain values."""

    row_class = None
    row_fields = ()

    def rows(self) -> list:
        """Every existing row (changed, unchanged or to delete) and the new ones filled in."""
        rows = []
        for form in self.forms:
            data = form.cleaned_data
            existing = form.instance.pk
            if data.get("DELETE"):
                if existing:
                    rows.append(self.row_class(id=existing, delete=True))
            elif existing or form.has_changed():
                rows.append(self.row_class(id=existing, **{field: data.get(field)
                                                           for field in self.row_fields}))
        return rows


class BaseAgendaItemFormSet(RowsFormSet):
    row_class, row_fields = AgendaRow, AGENDA_FIELDS


AgendaItemFormSet = inlineformset_factory(
    Event, AgendaItem, form=AgendaItemForm, formset=BaseAgendaItemFormSet,
    fields=list(AGENDA_FIELDS),
    widgets={"starts_at": DateTimeInput(), "ends_at": DateTimeInput(),
             "description_de": forms.Textarea(attrs={"rows": 2}),
             "description_en": forms.Textarea(attrs={"rows": 2})},
    extra=2, can_delete=True,
)


class QuestionForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = list(QUESTION_FIELDS)
        widgets = {"options_de": forms.Textarea(attrs={"rows": 3}),
                   "options_en": forms.Textarea(attrs={"rows": 3})}

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        german = Question.lines(data.get("options_de", ""))
        english = Question.lines(data.get("options_en", ""))
        if kind in (Question.Kind.CHOICE, Question.Kind.MULTIPLE):
            if len(german) < 2:
                self.add_error("options_de", _("Give at least two options, one per line."))
            elif len(set(german)) != len(german):
                self.add_error("options_de", _("Each option once, please."))
            if english and len(english) != len(german):
                self.add_error("options_en", _("Give as many English options as German ones, "
                                               "in the same order (or none)."))
            data["options_de"], data["options_en"] = "\n".join(german), "\n".join(english)
        else:  # text and yes/no offer no list: what was typed there would be lost silently
            if german or english:
                self.add_error("options_de", _("Only the two list kinds have options; leave "
                                               "this empty or choose one of them."))
        return data


class BaseQuestionFormSet(RowsFormSet):
    row_class, row_fields = QuestionRow, QUESTION_FIELDS


QuestionFormSet = inlineformset_factory(
    Event, Question, form=QuestionForm, formset=BaseQuestionFormSet, extra=1, can_delete=True)


class EventFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False,
                             choices=[("", _("All kinds")), *Event.Kind.choices])
    organiser = forms.ModelChoiceField(label=_("Organiser"), required=False,
                                       queryset=Organization.objects.none(), to_field_name="slug",
                                       empty_label=_("All organisers"))
    month = forms.CharField(label=_("Month"), required=False, max_length=7,
                            widget=forms.TextInput(attrs={"type": "month"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organiser"].queryset = Organization.objects.filter(
            organised_events__status=Event.Status.PUBLISHED).distinct().only("pk", "name", "slug")

    def clean_month(self):
        """"2027-05" (what <input type=month> sends) becomes the first day of that month."""
        value = self.cleaned_data["month"]
        if not value:
            return None
        try:
            year, month = (int(part) for part in value.split("-"))
            first = date(year, month, 1)
        except ValueError:
            first = None
        if first is None or not 1900 <= year <= 2999:
            raise forms.ValidationError(_("Enter a month as year and month, e.g. 2027-05."))
        return first


class ParticipantFilterForm(forms.Form):
    NO_KIND = "none"

    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("All except cancelled")), ("all", _("All")),
                                        *Registration.Status.choices])
    organisation_kind = forms.ChoiceField(
        label=_("Organisation kind"), required=False,
        choices=[("", _("All")), *Organization.Kind.choices, (NO_KIND, _("Not a member"))])
    agenda_item = forms.ModelChoiceField(label=_("Agenda item"), required=False,
                                         queryset=AgendaItem.objects.none(),
                                         empty_label=_("All"))
    attendance = forms.ChoiceField(label=pgettext_lazy("attendance", "Attendance"),
                                   required=False,
                                   choices=[("", _("All")), *Registration.Attendance.choices])
    q = forms.CharField(label=_("Name or organisation"), required=False, max_length=100)
    # The sortable columns: ?sort=name, ?sort=-name ... (the column headers link to them).
    SORTS = {
        "name": (Lower("name"), "sequence"),
        "organisation": (Lower(Coalesce("organisation__name", "organisation_name")), "sequence"),
        "status": ("status", "sequence"),
        "registered": ("sequence",),
    }
    sort = forms.ChoiceField(label=_("Sort by"), required=False, widget=forms.HiddenInput,
                             choices=[("", "")] + [(f"{sign}{name}", name) for name in SORTS
                                                   for sign in ("", "-")])

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        agenda = event.agenda_items.all()
        self.fields["agenda_item"].queryset = agenda
        if not agenda.exists():
            # Kept (hidden) so that a stray ?agenda_item= is refused, not silently ignored.
            self.fields["agenda_item"].widget = forms.HiddenInput()
        if not event.is_hybrid:  # hidden, so that a stray ?attendance= is still checked
            self.fields["attendance"].widget = forms.HiddenInput()
        # One filter per question answered from a list: ?answer_<pk>=<option>.
        # All of them for the list's answer column; those answered from a list are filters.
        self.all_questions = list(event.questions.all())
        self.questions = [question for question in self.all_questions if question.is_listed]
        for question in self.questions:
            self.fields[f"answer_{question.pk}"] = forms.ChoiceField(
                label=question.label, required=False,
                choices=[("", _("All")), *question.options()])
        for name, field in self.fields.items():
            field.widget.attrs["class"] = "form-control" if name == "q" else "form-select"
        self.fields["q"].widget.input_type = "search"

    def error_text(self) -> str:
        return "; ".join(f"{self.fields[name].label}: {' '.join(errors)}"
                         for name, errors in self.errors.items())

    def applied(self) -> dict[str, str]:
        """The valid filters that are set, as the query names them (for the export's record)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {name: str(value.pk if hasattr(value, "pk") else value)
                for name, value in data.items() if value}

    def described(self) -> list[tuple[str, str]]:
        """The valid filters that are set, as (label, value) people read (printed on badges
        and the sign-in sheet, so the paper says which rows it holds)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        described = []
        for name, value in data.items():
            if not value or name == "sort":
                continue
            field = self.fields[name]
            if hasattr(value, "pk"):
                shown = str(value)
            else:
                shown = str(dict(getattr(field, "choices", ())).get(value, value))
            described.append((str(field.label), shown))
        return described

    def filter(self, queryset):
        """Apply the filters that are valid; `errors` names the others (exports refuse them)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        status = data.get("status")
        if not status:
            queryset = queryset.exclude(status=Registration.Status.CANCELLED)
        elif status != "all":
            queryset = queryset.filter(status=status)
        kind = data.get("organisation_kind")
        if kind == self.NO_KIND:
            queryset = queryset.filter(organisation__isnull=True)
        elif kind:
            queryset = queryset.filter(organisation__kind=kind)
        if data.get("agenda_item"):
            queryset = queryset.filter(agenda_choices__agenda_item=data["agenda_item"])
        if data.get("attendance"):
            queryset = queryset.filter(attendance=data["attendance"])
        for question in self.questions:
            value = data.get(f"answer_{question.pk}")
            if value:
                queryset = queryset.filter(pk__in=self._answered(question, value))
        for word in (data.get("q") or "").split()[:5]:
            queryset = queryset.filter(Q(name__icontains=word) | Q(email__icontains=word)
                                       | Q(organisation_name__icontains=word)
                                       | Q(organisation__name__icontains=word))
        return queryset

    @staticmethod
    def _answered(question: Question, value: str):
        """The registrations that gave `value` (for several-of-several: among their options)."""
        answers = question.answers.all()
        if question.kind == Question.Kind.MULTIPLE:  # one option a line
            answers = answers.filter(Q(value=value) | Q(value__startswith=value + "\n")
                                     | Q(value__endswith="\n" + value)
                                     | Q(value__contains="\n" + value + "\n"))
        else:
            answers = answers.filter(value=value)
        return answers.values("registration_id")

    def question_filters(self):
        return [self[f"answer_{question.pk}"] for question in self.questions]

    def sorting(self) -> tuple[str, bool]:
        """The column sorted by ("" for the order of registration) and whether descending."""
        self.is_valid()
        sort = getattr(self, "cleaned_data", {}).get("sort") or ""
        return sort.lstrip("-"), sort.startswith("-")

    def order(self, queryset):
        """The rows in the order asked for (registration order by default), server-side."""
        column, descending = self.sorting()
        keys = self.SORTS.get(column, ("sequence",))
        return queryset.order_by(*(
            (key.desc() if descending else key.asc()) if hasattr(key, "asc")
            else (f"-{key}" if descending else key) for key in keys))


class PeriodExportForm(forms.Form):
    """`?from=2022-01-01&to=2026-12-31`: the period of the cross-event registration export."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # "from" is a Python keyword: the fields are added here rather than declared. The
        # labels have a context: "To" of a trip's route is "Nach", of a period "Bis".
        self.fields["from"] = forms.DateField(label=pgettext_lazy("period", "From"),
                                              input_formats=["%Y-%m-%d"])
        self.fields["to"] = forms.DateField(label=pgettext_lazy("period", "To"),
                                            input_formats=["%Y-%m-%d"])

    def clean(self):
        data = super().clean()
        if data.get("from") and data.get("to") and data["from"] > data["to"]:
            raise forms.ValidationError(_("The period ends before it begins."), code="order")
        return data

    def error_text(self) -> str:
        return "; ".join(
            " ".join(errors) if name == "__all__" else f"{self.fields[name].label}: {' '.join(errors)}"
            for name, errors in self.errors.items())


class EventMessageForm(messages.MessageForm):
    """A message to some of an event's people (network_portal.messages.MessageForm); at a
    hybrid event also which part: both, on site only or online only (`part`)."""

    AUDIENCES = EventMessage.Audience.choices

    def __init__(self, *args, event: Event | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if event is not None and event.is_hybrid:
            self.fields["part"] = forms.ChoiceField(
                label=pgettext_lazy("attendance", "On site or online"),
                choices=[("", _("On-site and online participants")),
                         *EventMessage.Part.choices],
                required=False, widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                error_messages={"invalid_choice": _(
                    "Choose on-site or online participants, or both.")})
            self.order_fields(["audiences", "part"])
            self.groups = (*self.groups, "part")

    def values(self) -> dict:
        return {**super().values(), "part": self.cleaned_data.get("part", "")}


class WalkInForm(forms.Form):
    """A person at the door, registered by staff on the participant list."""

    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("E-mail"),
                             max_length=Registration._meta.get_field("email").max_length)
    organisation_name = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    overbook = forms.BooleanField(
        label=_("Overbook: register even if the event is full"), required=False)

    def __init__(self, *args, event: Event | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # A hybrid event: on site (the default) or online; any other event asks nothing.
        if event is not None and event.is_hybrid:
            self.fields["attendance"] = forms.ChoiceField(
                label=pgettext_lazy("attendance", "How does the person take part?"),
                choices=Registration.Attendance.choices, initial=Registration.Attendance.ON_SITE,
                widget=forms.RadioSelect, required=False,  # none sent: on site
                error_messages={"invalid_choice": _(
                    "Choose whether the person takes part on site or online.")})

    def error_text(self) -> str:
        return " ".join(f"{self.fields[name].label}: {' '.join(errors)}"
                        for name, errors in self.errors.items())

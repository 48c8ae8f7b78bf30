"""Forms of the B2B meetings: the organisers' settings, a request, an answer, a move."""

from datetime import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from matchmaking.models import Meeting, MeetingSetup
from members.models import Topic, ValueChainStage

BLOCK_ROWS = 3


class SlotChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, slot):
        start = timezone.localtime(slot.starts_at)
        end = timezone.localtime(slot.ends_at)
        from django.utils.formats import date_format

        return f"{date_format(start, 'SHORT_DATE_FORMAT')} " \
               f"{date_format(start, 'TIME_FORMAT')}–{date_format(end, 'TIME_FORMAT')}"


class SetupForm(forms.Form):
    """Slot length, tables, acceptance, expiry, and up to three meeting blocks (date, from,
    until; local time)."""

    slot_minutes = forms.TypedChoiceField(label=_("Slot length"), coerce=int,
                                          choices=MeetingSetup.SlotLength.choices)
    tables = forms.IntegerField(label=_("Number of tables"), min_value=1, max_value=200)
    needs_acceptance = forms.BooleanField(
        label=_("Requests need the invitee's acceptance"), required=False,
        help_text=_("Otherwise a request is booked at once, in the slot the requester chooses."))
    expiry_hours = forms.IntegerField(
        label=_("Requests expire after (hours)"), min_value=1, max_value=24 * 60,
        help_text=_("An unanswered request expires after this time, or at the last slot."))
    is_open = forms.BooleanField(label=_("Open for requests"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for n in range(1, BLOCK_ROWS + 1):
            required = n == 1
            self.fields[f"block_{n}_date"] = forms.DateField(
                label=_("Block %(n)s: date") % {"n": n}, required=required,
                widget=forms.DateInput(attrs={"type": "date"}))
            self.fields[f"block_{n}_start"] = forms.TimeField(
                label=_("Block %(n)s: from") % {"n": n}, required=required,
                widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
            self.fields[f"block_{n}_end"] = forms.TimeField(
                label=_("Block %(n)s: until") % {"n": n}, required=required,
                widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))

    @classmethod
    def initial_for(cls, setup: MeetingSetup | None) -> dict:
        if setup is None or not setup.pk:
            return {"slot_minutes": 20, "tables": 10, "needs_acceptance": True,
                    "expiry_hours": 48, "is_open": True}
        initial = {"slot_minutes": setup.slot_minutes, "tables": setup.tables,
                   "needs_acceptance": setup.needs_acceptance,
                   "expiry_hours": setup.expiry_hours, "is_open": setup.is_open}
        for n, block in enumerate(setup.blocks.all()[:BLOCK_ROWS], start=1):
            start, end = timezone.localtime(block.starts_at), timezone.localtime(block.ends_at)
            initial.update({f"block_{n}_date": start.date(), f"block_{n}_start": start.time(),
                            f"block_{n}_end": end.time()})
        return initial

    def block_fields(self):
        return [(self[f"block_{n}_date"], self[f"block_{n}_start"], self[f"block_{n}_end"])
                for n in range(1, BLOCK_ROWS + 1)]

    def clean(self):
        data = super().clean()
        blocks = []
        for n in range(1, BLOCK_ROWS + 1):
            day, start, end = (data.get(f"block_{n}_{part}") for part in ("date", "start", "end"))
            if not (day or start or end):
                continue
            if not (day and start and end):
                self.add_error(f"block_{n}_date", _("Please give the date, start and end of "
                                                    "the block."))
                continue
            if end <= start:
                self.add_error(f"block_{n}_end", _("The block must end after it starts."))
                continue
            zone = timezone.get_current_timezone()
            blocks.append((timezone.make_aware(datetime.combine(day, start), zone),
                           timezone.make_aware(datetime.combine(day, end), zone)))
        data["blocks"] = blocks
        return data

    def values(self) -> dict:
        data = self.cleaned_data
        return {key: data[key] for key in ("slot_minutes", "tables", "needs_acceptance",
                                           "expiry_hours", "is_open", "blocks")}


def _choices(label, queryset):
    return forms.ModelMultipleChoiceField(label=label, queryset=queryset, required=False,
                                          widget=forms.CheckboxSelectMultiple)


class OptInForm(forms.Form):
    """Taking part: what one would like to talk about, and the offers and needs for these
    meetings (they start from the organisation's profile and never change it)."""

    about = forms.CharField(label=_("What would you like to talk about? (optional)"),
                            max_length=300, required=False,
                            help_text=_("Shown to the other participants of the meetings."))
    offer_stages = _choices(_("Stages you offer at these meetings"),
                            ValueChainStage.objects.all())
    offer_topics = _choices(_("Topics you offer at these meetings"), Topic.objects.all())
    seek_stages = _choices(_("Stages you are looking for at these meetings"),
                           ValueChainStage.objects.all())
    seek_topics = _choices(_("Topics you are looking for at these meetings"),
                           Topic.objects.all())

    INTERESTS = ("offer_stages", "offer_topics", "seek_stages", "seek_topics")

    def interests(self) -> dict:
        return {name: list(self.cleaned_data[name]) for name in self.INTERESTS}


class RequestForm(forms.Form):
    message = forms.CharField(
        label=_("Your message"), max_length=1000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Who you are and what you would like to talk about (at most 1,000 "
                    "characters)."))

    def __init__(self, *args, slots=None, **kwargs):
        super().__init__(*args, **kwargs)
        if slots is not None:  # booked at once: the requester chooses the slot
            self.fields["slot"] = SlotChoiceField(
                label=pgettext_lazy("B2B meeting", "Slot"), queryset=slots,
                empty_label=None, widget=forms.RadioSelect)


class AnswerForm(forms.Form):
    slot = SlotChoiceField(label=pgettext_lazy("B2B meeting", "Slot"), queryset=None,
                           empty_label=None, widget=forms.RadioSelect,
                           error_messages={"required": _("Please choose a slot."),
                                           "invalid_choice": _("This slot is no longer free. "
                                                               "Please choose another one.")})

    def __init__(self, *args, slots, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].queryset = slots


class MoveForm(forms.Form):
    slot = SlotChoiceField(label=pgettext_lazy("B2B meeting", "Slot"), queryset=None,
                           empty_label=None)
    table = forms.TypedChoiceField(label=pgettext_lazy("B2B meeting", "Table"), coerce=int)

    def __init__(self, *args, meeting: Meeting, slots, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].queryset = slots
        self.fields["table"].choices = [(n, n) for n in range(1, meeting.setup.tables + 1)]

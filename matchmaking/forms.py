from django import forms
from django.utils.translation import gettext_lazy as _

from matchmaking.models import TEXT_MAX, Introduction
from members.models import Organization, Region, Topic, ValueChainStage


def _stages(label):
    return forms.ModelMultipleChoiceField(label=label, queryset=ValueChainStage.objects.all(),
                                          to_field_name="code", required=False,
                                          widget=forms.CheckboxSelectMultiple)


def _topics(label):
    return forms.ModelMultipleChoiceField(label=label, queryset=Topic.objects.all(),
                                          to_field_name="code", required=False,
                                          widget=forms.CheckboxSelectMultiple)


class InterestsForm(forms.Form):
    """What an organisation offers and seeks. Saved only through services.save_interests."""

    offer_stages = _stages(_("Stages you offer"))
    offer_topics = _topics(_("Topics you offer"))
    offer_text = forms.CharField(
        label=_("What you offer, in a few words"), max_length=TEXT_MAX, required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("E.g. “pilot line for pouch cells, 2 MWh a year”"))
    seek_stages = _stages(_("Stages you are looking for"))
    seek_topics = _topics(_("Topics you are looking for"))
    seek_text = forms.CharField(
        label=_("What you are looking for, in a few words"), max_length=TEXT_MAX,
        required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("E.g. “partner for end-of-line testing of modules”"))

    @classmethod
    def initial_for(cls, interests: dict) -> dict:
        initial = {}
        for direction in ("offer", "seek"):
            interest = interests.get(direction)
            if interest is not None:
                initial[f"{direction}_stages"] = [s.code for s in interest.stages.all()]
                initial[f"{direction}_topics"] = [t.code for t in interest.topics.all()]
                initial[f"{direction}_text"] = interest.text
        return initial

    def values(self) -> dict:
        """The cleaned data as services.save_interests takes it: codes and text."""
        data = self.cleaned_data
        return {f"{'offers' if d == 'offer' else 'needs'}": {
            "stages": [s.code for s in data[f"{d}_stages"]],
            "topics": [t.code for t in data[f"{d}_topics"]],
            "text": data[f"{d}_text"]} for d in ("offer", "seek")}


class IntroductionForm(forms.Form):
    message = forms.CharField(
        label=_("Your message"), max_length=Introduction._meta.get_field("message").max_length,
        min_length=20, widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Who you are and what you would like to talk about. Your e-mail address "
                    "is passed on only if they accept."))
    on_behalf_of = forms.ModelChoiceField(label=_("On behalf of"), required=False,
                                          queryset=Organization.objects.none(),
                                          empty_label=_("only myself"))

    def __init__(self, *args, represented, **kwargs):
        super().__init__(*args, **kwargs)
        if represented:
            self.fields["on_behalf_of"].queryset = (Organization.objects.filter(pk__in=represented)
                                                    .order_by("name"))
            self.fields["on_behalf_of"].initial = min(represented) if len(represented) == 1 \
                else None
        else:
            del self.fields["on_behalf_of"]


class PartnerFilterForm(forms.Form):
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.all(),
                                    to_field_name="slug", required=False,
                                    empty_label=_("All regions"),
                                    widget=forms.Select(attrs={"class": "form-select"}))
    kind = forms.ChoiceField(label=_("Kind"), required=False,
                             choices=[("", _("All kinds")), *Organization.Kind.choices],
                             widget=forms.Select(attrs={"class": "form-select"}))

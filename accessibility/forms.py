from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Layout
from django import forms
from django.utils.translation import gettext_lazy as _

MIN_DESCRIPTION = 10


class BarrierReportForm(forms.Form):
    description = forms.CharField(
        label=_("What does not work?"), max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What did you want to do, and what happened? Which aids do you use (e.g. a "
                    "screen reader, zoom, keyboard only), if you want to tell us?"),
    )
    page = forms.CharField(
        label=_("On which page?"), max_length=500, required=False,
        help_text=_("The address or the name of the page. We fill in the page you came from."),
    )
    name = forms.CharField(label=_("Your name"), max_length=200, required=False,
                           widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.EmailField(
        label=_("Your e-mail address"), required=False, max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("Optional. If you give it, you get a confirmation of receipt and our answer."),
    )
    # A trap for bots: people do not see this field (hidden by CSS and from screen readers);
    # a form that comes back with it filled in is thanked for and dropped.
    website = forms.CharField(label=_("Leave this field empty"), required=False,
                              widget=forms.TextInput(attrs={"autocomplete": "off",
                                                            "tabindex": "-1"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            "description", "page", "name", "email",
            Div("website", css_class="d-none", aria_hidden="true"),
        )

    def clean_description(self):
        description = self.cleaned_data["description"].strip()
        if len(description) < MIN_DESCRIPTION:
            raise forms.ValidationError(
                _("Please describe the barrier in a few words (at least %(count)s characters)."),
                params={"count": MIN_DESCRIPTION}, code="too_short")
        return description

    @property
    def is_trap(self) -> bool:
        return bool(self.cleaned_data.get("website"))

from types import SimpleNamespace

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from network_portal import mail


class AccountAdapter(DefaultAccountAdapter):
    """Sends allauth's account e-mails through the portal's outbox."""

    def send_mail(self, template_prefix, email, context):
        request = allauth_context.request
        # allauth's texts greet "from {site name}"; without the sites framework that would be
        # the bare host name, so the portal names itself.
        site = SimpleNamespace(name=gettext("Battery network portal"),
                               domain=request.get_host() if request else "")
        # Rendered by the outbox, not allauth's render_mail: text parts and subjects with
        # autoescape off like every other mail, even for a template overridden without it.
        subject, body_text, body_html = mail.render_parts(
            subject=f"{template_prefix}_subject.txt", text=f"{template_prefix}_message.txt",
            html=f"{template_prefix}_message.html",
            context={"request": request, "email": email, "current_site": site, **context},
        )
        mail.enqueue_rendered(
            to=email, subject=self.format_email_subject(subject), body_text=body_text.strip(),
            body_html=body_html.strip(), language=translation.get_language(),
            template=template_prefix.rsplit("/", 1)[-1],
        )

    def get_email_confirmation_url(self, request, emailconfirmation):
        """allauth builds this link from the request's host, not PORTAL_BASE_URL (which the
        outbox tags with the mail's language): it names the language itself, so the
        confirmation page opens in the language of the sign-up (README "Languages")."""
        from network_portal import links

        url = super().get_email_confirmation_url(request, emailconfirmation)
        language = translation.get_language() or ""
        if language not in dict(settings.LANGUAGES) or links.LANGUAGE_PARAMETER + "=" in url:
            return url
        return f"{url}{'&' if '?' in url else '?'}{links.LANGUAGE_PARAMETER}={language}"

    def clean_email(self, email):
        """Every allauth form that takes an address: refuse one longer than its column.

        allauth would cut it to the column's length when storing it (and confirm the cut one).
        """
        from network_portal.forms import email_max_length

        email = super().clean_email(email)
        limit = email_max_length()
        if len(email) > limit:
            raise ValidationError(
                _("An e-mail address can have at most %(limit_value)d characters (this one has "
                  "%(show_value)d).") % {"limit_value": limit, "show_value": len(email)})
        return email

    def save_user(self, request, user, form, commit=True):
        user.language = translation.get_language() or user.language
        return super().save_user(request, user, form, commit=commit)

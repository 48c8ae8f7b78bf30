from types import SimpleNamespace

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.utils import translation
from django.utils.translation import gettext

from network_portal import mail


class AccountAdapter(DefaultAccountAdapter):
    """Sends allauth's account e-mails through the portal's outbox."""

    def send_mail(self, template_prefix, email, context):
        request = allauth_context.request
        # allauth's texts greet "from {site name}"; without the sites framework that would be
        # the bare host name, so the portal names itself.
        site = SimpleNamespace(name=gettext("Battery network portal"),
                               domain=request.get_host() if request else "")
        message = self.render_mail(template_prefix, email, {
            "request": request, "email": email, "current_site": site, **context,
        })
        html = next((body for body, mimetype in getattr(message, "alternatives", [])
                     if mimetype == "text/html"), "")
        mail.enqueue_rendered(
            to=email, subject=message.subject, body_text=message.body, body_html=html,
            language=translation.get_language(), template=template_prefix.rsplit("/", 1)[-1],
        )

    def save_user(self, request, user, form, commit=True):
        user.language = translation.get_language() or user.language
        return super().save_user(request, user, form, commit=commit)

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from members.models import Organization
from network_portal import services


class Command(BaseCommand):
    help = "Give a person a role: cluster-manager (with --cluster SLUG), economic-development, admin."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("role", help=", ".join(services.ROLES))
        parser.add_argument("--cluster", help="slug of the cluster a cluster manager manages")

    def handle(self, *args, email, role, cluster, **options):
        user = get_user_model().objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError(f"No account with the e-mail address {email}.")
        organisation = None
        if cluster:
            organisation = Organization.objects.filter(slug=cluster).first()
            if organisation is None:
                raise CommandError(f"No organisation with the slug {cluster}.")
        try:
            changed = services.grant_role(user, role, cluster=organisation)
        except services.RoleError as error:
            with translation.override("en"):  # the command speaks English throughout
                raise CommandError(" ".join(error.messages)) from error
        where = f" for {organisation.name}" if organisation else ""
        if changed:
            self.stdout.write(self.style.SUCCESS(f"{user.email} is now {role}{where}."))
        else:
            self.stdout.write(f"{user.email} already was {role}{where}; nothing changed.")

import importlib

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

# Each app contributes its part of the demo, in this order (events and trips need members).
DEMO_MODULES = ["members.demo", "events.demo", "delegations.demo", "network_portal.demo"]


class Command(BaseCommand):
    help = "Load the demo portal built from shared/seeds. Idempotent: a second run changes nothing."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true",
                            help="also run with DEBUG off (creates demo accounts with known passwords)")

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("seed_demo creates accounts with known passwords; it runs only with "
                               "DJANGO_DEBUG on (or --force on a throwaway database).")
        with transaction.atomic():
            for name in DEMO_MODULES:
                try:
                    module = importlib.import_module(name)
                except ModuleNotFoundError as error:
                    if error.name != name:
                        raise
                    continue
                if name == "network_portal.demo":
                    self.stdout.write("Demo accounts (role, e-mail, password):")
                module.seed(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))

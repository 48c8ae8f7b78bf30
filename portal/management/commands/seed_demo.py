from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from delegations import demo as delegations_demo
from events import demo as events_demo
from matchmaking import demo as matchmaking_demo
from members import demo as members_demo
from portal import demo as accounts_demo

# Each app contributes its part of the demo, in this order (events and trips need members).
# Imported by name: an app without its demo loader fails here, loudly, instead of being skipped.
DEMO_LOADERS = [members_demo.seed, events_demo.seed, delegations_demo.seed]
# After the demo accounts: the demo introduction goes to the demo cluster manager.
AFTER_ACCOUNTS = [matchmaking_demo.seed, matchmaking_demo.seed_meetings]


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
            for seed in DEMO_LOADERS:
                seed(stdout=self.stdout)
            self.stdout.write("Demo accounts (role, e-mail, password):")
            accounts_demo.seed(stdout=self.stdout)
            for seed in AFTER_ACCOUNTS:
                seed(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))

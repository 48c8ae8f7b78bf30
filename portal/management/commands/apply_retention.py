from django.core.management.base import BaseCommand
from django.utils import translation

from portal import retention


class Command(BaseCommand):
    help = ("Anonymise and delete personal data whose retention period is over (what beat does "
            "daily). With --dry-run, only show what the next run would do.")

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true",
                            help="count what would change, change nothing")

    def handle(self, *args, dry_run, **options):
        with translation.override("en"):  # the command speaks English throughout
            counts = retention.plan() if dry_run else retention.run()
            verb = "would change" if dry_run else "changed"
            self.stdout.write(f"Retention ({'dry run' if dry_run else 'applied'}):")
            for step in retention.STEPS:
                self.stdout.write(f"  {step.code:<20} {counts[step.code]:>7}  {step.label}")
            self.stdout.write(f"Total {verb}: {sum(counts.values())}")

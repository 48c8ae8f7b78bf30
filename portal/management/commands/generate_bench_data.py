"""Fill a database with a large, realistic-shaped network for benchmarks (`make bench`).

Creates organisations with stages, topics and memberships, published events with agenda items
and registrations, and delegation trips with stops and applications. Uses bulk inserts; meant
for a throwaway database (refuses to run twice on the same one).
"""

import random
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from delegations.models import Application, DelegationTrip, ItineraryStop
from events.models import AgendaItem, Event, Registration
from members.models import Membership, Organization, Region, Topic, ValueChainStage
from network_portal import services

WORDS = ["Batterie", "Zelle", "Speicher", "Recycling", "Antrieb", "Elektrolyt", "Kathode",
         "Anode", "Prüfstand", "Modul", "Ladetechnik", "Wasserstoff", "Leistungselektronik"]
TOWNS = ["Zwickau", "Chemnitz", "Dresden", "Leipzig", "Stuttgart", "Bamberg", "Liège", "Lyon"]


class Command(BaseCommand):
    help = "Generate bench data: many organisations, events, registrations, trips, applications."

    def add_arguments(self, parser):
        parser.add_argument("--organisations", type=int, default=2000)
        parser.add_argument("--events", type=int, default=200)
        parser.add_argument("--registrations", type=int, default=100, help="per event")
        parser.add_argument("--trips", type=int, default=30)
        parser.add_argument("--applications", type=int, default=60, help="per trip")
        parser.add_argument("--seed", type=int, default=2027)

    @transaction.atomic
    def handle(self, *args, organisations, events, registrations, trips, applications, seed,
               **options):
        if Organization.objects.filter(slug__startswith="bench-").exists():
            raise CommandError("Bench data is already there; use a fresh database.")
        rng = random.Random(seed)
        now = timezone.now()
        regions = list(Region.objects.all())
        stages = list(ValueChainStage.objects.all())
        topics = list(Topic.objects.all())

        kinds = [k for k, _label in Organization.Kind.choices]
        orgs = Organization.objects.bulk_create([
            Organization(
                name=f"{rng.choice(WORDS)}{rng.choice(['werk', 'tech', 'systeme', 'labor'])} "
                     f"{rng.choice(TOWNS)} {i}",
                slug=f"bench-{i}", kind=rng.choice(kinds), region=rng.choice(regions),
                city=rng.choice(TOWNS), status=Organization.Status.PUBLISHED,
                description_de=" ".join(rng.choices(WORDS, k=30)),
                description_en="Battery " + " ".join(rng.choices(WORDS, k=20)),
                keywords=", ".join(rng.sample(WORDS, 4)),
            ) for i in range(organisations)
        ])
        clusters = [o for o in orgs if o.kind == Organization.Kind.CLUSTER][:20] or orgs[:5]
        Organization.objects.filter(pk__in=[c.pk for c in clusters]).update(
            kind=Organization.Kind.CLUSTER)
        Stage = Organization.stages.through
        TopicLink = Organization.topics.through
        Stage.objects.bulk_create([Stage(organization=o, valuechainstage=s)
                                   for o in orgs for s in rng.sample(stages, 2)])
        TopicLink.objects.bulk_create([TopicLink(organization=o, topic=t)
                                       for o in orgs for t in rng.sample(topics, 2)])
        Membership.objects.bulk_create([
            Membership(organization=o, cluster=rng.choice(clusters),
                       status=Membership.Status.ACTIVE)
            for o in orgs if o not in clusters
        ])

        event_rows = Event.objects.bulk_create([
            Event(
                title_de=f"Netzwerktreffen {rng.choice(WORDS)} {i}", slug=f"bench-event-{i}",
                kind=Event.Kind.NETWORK_MEETING,
                venue_name="Neue Welt", venue_address="Zwickau",
                starts_at=now + timedelta(days=3 + i), ends_at=now + timedelta(days=3 + i, hours=4),
                capacity=registrations * 2, status=Event.Status.PUBLISHED,
                description_de=" ".join(rng.choices(WORDS, k=40)),
            ) for i in range(events)
        ])
        Organiser = Event.organisers.through
        Organiser.objects.bulk_create([Organiser(event=e, organization=rng.choice(clusters))
                                       for e in event_rows])
        AgendaItem.objects.bulk_create([
            AgendaItem(event=e, title_de=f"Gesprächsinsel {w}", position=n, capacity=50)
            for e in event_rows for n, w in enumerate(rng.sample(WORDS, 4))
        ])
        Registration.objects.bulk_create([
            Registration(
                event=e, name=f"Person {e.pk}-{n}", email=f"p{e.pk}-{n}@bench.example",
                organisation=rng.choice(orgs), job_title="Entwicklung", public_consent=n % 2 == 0,
                sequence=n + 1,  # bulk_create skips the save() that numbers one at a time
            )
            for e in event_rows for n in range(registrations)
        ], batch_size=2000)

        User = get_user_model()
        people = User.objects.bulk_create([
            User(email=f"applicant{n}@bench.example", password="!") for n in range(applications)
        ])
        trip_rows = DelegationTrip.objects.bulk_create([
            DelegationTrip(
                title_de=f"Unternehmensreise {rng.choice(TOWNS)} {i}", slug=f"bench-trip-{i}",
                direction=DelegationTrip.Direction.OUTBOUND,
                origin_region=rng.choice(regions), destination_region=rng.choice(regions),
                start_date=(now + timedelta(days=30 + i)).date(),
                end_date=(now + timedelta(days=33 + i)).date(), seats=applications,
                application_deadline=now + timedelta(days=20 + i),
                status=DelegationTrip.Status.OPEN,
            ) for i in range(trips)
        ])
        TripOrganiser = DelegationTrip.organisers.through
        TripOrganiser.objects.bulk_create([
            TripOrganiser(delegationtrip=t, organization=rng.choice(clusters)) for t in trip_rows])
        ItineraryStop.objects.bulk_create([
            ItineraryStop(trip=t, date=t.start_date + timedelta(days=d), title_de=f"Besuch {d}",
                          host=rng.choice(orgs), kind=ItineraryStop.Kind.SITE_VISIT)
            for t in trip_rows for d in range(3) for _ in range(3)
        ])
        Application.objects.bulk_create([
            Application(trip=t, user=p, organisation=rng.choice(orgs),
                        interests=" ".join(rng.choices(WORDS, k=12)),
                        public_consent=True, status=Application.Status.ACCEPTED)
            for t in trip_rows for p in people
        ], batch_size=2000)
        # A staff account for the benchmark's staff pages (throwaway database, known password).
        staff = User.objects.create_user(email="bench-staff@bench.example",
                                         password="bench-password-2027")
        EmailAddress.objects.create(user=staff, email=staff.email, verified=True, primary=True)
        services.grant_role(staff, "economic-development")
        if connection.vendor == "postgresql":
            # Fresh statistics, so the planner does not work from empty-table estimates until
            # autovacuum catches up: bench runs stay repeatable.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write(self.style.SUCCESS(
            f"Bench data: {len(orgs)} organisations, {len(event_rows)} events with "
            f"{len(event_rows) * registrations} registrations, {len(trip_rows)} trips with "
            f"{len(trip_rows) * len(people)} applications."))

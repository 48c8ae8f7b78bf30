"""Fill a throwaway database with a state-wide network for the benchmark (`make bench`).

    python manage.py generate_bench_data --organisations 10000 --clusters 60 --events 500 \
        --registrations 100000 --trips 100

The shape follows a state's economic-development agency: clusters of very different size (a few
big ones, many small), 1–3 memberships per organisation, value-chain stages, topics and contact
persons; events over five years (most past, a few dozen upcoming, some full with a waitlist, a
few due for reminders) with 10–400 registrations each; delegation trips with programme and
applications; 1,000 verified member accounts, the staff account the benchmark logs in with, an
event with 400 registrations for the staff lists, and an empty 250-seat event for the
registration rush. Everything is inserted in bulk; it refuses to run on a database that has
bench data already.
"""

import random
from datetime import datetime, time, timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from delegations.models import Application, DelegationTrip, ItineraryStop
from events import seats
from events.models import AgendaChoice, AgendaItem, Event, Registration
from members.models import ContactPerson, Membership, Organization, Region, Topic, ValueChainStage
from network_portal import services

# What the benchmark (bench/run.py) requests and logs in with.
STAFF_EMAIL = "bench-staff@bench.example"
STAFF_PASSWORD = "bench-password-2027"
MEMBER_EMAIL = "bench-member-{n}@bench.example"
MEMBER_PASSWORD = "bench-member-2027"
COMPANY_SLUG = "bench-1"
BIG_CLUSTER_SLUG = "bench-cluster-0"
BIG_EVENT_SLUG = "bench-dialogue"
BIG_EVENT_REGISTRATIONS = 400
RUSH_EVENT_SLUG = "bench-rush"
TRIP_SLUG = "bench-trip-0"

WORDS = ["Batterie", "Zelle", "Speicher", "Recycling", "Antrieb", "Elektrolyt", "Kathode",
         "Anode", "Prüfstand", "Modul", "Ladetechnik", "Wasserstoff", "Leistungselektronik",
         "Separator", "Formierung", "Kreislauf", "Gießerei", "Sensorik", "Automation"]
SUFFIXES = ["werk", "tech", "systeme", "labor", "technik", " GmbH", " AG", " Solutions"]
TOWNS = ["Zwickau", "Chemnitz", "Dresden", "Leipzig", "Freiberg", "Plauen", "Görlitz",
         "Stuttgart", "Bamberg", "Erfurt", "Magdeburg", "Liège", "Lyon", "Eindhoven"]
FIRST = ["Anna", "Ben", "Carla", "David", "Elif", "Frank", "Greta", "Hans", "Ines", "Jonas",
         "Katrin", "Lars", "Mia", "Nils", "Olga", "Paul", "Rita", "Sven", "Tina", "Uwe"]
LAST = ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker",
        "Hoffmann", "Schulz", "Koch", "Richter", "Klein", "Wolf", "Neumann", "Zimmermann"]
# Most members are in the state itself; some neighbours and partner regions abroad.
REGION_WEIGHTS = {"sachsen": 55, "thueringen": 8, "sachsen-anhalt": 6, "bayern": 6,
                  "baden-wuerttemberg": 6, "berlin": 4, "brandenburg": 3}
KIND_WEIGHTS = {"company": 72, "research": 9, "university": 5, "public": 5, "chamber": 4}


class Command(BaseCommand):
    help = ("Generate bench data: organisations in clusters, events with registrations over five "
            "years, trips with applications, member and staff accounts (a throwaway database).")

    def add_arguments(self, parser):
        parser.add_argument("--organisations", type=int, default=10000,
                            help="organisations in all, clusters included")
        parser.add_argument("--clusters", type=int, default=60)
        parser.add_argument("--events", type=int, default=500)
        parser.add_argument("--registrations", type=int, default=100000,
                            help="registrations in all, spread over the events")
        parser.add_argument("--trips", type=int, default=100)
        parser.add_argument("--members", type=int, default=1000,
                            help="verified member accounts (the registration rush logs in as them)")
        parser.add_argument("--rush-seats", type=int, default=250)
        parser.add_argument("--seed", type=int, default=2027)

    def handle(self, *args, organisations, clusters, events, registrations, trips, members,
               rush_seats, seed, **options):
        if Organization.objects.filter(slug__startswith="bench-").exists():
            raise CommandError("Bench data is already there; use a fresh database.")
        if not 1 <= clusters < organisations:
            raise CommandError("--clusters must be at least 1 and fewer than --organisations.")
        if events < 2:
            raise CommandError("--events must be at least 2 (the rush event and one more).")
        if registrations > (events - 1) * BIG_EVENT_REGISTRATIONS:
            raise CommandError(f"At most {BIG_EVENT_REGISTRATIONS} registrations per event: "
                               f"give more --events or fewer --registrations.")
        self.rng = random.Random(seed)
        self.now = timezone.now()
        with transaction.atomic():
            counts = self.generate(organisations, clusters, events, registrations, trips,
                                   members, rush_seats)
        if connection.vendor == "postgresql" and connection.get_autocommit():
            # The state autovacuum would reach: fresh statistics (the planner does not work
            # from empty-table estimates), the visibility map set (index-only scans possible)
            # and hint bits written, so the first measured requests do not pay for them and
            # bench runs stay repeatable. VACUUM cannot run inside a transaction.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        self.stdout.write(self.style.SUCCESS("Bench data: " + ", ".join(
            f"{n} {what}" for what, n in counts.items())))

    # Helpers -------------------------------------------------------------------------------

    def weighted(self, weights: dict):
        return self.rng.choices(list(weights), weights=list(weights.values()))[0]

    def person(self):
        return self.rng.choice(FIRST), self.rng.choice(LAST)

    def sizes(self, count: int, total: int, low: int, high: int) -> list[int]:
        """`count` skewed sizes between low and high that add up to `total` exactly."""
        if count == 0:
            return []
        low = min(low, total // count)
        raw = [self.rng.lognormvariate(0, 1.0) for _ in range(count)]

        def fitted(scale):
            return [min(high, max(low, round(r * scale))) for r in raw]

        lo_scale, hi_scale = 0.0, 1.0
        while sum(fitted(hi_scale)) < total and hi_scale < 1e9:
            hi_scale *= 2
        for _ in range(60):
            mid = (lo_scale + hi_scale) / 2
            if sum(fitted(mid)) < total:
                lo_scale = mid
            else:
                hi_scale = mid
        sizes = fitted(hi_scale)
        # Rounding leaves a few over or under: take them from (or give them to) sizes with room.
        diff = total - sum(sizes)
        order = list(range(count))
        while diff:
            self.rng.shuffle(order)
            step = 1 if diff > 0 else -1
            for i in order:
                if diff and low <= sizes[i] + step <= high:
                    sizes[i] += step
                    diff -= step
        return sizes

    # The data ------------------------------------------------------------------------------

    def generate(self, n_orgs, n_clusters, n_events, n_registrations, n_trips, n_members,
                 rush_seats):
        rng, now = self.rng, self.now
        regions = {r.slug: r for r in Region.objects.all()}
        region_weights = {slug: REGION_WEIGHTS.get(slug, 1) for slug in regions}
        stages = list(ValueChainStage.objects.all())
        topics = list(Topic.objects.all())
        User = get_user_model()

        # Accounts: one password hash for all members (hashing 1,000 passwords takes minutes).
        member_hash = make_password(MEMBER_PASSWORD)
        people = []
        for n in range(n_members):
            first, last = self.person()
            people.append(User(email=MEMBER_EMAIL.format(n=n), password=member_hash,
                               first_name=first, last_name=last,
                               language="en" if n % 7 == 0 else "de",
                               date_joined=now - timedelta(days=rng.randint(1, 1800))))
        people = User.objects.bulk_create(people, batch_size=1000)
        EmailAddress.objects.bulk_create([
            EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in people
        ], batch_size=1000)
        staff = User.objects.create_user(email=STAFF_EMAIL, password=STAFF_PASSWORD,
                                         first_name="Bench", last_name="Staff")
        EmailAddress.objects.create(user=staff, email=staff.email, verified=True, primary=True)
        services.grant_role(staff, "economic-development")

        # Organisations: the clusters first (bench-cluster-0 is the biggest), then the members.
        def organisation(slug, name, kind):
            town = rng.choice(TOWNS)
            status = Organization.Status.PUBLISHED
            if kind != Organization.Kind.CLUSTER and rng.random() < 0.06:
                status = rng.choice([Organization.Status.DRAFT, Organization.Status.PENDING,
                                     Organization.Status.ARCHIVED])
            return Organization(
                name=name, slug=slug, kind=kind, region=regions[self.weighted(region_weights)],
                city=town, street=f"{rng.choice(LAST)}straße {rng.randint(1, 120)}",
                postcode=f"{rng.randint(1000, 99999):05d}", status=status,
                size=rng.choice(Organization.Size.values),
                website=f"https://{slug}.bench.example", email=f"info@{slug}.bench.example",
                phone=f"+49 {rng.randint(30, 399)} {rng.randint(100000, 9999999)}",
                description_de=" ".join(rng.choices(WORDS, k=rng.randint(20, 80))),
                description_en="Battery " + " ".join(rng.choices(WORDS, k=rng.randint(15, 50))),
                keywords=", ".join(rng.sample(WORDS, 4)),
            )

        rows = [organisation(f"bench-cluster-{k}",
                             f"Cluster {rng.choice(WORDS)} {rng.choice(TOWNS)} {k}",
                             Organization.Kind.CLUSTER) for k in range(n_clusters)]
        for i in range(1, n_orgs - n_clusters + 1):
            kind = Organization.Kind.COMPANY if i == 1 else self.weighted(KIND_WEIGHTS)
            row = organisation(f"bench-{i}", f"{rng.choice(WORDS)}{rng.choice(SUFFIXES)} "
                                             f"{rng.choice(TOWNS)} {i}", kind)
            if i == 1:
                row.status = Organization.Status.PUBLISHED
            rows.append(row)
        orgs = Organization.objects.bulk_create(rows, batch_size=2000)
        cluster_rows, member_orgs = orgs[:n_clusters], orgs[n_clusters:]
        published = [o for o in member_orgs if o.status == Organization.Status.PUBLISHED]
        # A few big clusters, many small ones (Zipf-like weights).
        cluster_weights = [1 / (k + 1) ** 0.6 for k in range(n_clusters)]

        Stage = Organization.stages.through
        TopicLink = Organization.topics.through
        Stage.objects.bulk_create([
            Stage(organization=o, valuechainstage=s) for o in orgs
            for s in rng.sample(stages, rng.choice([1, 1, 2, 2, 2, 3, 4]))
        ], batch_size=5000)
        TopicLink.objects.bulk_create([
            TopicLink(organization=o, topic=t) for o in orgs
            for t in rng.sample(topics, rng.choice([0, 1, 2, 2, 3]))
        ], batch_size=5000)
        memberships = []
        for o in member_orgs:
            chosen = set()
            for _ in range(rng.choice([1, 1, 1, 2, 2, 3])):
                chosen.add(rng.choices(range(n_clusters), weights=cluster_weights)[0])
            for k in chosen:
                memberships.append(Membership(
                    organization=o, cluster=cluster_rows[k], status=Membership.Status.ACTIVE,
                    role=rng.choices(Membership.Role.values, weights=[2, 90, 8])[0],
                    since=(now - timedelta(days=rng.randint(30, 3000))).date()))
        Membership.objects.bulk_create(memberships, batch_size=5000)
        contacts = []
        for o in orgs:
            for position in range(rng.choice([0, 1, 1, 2])):
                first, last = self.person()
                contacts.append(ContactPerson(
                    organization=o, name=f"{first} {last}", function="Vertrieb",
                    email=f"{first.lower()}.{last.lower()}@{o.slug}.bench.example",
                    phone=o.phone, public_consent=rng.random() < 0.6, position=position))
        ContactPerson.objects.bulk_create(contacts, batch_size=5000)

        # Events over five years: most past, a few dozen upcoming. The first upcoming ones are
        # within a week, so reminders are due (7 days and 1 day before).
        n_upcoming = min(max(2, n_events // 14), n_events)
        event_rows = []
        for i in range(n_events):
            if i < n_upcoming:
                if i == 0:
                    start = now + timedelta(hours=20)
                elif i < 4:
                    start = now + timedelta(days=1 + i * 1.5)
                else:
                    start = now + timedelta(days=8 + (i - 4) * 170 / max(1, n_upcoming - 4))
            else:
                start = now - timedelta(days=1 + (i - n_upcoming) * 1790 / max(1, n_events - n_upcoming))
            start = start.replace(minute=0, second=0, microsecond=0)
            kind = rng.choices(Event.Kind.values, weights=[40, 10, 8, 10, 20, 12])[0]
            status = Event.Status.PUBLISHED
            if i >= n_upcoming and rng.random() < 0.03:
                status = Event.Status.CANCELLED
            event_rows.append(Event(
                title_de=f"{Event.Kind(kind).label} {rng.choice(WORDS)} {i}",
                title_en=f"{rng.choice(WORDS)} meeting {i}", slug=f"bench-event-{i}", kind=kind,
                venue_name=rng.choice(["Neue Welt", "Gläserne Manufaktur", "Kraftwerk Mitte",
                                       "Technologiezentrum"]),
                venue_address=f"{rng.choice(LAST)}straße 1, {rng.choice(TOWNS)}",
                online_url="https://meet.bench.example/x" if kind == Event.Kind.WEBINAR else "",
                starts_at=start, ends_at=start + timedelta(hours=rng.choice([2, 3, 4, 6, 8])),
                status=status, public_participants=rng.random() < 0.4,
                contact_name="Petra Beispiel", contact_email="kontakt@bench.example",
                description_de=" ".join(rng.choices(WORDS, k=rng.randint(40, 150))),
                description_en=" ".join(rng.choices(WORDS, k=rng.randint(30, 100))),
                details_version=0,
            ))
        # The two events the benchmark needs: an industry dialogue with 400 registrations (the
        # staff's participant list) and the empty 250-seat one for the rush.
        big, rush = event_rows[n_upcoming - 1], event_rows[n_upcoming - 2] if n_upcoming > 1 else None
        big.slug, big.kind, big.public_participants = BIG_EVENT_SLUG, Event.Kind.DIALOGUE, True
        big.title_de = "Industriedialog Neue Mobilität (Bench)"
        if rush is None or rush is big:
            rush = event_rows[-1]
        rush.slug, rush.kind = RUSH_EVENT_SLUG, Event.Kind.DIALOGUE
        rush.title_de = "Industriedialog Batterie (Anmeldeansturm)"
        rush.starts_at = now.replace(minute=0, second=0, microsecond=0) + timedelta(days=40)
        rush.ends_at = rush.starts_at + timedelta(hours=5)
        rush.capacity, rush.status = rush_seats, Event.Status.PUBLISHED
        rush.registration_opens_at = now - timedelta(days=1)
        event_rows = Event.objects.bulk_create(event_rows, batch_size=1000)
        Organiser = Event.organisers.through
        organisers = []
        for e in event_rows:
            for k in {rng.choices(range(n_clusters), weights=cluster_weights)[0]
                      for _ in range(rng.choice([1, 1, 2]))}:
                organisers.append(Organiser(event=e, organization=cluster_rows[k]))
        Organiser.objects.bulk_create(organisers, batch_size=5000)

        agenda = []
        for e in event_rows:
            kinds = [AgendaItem.Kind.TALK] * rng.randint(1, 3) + [AgendaItem.Kind.PANEL] * rng.randint(0, 1)
            if e.kind == Event.Kind.DIALOGUE or rng.random() < 0.4:
                kinds += [AgendaItem.Kind.ISLAND] * rng.randint(2, 5)
            for position, kind in enumerate(kinds):
                agenda.append(AgendaItem(
                    event=e, kind=kind, position=position,
                    title_de=f"{AgendaItem.Kind(kind).label}: {rng.choice(WORDS)}",
                    speakers=" ".join(self.person()),
                    starts_at=e.starts_at + timedelta(minutes=30 * position),
                    capacity=rng.randint(15, 40) if kind == AgendaItem.Kind.ISLAND else None))
        agenda = AgendaItem.objects.bulk_create(agenda, batch_size=5000)
        islands = {}
        for item in agenda:
            if item.kind == AgendaItem.Kind.ISLAND:
                islands.setdefault(item.event_id, []).append(item)

        # Registrations: skewed sizes between 10 and 400, the big event exactly 400, none for the
        # rush. Seats are given in order of registration; the waitlist comes after the seats, so
        # its positions (by registration time) run 1, 2, 3 ... without gaps.
        sized = [e for e in event_rows if e is not rush]
        others = [e for e in sized if e is not big]
        rng.shuffle(others)
        if others and n_registrations - BIG_EVENT_REGISTRATIONS >= 10 * len(others):
            sizes = [BIG_EVENT_REGISTRATIONS, *self.sizes(
                len(others), n_registrations - BIG_EVENT_REGISTRATIONS, 10, BIG_EVENT_REGISTRATIONS)]
        else:  # small test data: the big event is simply the biggest
            sizes = sorted(self.sizes(len(sized), n_registrations, 10, BIG_EVENT_REGISTRATIONS),
                           reverse=True)
        registrations, choices_for = [], []
        for e, size in zip([big, *others], sizes, strict=True):
            past = e.ends_at < now
            cancelled = {n for n in range(size) if rng.random() < 0.05}
            active = size - len(cancelled)
            if e is big or rng.random() < 0.3:  # full, with a waitlist
                e.capacity = max(1, int(active * rng.uniform(0.8, 0.95)))
            elif rng.random() < 0.1:
                e.capacity = None
            else:
                e.capacity = active + rng.randint(1, max(2, active // 3))
            opens = e.starts_at - timedelta(days=rng.randint(30, 90))
            if not past:  # registration opened weeks ago
                opens = min(opens, now - timedelta(days=rng.randint(10, 60)))
            span = max(1.0, (min(e.starts_at, now) - opens).total_seconds() - 3600 * 24 * 8)
            stamps = sorted(opens + timedelta(seconds=rng.uniform(0, span)) for _ in range(size))
            accounts = rng.sample(people, min(len(people), size // 4))
            seated = 0
            for n, created in enumerate(stamps):
                if n in cancelled:
                    status = Registration.Status.CANCELLED
                elif e.capacity is None or seated < e.capacity:
                    seated += 1
                    status = Registration.Status.CONFIRMED
                    if past and e.status == Event.Status.PUBLISHED and rng.random() < 0.85:
                        status = Registration.Status.ATTENDED
                else:
                    status = Registration.Status.WAITLISTED
                if e.status == Event.Status.CANCELLED:
                    status = Registration.Status.CANCELLED
                account = accounts[n] if n < len(accounts) else None
                first, last = (account.first_name, account.last_name) if account else self.person()
                organisation = rng.choice(published) if published and rng.random() < 0.8 else None
                reminded = created + timedelta(days=1) if past else None
                registrations.append(Registration(
                    event=e, user=account,
                    name=f"{first} {last}", organisation=organisation,
                    email=account.email if account else f"p{e.pk}-{n}@bench.example",
                    organisation_name="" if organisation else f"Gastfirma {rng.choice(TOWNS)}",
                    job_title=rng.choice(["Entwicklung", "Geschäftsführung", "Einkauf",
                                          "Vertrieb", "Forschung"]),
                    diet=rng.choice(["", "", "", "vegetarisch", "vegan"]),
                    public_consent=rng.random() < 0.5, status=status,
                    language="en" if rng.random() < 0.15 else "de", created_at=created,
                    sequence=n + 1,  # bulk_create skips the save() that numbers one at a time
                    cancelled_at=created + timedelta(days=2) if status == "cancelled" else None,
                    checked_in_at=e.starts_at if status == "attended" else None,
                    reminded_7d_at=reminded, reminded_1d_at=reminded,
                ))
                if e.pk in islands and rng.random() < 0.7:
                    choices_for.append((registrations[-1], rng.choice(islands[e.pk])))
        Event.objects.bulk_update(sized, ["capacity"], batch_size=1000)
        Registration.objects.bulk_create(registrations, batch_size=5000)
        # Agenda choices: seats of an island in order of registration, the rest waitlisted.
        taken = {}
        choices = []
        for registration, item in choices_for:
            if registration.status == Registration.Status.CANCELLED:
                continue
            seated = registration.status in ("confirmed", "attended")
            status = AgendaChoice.Status.WAITLISTED
            if seated and taken.get(item.pk, 0) < item.capacity:
                taken[item.pk] = taken.get(item.pk, 0) + 1
                status = AgendaChoice.Status.CONFIRMED
            choices.append(AgendaChoice(registration=registration, agenda_item=item,
                                        status=status, created_at=registration.created_at))
        AgendaChoice.objects.bulk_create(choices, batch_size=5000)
        # bulk_create bypasses the services that keep the seat counters: count once from the rows.
        seats.store_counts()

        # Trips over five years: most completed, some open for applications.
        n_open = max(1, n_trips // 10)
        trip_rows = []
        for i in range(n_trips):
            if i < n_open:
                start = (now + timedelta(days=30 + i * 20)).date()
                status = DelegationTrip.Status.OPEN
            else:
                start = (now - timedelta(days=10 + (i - n_open) * 1790 / max(1, n_trips - n_open))).date()
                status = DelegationTrip.Status.CANCELLED if rng.random() < 0.05 else \
                    DelegationTrip.Status.COMPLETED
            direction = rng.choice(DelegationTrip.Direction.values)
            home, abroad = regions["sachsen"], rng.choice(list(regions.values()))
            trip_rows.append(DelegationTrip(
                title_de=f"Unternehmensreise {rng.choice(TOWNS)} {i}", slug=f"bench-trip-{i}",
                direction=direction,
                origin_region=home if direction == "outbound" else abroad, origin_city="Dresden",
                destination_region=abroad if direction == "outbound" else home,
                start_date=start, end_date=start + timedelta(days=rng.randint(1, 4)),
                seats=rng.randint(15, 30), status=status,
                application_deadline=timezone.make_aware(
                    datetime.combine(start - timedelta(days=14), time(18))),
                public_overview=i == 0 or rng.random() < 0.5,
                meeting_point_de="Dresden Hauptbahnhof", transport_de="Reisebus",
                description_de=" ".join(rng.choices(WORDS, k=rng.randint(40, 120))),
            ))
        trip_rows = DelegationTrip.objects.bulk_create(trip_rows, batch_size=1000)
        TripOrganiser = DelegationTrip.organisers.through
        TripOrganiser.objects.bulk_create([
            TripOrganiser(delegationtrip=t,
                          organization=cluster_rows[rng.choices(range(n_clusters),
                                                                weights=cluster_weights)[0]])
            for t in trip_rows])
        stops, applications = [], []
        for t in trip_rows:
            days = (t.end_date - t.start_date).days + 1
            for d in range(days):
                for n in range(rng.randint(2, 4)):
                    stops.append(ItineraryStop(
                        trip=t, date=t.start_date + timedelta(days=d),
                        start_time=time(9 + 3 * n),
                        kind=rng.choice(ItineraryStop.Kind.values),
                        host=rng.choice(published) if published else None,
                        place=rng.choice(TOWNS), title_de=f"Besuch {rng.choice(WORDS)}",
                        description_de=" ".join(rng.choices(WORDS, k=20))))
            accepted = 0
            for user in rng.sample(people, min(len(people), rng.randint(5, 40))):
                if t.status == DelegationTrip.Status.OPEN:
                    status = rng.choices(["submitted", "accepted", "waitlisted"], [3, 5, 1])[0]
                else:
                    status = rng.choices(["accepted", "declined", "withdrawn"], [7, 2, 1])[0]
                if status == "accepted":
                    if accepted >= t.seats:
                        status = "waitlisted" if t.status == DelegationTrip.Status.OPEN else "declined"
                    else:
                        accepted += 1
                applications.append(Application(
                    trip=t, user=user, organisation=rng.choice(published) if published else None,
                    job_title="Geschäftsführung", public_consent=rng.random() < 0.7,
                    interests=" ".join(rng.choices(WORDS, k=12)), status=status,
                    language=user.language,
                    decided_by=staff if status in ("accepted", "declined") else None,
                    reminded_at=now if t.status == DelegationTrip.Status.COMPLETED else None))
        ItineraryStop.objects.bulk_create(stops, batch_size=5000)
        Application.objects.bulk_create(applications, batch_size=5000)
        return {
            "organisations": len(orgs), "clusters": n_clusters, "memberships": len(memberships),
            "events": len(event_rows), "upcoming events": n_upcoming,
            "registrations": len(registrations), "agenda choices": len(choices),
            "trips": len(trip_rows), "stops": len(stops), "applications": len(applications),
            "member accounts": len(people),
        }


"""Demo events from the source documents (shared/seeds) and a few upcoming ones in 2027.

Past events carry the dates and places the sources give; people are fictional. `seed()` is
idempotent: events by slug, registrations by event and e-mail, through network_portal.demo.upsert.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from events.models import (
    AgendaChoice,
    AgendaItem,
    Attendance,
    Event,
    EventSeries,
    Question,
    Registration,
)
from events.seats import store_counts
from members.models import Organization
from network_portal.demo import upsert

BERLIN = ZoneInfo("Europe/Berlin")
K = Event.Kind
A = AgendaItem.Kind
R = Registration.Status


def at(year, month, day, hour=0, minute=0):
    return datetime(year, month, day, hour, minute, tzinfo=BERLIN)


# Fictional organisations (free text) for the participants who are not members of the portal.
GUEST_ORGANISATIONS = [
    "Westsächsische Speichertechnik GmbH", "Muldental Elektronik GmbH", "Zwickauer Recycling AG",
    "Erzgebirgische Batteriesysteme GmbH", "Vogtland Automation KG", "Chemnitzer Zellprüfung GmbH",
    "Sachsen Logistik Service GmbH", "Pleißental Energie eG", "Glauchauer Metallbau GmbH",
    "Dresdner Ladeinfrastruktur GmbH", "Leipziger Netzdienste GmbH", "Elbflorenz IT Solutions GmbH",
    "Lausitzer Wasserstoff GmbH", "Oberlausitz Gebäudetechnik GmbH", "Meißner Mobilitätsdienste GmbH",
]
FIRST_NAMES = ["Anna", "Bernd", "Carla", "David", "Elif", "Frank", "Greta", "Hannes", "Ines", "Jonas",
               "Katrin", "Lars", "Mia", "Nils", "Olga", "Paul", "Rosa", "Sven", "Tanja", "Uwe"]
LAST_NAMES = ["Albrecht", "Brandt", "Claus", "Dietrich", "Engel", "Fuchs", "Graf", "Hahn", "Ilgner",
              "Jung", "Krause", "Lorenz", "Mende", "Neumann", "Otto", "Pohl", "Richter", "Seidel"]

EVENTS = [
    {
        "slug": "auftakttreffen-akkumulatoren-campus-2021",
        "title_de": "Auftakttreffen Akkumulatoren-Campus Zwickau",
        "title_en": "Kick-off meeting of the Akkumulatoren-Campus Zwickau",
        "kind": K.NETWORK_MEETING, "organisers": ["akkumulatoren-campus-zwickau"],
        "starts_at": at(2021, 9, 29, 14), "ends_at": at(2021, 9, 29, 17),
        "venue_name": "Zwickau", "venue_address": "08056 Zwickau", "capacity": 40,
        "contact_name": "Büro für Wirtschaftsförderung Zwickau",
        "contact_email": "akkucampus@demo.example",
        "description_de": (
            "Beim Auftakttreffen legten Teilnehmende aus 18 Unternehmen und Institutionen die "
            "Grundsteine für ein Netzwerk entlang des Batterielebenszyklus: regionale Akteure "
            "kennenlernen, Erfahrungen austauschen, Bedarfe weitergeben."),
        "description_en": (
            "At the kick-off, participants from 18 companies and institutions laid the "
            "foundations of a network along the battery life cycle: meeting regional players, "
            "sharing experience and needs."),
        "public_participants": True,
        "participants": ("members", ["stadt-zwickau-wirtschaftsfoerderung", "landkreis-zwickau",
                                     "ihk-chemnitz-zwickau", "volkswagen-sachsen", "whz",
                                     "amz-sachsen", "wirtschaftsfoerderung-sachsen",
                                     "energy-saxony", "smwa-sachsen"], 9, R.ATTENDED),
    },
    {
        "slug": "netzwerktreffen-akkumulatoren-campus-2022",
        "title_de": "Netzwerktreffen Akkumulatoren-Campus",
        "title_en": "Akkumulatoren-Campus network meeting",
        "series": "netzwerktreffen-akkumulatoren-campus",
        "kind": K.NETWORK_MEETING,
        "organisers": ["akkumulatoren-campus-zwickau", "stadt-zwickau-wirtschaftsfoerderung"],
        "starts_at": at(2022, 4, 21, 14), "ends_at": at(2022, 4, 21, 18),
        "venue_name": "Konzert- und Ballhaus „Neue Welt“",
        "venue_address": "Leipziger Straße 182, 08058 Zwickau", "capacity": 120,
        "contact_name": "Büro für Wirtschaftsförderung Zwickau",
        "contact_email": "akkucampus@demo.example",
        "description_de": (
            "Das nächste Netzwerktreffen des Akkumulatoren-Campus: Interessierte Unternehmen und "
            "Einrichtungen der Region waren in das Konzert- und Ballhaus „Neue Welt“ eingeladen."),
        "description_en": (
            "The Akkumulatoren-Campus network meeting: interested companies and institutions of "
            "the region were invited to the concert and ballroom \"Neue Welt\"."),
        "participants": ("members", ["volkswagen-sachsen", "whz", "amz-sachsen",
                                     "ihk-chemnitz-zwickau"], 14, R.ATTENDED),
    },
    {
        "slug": "industriedialog-neue-mobilitaet-sachsen-2020",
        "title_de": "Branchenübergreifender Industriedialog Neue Mobilität Sachsen",
        "title_en": "Cross-sector industry dialogue New Mobility Saxony",
        "kind": K.DIALOGUE, "organisers": ["smwa-sachsen", "amz-sachsen"],
        "starts_at": at(2020, 2, 6, 10), "ends_at": at(2020, 2, 6, 17),
        "venue_name": "Gläserne Manufaktur Dresden",
        "venue_address": "Lennéstraße 1, 01069 Dresden", "capacity": 250,
        "contact_name": "Netzwerkmanagement AMZ", "contact_email": "amz@demo.example",
        "description_de": (
            "Chancen und Risiken im Strukturwandel der Automobilindustrie: Expertinnen und "
            "Experten von Herstellern, Zulieferern, Maschinen- und Anlagenbau, Energieversorgung, "
            "Gebäudemanagement, IT, Logistik und Mobilitätsservices im Austausch über "
            "Branchengrenzen hinweg. Die 250 Plätze waren in kurzer Zeit ausgebucht."),
        "description_en": (
            "Opportunities and risks of the structural change in the automotive industry: "
            "experts from carmakers, suppliers, machine building, energy, facility management, "
            "IT, logistics and mobility services exchanging across sectors. The 250 seats were "
            "booked out quickly."),
        "agenda": [
            (A.PANEL, "Podium: Aussichtsreiche Geschäftsfelder und Erfolgsfaktoren der Transformation",
             "Panel: promising business fields and success factors of the transformation", None),
            (A.PANEL, "Podium: CO2-neutrale Produktion",
             "Panel: carbon-neutral production", None),
            (A.PANEL, "Podium: Ladeinfrastruktur, Stromnetze und Wasserstoff",
             "Panel: charging infrastructure, power grids and hydrogen", None),
            (A.ISLAND, "Innovation", "Innovation", 50),
            (A.ISLAND, "Produktion", "Production", 50),
            (A.ISLAND, "Mobilität", "Mobility", 50),
            (A.ISLAND, "Energie", "Energy", 50),
            (A.ISLAND, "Unterstützung", "Support", 50),
        ],
        "participants": ("members", ["volkswagen-sachsen", "amz-sachsen", "energy-saxony",
                                     "wirtschaftsfoerderung-sachsen", "whz"], 245, R.ATTENDED),
    },
    {
        "slug": "netzwerkempfang-cleantech-innovation-park-2022",
        "title_de": "1. Netzwerkempfang des Cleantech Innovation Park",
        "title_en": "1st network reception of the Cleantech Innovation Park",
        "kind": K.RECEPTION, "organisers": ["cleantech-innovation-park"],
        "starts_at": at(2022, 12, 2, 17), "ends_at": at(2022, 12, 2, 21),
        "venue_name": "Cleantech Innovation Park",
        "venue_address": "Michelinstraße 130, 96103 Hallstadt", "capacity": 150,
        "contact_name": "Team Cleantech Innovation Park", "contact_email": "cleantech@demo.example",
        "description_de": (
            "Der erste Netzwerkempfang auf dem ehemaligen Michelin-Reifenwerk in Hallstadt: "
            "Austausch zwischen Wirtschaft, Wissenschaft und Politik rund um Technologietransfer, "
            "Förderberatung und den regionalen Innovationscluster Cleantech."),
        "description_en": (
            "The first network reception on the former Michelin tyre plant in Hallstadt: "
            "business, science and politics meeting around technology transfer, funding advice "
            "and the regional innovation cluster Cleantech."),
        "participants": ("members", [], 30, R.ATTENDED),
    },
    {
        "slug": "battery-show-europe-messerundgang-2023",
        "title_de": "Battery Show Europe: Messerundgänge für die Delegation aus Auvergne-Rhône-Alpes",
        "title_en": "Battery Show Europe: fair tours for the Auvergne-Rhône-Alpes delegation",
        "kind": K.FAIR,
        "organisers": ["cluster-elektromobilitaet-sued-west", "region-auvergne-rhone-alpes", "bw-i"],
        "starts_at": at(2023, 5, 23, 10), "ends_at": at(2023, 5, 23, 16),
        "venue_name": "Messe Stuttgart, Battery Show Europe",
        "venue_address": "Messepiazza 1, 70629 Stuttgart", "capacity": 25,
        "contact_name": "Clustermanagement Elektromobilität Süd-West",
        "contact_email": "suedwest@demo.example",
        "description_de": (
            "Zwei Rundgänge am ersten Messetag: Die Clustermitglieder comemso, Coperion, "
            "ElringKlinger, Konzelmann und Manz stellten der französischen Delegation ihre "
            "Lösungen vor – von Komponenten für die Batteriezelle über Prozesslösungen für die "
            "Zellproduktion bis zum Testen von Batteriemanagementsystemen."),
        "description_en": (
            "Two tours on the first day of the fair: the cluster members comemso, Coperion, "
            "ElringKlinger, Konzelmann and Manz presented their solutions to the French "
            "delegation, from cell components and cell-production processes to BMS testing."),
        "agenda": [
            (A.TALK, "Rundgang 1: comemso, Coperion, ElringKlinger",
             "Tour 1: comemso, Coperion, ElringKlinger", 13),
            (A.TALK, "Rundgang 2: Konzelmann, Manz", "Tour 2: Konzelmann, Manz", 12),
        ],
        "participants": ("members", ["cara", "region-auvergne-rhone-alpes"], 23, R.ATTENDED),
    },
    # Upcoming, open for registration ------------------------------------------------------------
    {
        "slug": "netzwerktreffen-akkumulatoren-campus-2027",
        "title_de": "Netzwerktreffen Akkumulatoren-Campus 2027",
        "title_en": "Akkumulatoren-Campus network meeting 2027",
        "kind": K.NETWORK_MEETING,
        "organisers": ["akkumulatoren-campus-zwickau", "stadt-zwickau-wirtschaftsfoerderung"],
        "starts_at": at(2027, 4, 22, 14), "ends_at": at(2027, 4, 22, 18),
        "venue_name": "Konzert- und Ballhaus „Neue Welt“",
        "venue_address": "Leipziger Straße 182, 08058 Zwickau", "capacity": 120,
        "registration_closes_at": at(2027, 4, 15, 23, 59),
        "contact_name": "Büro für Wirtschaftsförderung Zwickau",
        "contact_email": "akkucampus@demo.example",
        "description_de": (
            "Das Frühjahrstreffen des Netzwerks: Neuigkeiten entlang der Wertschöpfungskette "
            "Batterie, Gesprächsinseln zu Fachkräften, Recycling und Second Life, danach "
            "Austausch bei einem Imbiss."),
        "description_en": (
            "The network's spring meeting: news along the battery value chain, discussion "
            "islands on skilled workers, recycling and second life, then networking with snacks."),
        "public_participants": True,
        "agenda": [
            (A.TALK, "Begrüßung und Neuigkeiten aus dem Akkumulatoren-Campus",
             "Welcome and news from the Akkumulatoren-Campus", None,
             {"starts_at": at(2027, 4, 22, 14), "ends_at": at(2027, 4, 22, 14, 45),
              "room": "Großer Saal"}),
            # Three islands at the same time: one chooses one of them.
            (A.ISLAND, "Fachkräfte und Ausbildung", "Skilled workers and training", 30,
             {"starts_at": at(2027, 4, 22, 15), "ends_at": at(2027, 4, 22, 16), "room": "Galerie",
              "description_de": "Wie Betriebe und Hochschulen Fachkräfte für die Zellfertigung "
                                "gewinnen.",
              "description_en": "How firms and universities win skilled staff for cell making."}),
            (A.ISLAND, "Recycling", "Recycling", 30,
             {"starts_at": at(2027, 4, 22, 15), "ends_at": at(2027, 4, 22, 16), "room": "Salon 1"}),
            (A.ISLAND, "Second Life", "Second life", 30,
             {"starts_at": at(2027, 4, 22, 15), "ends_at": at(2027, 4, 22, 16), "room": "Salon 2"}),
            (A.TALK, "Imbiss und Austausch", "Snacks and networking", None,
             {"starts_at": at(2027, 4, 22, 16, 15), "ends_at": at(2027, 4, 22, 18),
              "room": "Foyer"}),
        ],
        "series": "netzwerktreffen-akkumulatoren-campus",
        "questions": [
            {"label_de": "Teilnahme am Imbiss", "label_en": "Joining the snacks",
             "kind": "yes_no", "on_badge": True},
            {"label_de": "Übernachtung", "label_en": "Overnight stay", "kind": "choice",
             "options_de": "Keine\nVom 21. auf den 22. April\nVom 22. auf den 23. April",
             "options_en": "None\nFrom 21 to 22 April\nFrom 22 to 23 April"},
        ],
        "participants": ("members", ["volkswagen-sachsen", "whz"], 6, R.CONFIRMED),
    },
    {
        "slug": "workshop-batterierecycling-2027",
        "title_de": "Workshop: Batterierecycling in der Praxis",
        "title_en": "Workshop: battery recycling in practice",
        "kind": K.WORKSHOP, "organisers": ["akkumulatoren-campus-zwickau", "whz"],
        "starts_at": at(2027, 3, 11, 9, 30), "ends_at": at(2027, 3, 11, 15),
        "venue_name": "Westsächsische Hochschule Zwickau",
        "venue_address": "Kornmarkt 1, 08056 Zwickau", "capacity": 20,
        "contact_name": "Akkumulatoren-Campus", "contact_email": "akkucampus@demo.example",
        "description_de": (
            "Ein Praxisworkshop für kleine Gruppen: Demontage, Sortierung und Rückgewinnung. "
            "Die Plätze sind begrenzt; ist alles belegt, kommen Anmeldungen auf die Warteliste."),
        "description_en": (
            "A hands-on workshop for small groups: dismantling, sorting and recovery. Seats are "
            "limited; when they are gone, registrations go on the waitlist."),
        "agenda": [
            (A.ISLAND, "Demontage von Batteriemodulen", "Dismantling battery modules", 8),
            (A.ISLAND, "Rückgewinnung von Aktivmaterial", "Recovering active material", 10),
        ],
        # Nearly full: 19 of 20 seats, and a waitlist for the dismantling group.
        "participants": ("members", ["volkswagen-sachsen", "amz-sachsen"], 15, R.CONFIRMED),
    },
    {
        "slug": "netzwerkempfang-cleantech-2027",
        "title_de": "Netzwerkempfang Cleantech 2027",
        "title_en": "Cleantech network reception 2027",
        "kind": K.RECEPTION, "organisers": ["cleantech-innovation-park"],
        "starts_at": at(2027, 2, 4, 17), "ends_at": at(2027, 2, 4, 21),
        "venue_name": "Cleantech Innovation Park",
        "venue_address": "Michelinstraße 130, 96103 Hallstadt", "capacity": 12,
        "contact_name": "Team Cleantech Innovation Park", "contact_email": "cleantech@demo.example",
        "description_de": "Ein kleiner Empfang für Partner aus Wirtschaft, Wissenschaft und Politik.",
        "description_en": "A small reception for partners from business, science and politics.",
        "participants": ("members", [], 15, R.CONFIRMED),  # 12 seats: three on the waitlist
    },
    {
        "slug": "webinar-sachsen-wallonie-speicher-2027",
        "title_de": "Webinar Sachsen – Wallonie: Batteriespeicher und Smart Grids",
        "title_en": "Webinar Saxony – Wallonia: battery storage and smart grids",
        "kind": K.WEBINAR, "organisers": ["energy-saxony", "tweed"],
        "starts_at": at(2027, 5, 19, 10), "ends_at": at(2027, 5, 19, 11, 30),
        "online_url": "https://webinar.demo.example/sachsen-wallonie", "capacity": None,
        "contact_name": "Energy Saxony", "contact_email": "energy-saxony@demo.example",
        "description_de": (
            "Gemeinsames Webinar von Energy Saxony und dem Cluster TWEED, damit sächsische und "
            "wallonische Unternehmen und Forschungseinrichtungen sich besser vernetzen."),
        "description_en": (
            "A joint webinar of Energy Saxony and Cluster TWEED so that Saxon and Walloon "
            "companies and research institutes can connect."),
        "participants": ("members", ["mitis", "crm-group"], 3, R.CONFIRMED),
    },
    {
        "slug": "battery-show-europe-messerundgang-2027",
        "title_de": "Battery Show Europe 2027: Messerundgang Wertschöpfungskette Batterie",
        "title_en": "Battery Show Europe 2027: fair tour along the battery value chain",
        "kind": K.FAIR, "organisers": ["cluster-elektromobilitaet-sued-west", "bw-i"],
        "starts_at": at(2027, 6, 8, 10), "ends_at": at(2027, 6, 8, 13),
        "venue_name": "Messe Stuttgart, Battery Show Europe",
        "venue_address": "Messepiazza 1, 70629 Stuttgart", "capacity": 25,
        "registration_opens_at": at(2027, 3, 1, 9),
        "contact_name": "Clustermanagement Elektromobilität Süd-West",
        "contact_email": "suedwest@demo.example",
        "description_de": "Geführter Rundgang zu Ausstellern aus dem Cluster. Anmeldung ab 1. März 2027.",
        "description_en": "Guided tour to exhibitors from the cluster. Registration opens 1 March 2027.",
        "participants": ("members", [], 0, R.CONFIRMED),
    },
    {
        # Hybrid: on site in the lecture hall or online by stream, each with its own seats.
        "slug": "fachforum-zellfertigung-hybrid-2027",
        "title_de": "Fachforum Zellfertigung 2027 – vor Ort und online",
        "title_en": "Cell manufacturing forum 2027 – on site and online",
        "kind": K.WORKSHOP, "organisers": ["akkumulatoren-campus-zwickau", "whz"],
        "starts_at": at(2027, 3, 25, 13), "ends_at": at(2027, 3, 25, 16, 30),
        "venue_name": "Westsächsische Hochschule Zwickau, Hörsaal 1",
        "venue_address": "Kornmarkt 1, 08056 Zwickau", "capacity": 40, "online_capacity": 100,
        "online_url": "https://stream.demo.example/fachforum-zellfertigung",
        "contact_name": "Akkumulatoren-Campus", "contact_email": "akkucampus@demo.example",
        "description_de": (
            "Vorträge aus Forschung und Produktion zur Zellfertigung, im Hörsaal oder im "
            "Livestream: Wählen Sie bei der Anmeldung „Vor Ort“ oder „Online“. Den Link zum "
            "Stream bekommen bestätigte Online-Teilnehmende."),
        "description_en": (
            "Talks from research and production on cell manufacturing, in the lecture hall or "
            "by live stream: choose \"On site\" or \"Online\" when registering. Confirmed "
            "online participants get the link to the stream."),
        "participants": ("members", ["volkswagen-sachsen", "whz"], 6, R.CONFIRMED),
        "online": 4,  # the last four people take part online
    },
]


def _series() -> EventSeries:
    return upsert(EventSeries, {
        "title_de": "Netzwerktreffen Akkumulatoren-Campus",
        "title_en": "Akkumulatoren-Campus network meeting",
        "description_de": "Das Netzwerk trifft sich jedes Frühjahr in Zwickau: Neuigkeiten "
                          "entlang der Wertschöpfungskette Batterie und Gesprächsinseln.",
        "description_en": "The network meets each spring in Zwickau: news along the battery "
                          "value chain and discussion islands.",
    }, slug="netzwerktreffen-akkumulatoren-campus")


def _person(n: int):
    first = FIRST_NAMES[n % len(FIRST_NAMES)]
    last = LAST_NAMES[(n // len(FIRST_NAMES) + n) % len(LAST_NAMES)]
    return f"{first} {last}", f"{first}.{last}.{n}".lower()


def seed(stdout=None) -> dict[str, Event]:
    organisations = {o.slug: o for o in Organization.objects.all()}
    events = {}
    registrations = 0
    for spec in EVENTS:
        spec = dict(spec)
        organisers = [organisations[slug] for slug in spec.pop("organisers") if slug in organisations]
        agenda = spec.pop("agenda", [])
        questions = spec.pop("questions", [])
        if spec.get("series"):
            spec["series"] = _series()
        _kind, member_slugs, guests, status = spec.pop("participants")
        online = spec.pop("online", 0)
        slug = spec.pop("slug")
        event = upsert(Event, {"status": Event.Status.PUBLISHED, **spec}, slug=slug)
        event.organisers.set(organisers)
        if event.series_id:  # the series' organisers are its meetings' organisers
            known = set(event.series.organisers.values_list("pk", flat=True))
            missing = [organiser for organiser in organisers if organiser.pk not in known]
            if missing:  # a second run writes nothing
                event.series.organisers.add(*missing)
        items = [
            upsert(AgendaItem, {"kind": kind, "title_en": title_en, "capacity": capacity,
                                **(extra[0] if extra else {})},
                   event=event, position=position, title_de=title_de)
            for position, (kind, title_de, title_en, capacity, *extra) in enumerate(agenda,
                                                                                    start=1)
        ]
        for position, question in enumerate(questions, start=1):
            upsert(Question, {key: value for key, value in question.items() if key != "label_de"},
                   event=event, position=position, label_de=question["label_de"])
        # People choose what the form offers: an island or an item with seats, not the plenum.
        items = [item for item in items if item.is_offered]
        people = [(organisations.get(slug), "") for slug in member_slugs if slug in organisations]
        people += [(None, GUEST_ORGANISATIONS[n % len(GUEST_ORGANISATIONS)]) for n in range(guests)]
        # Fixed registration times: eight weeks ahead for past events, autumn 2026 for 2027 ones.
        created = min(spec["starts_at"].replace(hour=9, minute=0) - timedelta(weeks=8),
                      at(2026, 10, 5, 9))
        seated = {Attendance.ON_SITE: 0, Attendance.ONLINE: 0}  # per part of a hybrid event
        for n, (organisation, organisation_name) in enumerate(people):
            name, local = _person(n + 7 * len(events))
            attendance = Attendance.ONLINE if n >= len(people) - online else Attendance.ON_SITE
            capacity = event.capacity_for(attendance)
            full = capacity is not None and seated[attendance] >= capacity
            row_status = R.WAITLISTED if full and status == R.CONFIRMED else status
            seated[attendance] += row_status != Registration.Status.WAITLISTED
            registration = upsert(Registration, {
                "name": name, "organisation": organisation, "organisation_name": organisation_name,
                "status": row_status, "attendance": attendance, "public_consent": n % 3 != 2,
                "language": "de",
                "created_at": created + timedelta(minutes=37 * n),
                "job_title": ["Geschäftsführung", "Entwicklung", "Einkauf", "Vertrieb",
                              "Produktion"][n % 5],
            }, event=event, email=f"{local}@demo.example")
            registrations += 1
            if items and row_status != Registration.Status.CANCELLED:
                item = items[n % len(items)]
                seats = item.choices.filter(status=AgendaChoice.Status.CONFIRMED).exclude(
                    registration=registration)
                choice_status = (AgendaChoice.Status.WAITLISTED
                                 if row_status == Registration.Status.WAITLISTED or (
                                     item.capacity is not None and seats.count() >= item.capacity)
                                 else AgendaChoice.Status.CONFIRMED)
                upsert(AgendaChoice, {"status": choice_status,
                                      "created_at": registration.created_at},
                       registration=registration, agenda_item=item)
        events[slug] = event
    _fill_workshop_island(events, organisations)
    # The rows above are written directly (fixed times, fixed order): count their seats once.
    store_counts(Event.objects.filter(pk__in=[event.pk for event in events.values()]))
    if stdout:
        stdout.write(f"Events: {len(events)} events, {registrations} registrations.")
    return events


def _fill_workshop_island(events, organisations):
    """The recycling workshop: 19 of 20 seats, its dismantling group full with a waitlist."""
    event = events["workshop-batterierecycling-2027"]
    dismantling = event.agenda_items.get(position=1)
    for n in range(2):
        name, local = _person(900 + n)
        registration = upsert(Registration, {
            "name": name, "organisation": None, "organisation_name": GUEST_ORGANISATIONS[n],
            "status": Registration.Status.CONFIRMED, "language": "de",
            "created_at": at(2026, 11, 2, 10 + n),
        }, event=event, email=f"{local}@demo.example")
        upsert(AgendaChoice, {"status": AgendaChoice.Status.WAITLISTED,
                              "created_at": registration.created_at},
               registration=registration, agenda_item=dismantling)


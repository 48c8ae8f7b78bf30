"""Demo trips from the source documents: the Saxon business trip to Wallonia (November 2024), the
French delegation's tour of the Battery Show Europe (May 2023), and a trip in 2027 that is open
for applications. Applicants are fictional. Idempotent: a second run writes nothing.
"""

from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model

from delegations.models import Application, DelegationTrip, ItineraryStop
from members.models import Organization, Region, Topic, ValueChainStage
from network_portal.demo import upsert

BERLIN = ZoneInfo("Europe/Berlin")
T = DelegationTrip
K = ItineraryStop.Kind
A = Application.Status

# slug, fields, organiser slugs, partner slugs, topic codes, stops
# stop: (date, start, end, kind, host slug, place, title de, title en, description de, description en)
TRIPS = [
    ("wirtschaftsreise-wallonie-2024", {
        "title_de": "Wirtschaftsreise in die Wallonie: Smart Grids, Wasserstoff und Batteriespeicher",
        "title_en": "Business trip to Wallonia: smart grids, hydrogen and battery storage",
        "direction": T.Direction.OUTBOUND, "origin": "sachsen", "destination": "wallonie",
        "origin_city": "Dresden", "destination_city": "Liège",
        "start_date": date(2024, 11, 25), "end_date": date(2024, 11, 28),
        "seats": 20, "application_deadline": datetime(2024, 10, 31, 18, 0, tzinfo=BERLIN),
        "status": T.Status.COMPLETED, "public_overview": True,
        "meeting_point_de": "Dresden", "meeting_point_en": "Dresden",
        "transport_de": "Reisebus ab und bis Dresden", "transport_en": "Coach from and back to Dresden",
        "description_de": (
            "Sächsische Unternehmen und Forschungsinstitute knüpfen in und um Lüttich Kontakte zu "
            "Smart Grids, Wasserstoff und Batteriespeichern. Organisiert von der Wirtschaftsförderung "
            "Sachsen, ihrem belgischen Pendant AWEX und Energy Saxony, unterstützt vom wallonischen "
            "Cluster TWEED. Vorausgegangen war der Besuch des belgischen Königspaars in Dresden im "
            "Dezember 2023."),
        "description_en": (
            "Saxon companies and research institutes make contacts on smart grids, hydrogen and "
            "battery storage in and around Liège. Organised by Wirtschaftsförderung Sachsen, its "
            "Belgian counterpart AWEX and Energy Saxony, supported by the Walloon cluster TWEED. "
            "It followed the Belgian royal couple's visit to Dresden in December 2023."),
    }, ["wirtschaftsfoerderung-sachsen", "awex", "energy-saxony"], ["tweed"],
        ["smart-grids", "hydrogen", "battery-storage"], [
        (date(2024, 11, 25), time(7, 0), time(15, 0), K.TRAVEL, None, "Dresden → Liège",
         "Anreise per Reisebus nach Lüttich", "Journey by coach to Liège", "", ""),
        (date(2024, 11, 25), time(16, 0), time(18, 0), K.SITE_VISIT, "mitis", "Liège",
         "Besuch bei Mitis SA", "Visit to Mitis SA",
         "Erste Station: das Hightech-Start-up Mitis SA, Hersteller innovativer Energieumwandler.",
         "First stop: the high-tech start-up Mitis SA, maker of innovative power converters."),
        (date(2024, 11, 26), time(9, 0), time(10, 30), K.SITE_VISIT, "ce-t-power", "Liège",
         "Besuch bei CE+T", "Visit to CE+T",
         "Um- und Wechselrichter für Stromspeicher und netzunabhängige Anwendungen.",
         "Converters and inverters for storage and off-grid applications."),
        (date(2024, 11, 26), time(11, 0), time(12, 30), K.SITE_VISIT, "jema", "Liège",
         "Besuch bei JEMA SA", "Visit to JEMA SA",
         "Der international aktive Hersteller leistungsstarker Stromversorgungssysteme öffnet seine Türen.",
         "The international maker of high-power supply systems opens its doors."),
        (date(2024, 11, 26), time(14, 0), time(18, 0), K.PRESENTATIONS, "tweed", "Liège",
         "Firmenpräsentationen und Gespräche beim Cluster TWEED",
         "Company presentations and talks at the TWEED cluster",
         "Auf Einladung des Clusters TWEED: Firmenpräsentationen und Gespräche in lockerer Atmosphäre.",
         "At the invitation of the TWEED cluster: company presentations and relaxed conversations."),
        (date(2024, 11, 27), time(9, 0), time(10, 30), K.SITE_VISIT, "technord", "",
         "Besuch bei Technord", "Visit to Technord",
         "Im Fokus: Energiemanagement- und Digitalisierungslösungen.",
         "In focus: energy management and digitalisation solutions."),
        (date(2024, 11, 27), time(11, 30), time(13, 30), K.EXCHANGE, "crm-group", "Liège",
         "Austausch im Metallurgiezentrum CRM", "Exchange at the CRM metallurgy centre",
         "Austausch mit ausgewählten belgischen Unternehmen wie dem Wasserstoffakteur V2I/BeBlue "
         "Cryotech S.A. und dem Materialhersteller Materia Nova.",
         "Exchange with selected Belgian companies such as the hydrogen company V2I/BeBlue "
         "Cryotech S.A. and the materials maker Materia Nova."),
        (date(2024, 11, 27), time(15, 0), time(17, 0), K.SITE_VISIT, "john-cockerill", "Seraing",
         "Besuch bei John Cockerill: Mikrogrid MiRIS", "Visit to John Cockerill: the MiRIS microgrid",
         "Der Technologieanbieter präsentiert sein Mikrogridsystem MiRIS zur Produktion und "
         "Speicherung erneuerbarer Energie.",
         "The technology provider presents its MiRIS microgrid for producing and storing "
         "renewable energy."),
        (date(2024, 11, 28), time(8, 0), time(17, 0), K.TRAVEL, None, "Liège → Dresden",
         "Rückreise per Reisebus nach Dresden", "Return by coach to Dresden", "", ""),
    ]),
    ("messerundgang-battery-show-europe-2023", {
        "title_de": "Französische Delegation auf der Battery Show Europe",
        "title_en": "French delegation at the Battery Show Europe",
        "direction": T.Direction.INBOUND, "origin": "auvergne-rhone-alpes", "origin_city": "Lyon",
        "destination": "baden-wuerttemberg", "destination_city": "Stuttgart",
        "start_date": date(2023, 5, 22), "end_date": date(2023, 5, 23), "seats": 25,
        "application_deadline": datetime(2023, 4, 28, 18, 0, tzinfo=BERLIN),
        "status": T.Status.COMPLETED, "public_overview": False,
        "meeting_point_de": "Messe Stuttgart", "meeting_point_en": "Messe Stuttgart",
        "transport_de": "", "transport_en": "",
        "description_de": (
            "Rund 25 Vertreterinnen und Vertreter der französischen Industrie aus der Region "
            "Auvergne-Rhône-Alpes – Hersteller von elektronischen Bauteilen, Lithium-Ionen-Batterien, "
            "stationären Energiespeichern sowie Maschinen und Produktionslinien – besuchen Mitglieder "
            "des Clusters Elektromobilität Süd-West auf der Battery Show Europe. Die Regionen arbeiten "
            "seit Langem in den Vier Motoren für Europa zusammen."),
        "description_en": (
            "About 25 representatives of French industry from Auvergne-Rhône-Alpes – makers of "
            "electronic components, lithium-ion batteries, stationary storage, machines and "
            "production lines – visit members of the Electric Mobility South-West cluster at the "
            "Battery Show Europe. The regions have long worked together in the Four Motors for Europe."),
    }, ["cluster-elektromobilitaet-sued-west", "bw-i", "region-auvergne-rhone-alpes"],
        ["e-mobil-bw", "cara"], ["e-mobility", "battery-storage", "internationalisation"], [
        (date(2023, 5, 22), time(14, 0), time(15, 0), K.EXCHANGE, "bw-i", "Stuttgart",
         "Austausch zum baden-württembergischen Batterie-Ökosystem: der Standort",
         "Exchange on the Baden-Württemberg battery ecosystem: the location",
         "BW_i gibt einen Überblick über den Standort Baden-Württemberg und Unterstützung bei "
         "Ansiedlungsinteresse.",
         "BW_i gives an overview of Baden-Württemberg as a location and of support for companies "
         "interested in settling."),
        (date(2023, 5, 22), time(15, 0), time(16, 30), K.PRESENTATIONS, "e-mobil-bw", "Stuttgart",
         "Das Batterie-Ökosystem und der Cluster Elektromobilität Süd-West",
         "The battery ecosystem and the Electric Mobility South-West cluster",
         "e-mobil BW stellt das Batterie-Ökosystem und die Aktivitäten des Clusters vor.",
         "e-mobil BW presents the battery ecosystem and the cluster's activities."),
        (date(2023, 5, 22), time(19, 0), time(22, 0), K.DINNER, "cluster-elektromobilitaet-sued-west",
         "Stuttgart", "Networking-Dinner", "Networking dinner",
         "Die französischen Gäste vernetzen sich untereinander und mit deutschen Gästen aus "
         "Industrie und Forschung.",
         "The French guests network with each other and with German guests from industry and research."),
        (date(2023, 5, 23), time(10, 0), time(10, 40), K.FAIR_TOUR, "comemso",
         "Battery Show Europe, Messe Stuttgart", "Messerundgang 1: comemso GmbH",
         "Fair tour 1: comemso GmbH", "Testing von Batteriemanagementsystemen.",
         "Testing of battery management systems."),
        (date(2023, 5, 23), time(10, 45), time(11, 25), K.FAIR_TOUR, "coperion",
         "Battery Show Europe, Messe Stuttgart", "Messerundgang 1: Coperion GmbH",
         "Fair tour 1: Coperion GmbH", "Prozesslösungen für die Batteriezellproduktion.",
         "Process solutions for battery cell production."),
        (date(2023, 5, 23), time(11, 30), time(12, 10), K.FAIR_TOUR, "elringklinger",
         "Battery Show Europe, Messe Stuttgart", "Messerundgang 1: ElringKlinger AG",
         "Fair tour 1: ElringKlinger AG", "Komponenten für die Batteriezelle und Batteriesysteme.",
         "Components for battery cells and systems."),
        (date(2023, 5, 23), time(14, 0), time(14, 40), K.FAIR_TOUR, "konzelmann",
         "Battery Show Europe, Messe Stuttgart", "Messerundgang 2: Konzelmann GmbH",
         "Fair tour 2: Konzelmann GmbH", "Kunststoffkomponenten für Batteriezellen und -module.",
         "Plastic components for battery cells and modules."),
        (date(2023, 5, 23), time(14, 45), time(15, 25), K.FAIR_TOUR, "manz",
         "Battery Show Europe, Messe Stuttgart", "Messerundgang 2: Manz AG",
         "Fair tour 2: Manz AG", "Maschinen und Produktionslinien für die Batteriezellfertigung.",
         "Machines and production lines for battery cell manufacturing."),
    ]),
    ("akkumulatoren-campus-auvergne-rhone-alpes-2027", {
        "title_de": "Vom Akkumulatoren-Campus Zwickau nach Auvergne-Rhône-Alpes",
        "title_en": "From the Zwickau battery campus to Auvergne-Rhône-Alpes",
        "direction": T.Direction.OUTBOUND, "origin": "sachsen", "destination": "auvergne-rhone-alpes",
        "origin_city": "Zwickau", "destination_city": "Lyon",
        "start_date": date(2027, 6, 14), "end_date": date(2027, 6, 17),
        "seats": 16, "application_deadline": datetime(2027, 4, 30, 18, 0, tzinfo=BERLIN),
        "status": T.Status.OPEN, "public_overview": True, "fee": Decimal("450.00"),
        # The brochure's contact for follow-up: the demo cluster manager (fictional).
        "follow_up_name": "Karla Clausen",
        "follow_up_role": "Clustermanagement, Akkumulatoren-Campus Zwickau",
        "follow_up_email": "clustermanager@demo.example",
        "fee_covers_de": "Busreise, drei Hotelnächte, Verpflegung im Programm",
        "fee_covers_en": "Coach travel, three hotel nights, meals in the programme",
        "meeting_point_de": "Akkumulatoren-Campus Zwickau", "meeting_point_en": "Zwickau battery campus",
        "transport_de": "Reisebus ab und bis Zwickau", "transport_en": "Coach from and back to Zwickau",
        "description_de": (
            "Unternehmen und Institute des Akkumulatoren-Campus Zwickau lernen das Batterie- und "
            "Mobilitätsökosystem der Partnerregion Auvergne-Rhône-Alpes kennen: Austausch mit dem "
            "Cluster CARA, Firmenpräsentationen, Unternehmensbesuche und ein Networking-Dinner."),
        "description_en": (
            "Companies and institutes of the Zwickau battery campus get to know the battery and "
            "mobility ecosystem of the partner region Auvergne-Rhône-Alpes: exchange with the CARA "
            "cluster, company presentations, site visits and a networking dinner."),
    }, ["akkumulatoren-campus-zwickau"], ["region-auvergne-rhone-alpes", "cara"],
        ["battery-storage", "e-mobility", "circular-economy"], [
        (date(2027, 6, 14), time(6, 30), time(16, 0), K.TRAVEL, None, "Zwickau → Lyon",
         "Anreise per Reisebus nach Lyon", "Journey by coach to Lyon", "", ""),
        (date(2027, 6, 14), time(19, 0), time(21, 30), K.DINNER, "region-auvergne-rhone-alpes", "Lyon",
         "Empfang der Region und Networking-Dinner", "Reception by the region and networking dinner",
         "", ""),
        (date(2027, 6, 15), time(9, 30), time(12, 30), K.EXCHANGE, "cara", "Lyon",
         "Austausch mit dem Cluster CARA", "Exchange with the CARA cluster",
         "Das französische Mobilitätscluster stellt das regionale Batterie-Ökosystem vor; "
         "Kooperationsgespräche in kleinen Runden.",
         "The French mobility cluster presents the regional battery ecosystem; cooperation talks "
         "in small groups."),
        (date(2027, 6, 15), time(14, 0), time(17, 30), K.PRESENTATIONS, "cara", "Lyon",
         "Firmenpräsentationen sächsischer und französischer Unternehmen",
         "Company presentations of Saxon and French firms",
         "Jedes teilnehmende Unternehmen stellt sich in fünf Minuten vor.",
         "Each participating company introduces itself in five minutes."),
        (date(2027, 6, 16), time(9, 0), time(16, 0), K.SITE_VISIT, None, "Région Auvergne-Rhône-Alpes",
         "Unternehmensbesuche bei Batterieherstellern und Recyclern der Region",
         "Site visits at battery makers and recyclers of the region",
         "Die Gastgeber werden nach den Interessen der Teilnehmenden ausgewählt.",
         "Hosts are chosen to match the participants' interests."),
        (date(2027, 6, 17), time(8, 0), time(18, 0), K.TRAVEL, None, "Lyon → Zwickau",
         "Rückreise per Reisebus nach Zwickau", "Return by coach to Zwickau", "", ""),
    ]),
]

# trip slug, e-mail, first, last, language, organisation slug or free-text name, job title,
# stages sought, stages offered, interests, consent, status (all fictional)
APPLICATIONS = [
    ("wirtschaftsreise-wallonie-2024", "henrike.hahn@demo.example", "Henrike", "Hahn", "de", "whz",
     "Laborleiterin", ["bms-power-electronics"], ["research", "testing"],
     "Gemeinsame Forschungsprojekte zu Speichern im Verteilnetz.", True, A.ACCEPTED),
    ("wirtschaftsreise-wallonie-2024", "tobias.vogt@demo.example", "Tobias", "Vogt", "de",
     "Elbtal Netztechnik GmbH (fiktiv)", "Geschäftsführer", ["applications"], ["services"],
     "Partner für Mikrogrids in Gewerbegebieten.", True, A.ACCEPTED),
    ("wirtschaftsreise-wallonie-2024", "mara.lindner@demo.example", "Mara", "Lindner", "de",
     "H2 Erzgebirge GmbH (fiktiv)", "Vertrieb", ["applications"], ["research"],
     "Wasserstoffspeicher und Elektrolyse.", False, A.ACCEPTED),
    ("akkumulatoren-campus-auvergne-rhone-alpes-2027", "henrike.hahn@demo.example", "Henrike",
     "Hahn", "de", "whz", "Laborleiterin", ["cell-manufacturing", "recycling"], ["research", "training"],
     "Forschungspartner für Zellrecycling und Second Life.", True, A.ACCEPTED),
    ("akkumulatoren-campus-auvergne-rhone-alpes-2027", "jonas.beck@demo.example", "Jonas", "Beck",
     "de", "Muldental Batteriesysteme GmbH (fiktiv)", "Leiter Entwicklung",
     ["active-materials"], ["modules-packs"], "Lieferanten für Zellkomponenten.", True, A.SUBMITTED),
    ("akkumulatoren-campus-auvergne-rhone-alpes-2027", "claire.martin@demo.example", "Claire",
     "Martin", "en", "Vogtland Recycling Technik GmbH (fiktiv)", "Business development",
     ["recycling", "second-life"], ["recycling"], "Recycling partners in France.", False, A.WAITLISTED),
]


def _user(email, first, last, language):
    User = get_user_model()
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=None, first_name=first,
                                        last_name=last, language=language)
    return user


def seed(stdout=None) -> None:
    organisations = {o.slug: o for o in Organization.objects.all()}
    regions = {r.slug: r for r in Region.objects.all()}
    topics = {t.code: t for t in Topic.objects.all()}
    stages = {s.code: s for s in ValueChainStage.objects.all()}
    trips = {}
    for slug, fields, organisers, partners, topic_codes, stops in TRIPS:
        fields = dict(fields)
        fields["origin_region"] = regions[fields.pop("origin")]
        fields["destination_region"] = regions[fields.pop("destination")]
        trip = upsert(DelegationTrip, fields, slug=slug)
        trip.organisers.set([organisations[s] for s in organisers])
        trip.partners.set([organisations[s] for s in partners])
        trip.topics.set([topics[c] for c in topic_codes])
        for day, start, end, kind, host, place, title_de, title_en, text_de, text_en in stops:
            upsert(ItineraryStop, {
                "date": day, "start_time": start, "end_time": end, "kind": kind,
                "host": organisations[host] if host else None, "place": place, "title_en": title_en,
                "description_de": text_de, "description_en": text_en,
            }, trip=trip, title_de=title_de)
        trips[slug] = trip
    for (slug, email, first, last, language, organisation, job, sought, offered, interests,
         consent, status) in APPLICATIONS:
        user = _user(email, first, last, language)
        in_directory = organisations.get(organisation)
        application = upsert(Application, {
            "organisation": in_directory, "organisation_name": "" if in_directory else organisation,
            "job_title": job, "interests": interests, "public_consent": consent, "status": status,
            "language": language,
        }, trip=trips[slug], user=user)
        application.stages_sought.set([stages[c] for c in sought])
        application.stages_offered.set([stages[c] for c in offered])
    if stdout:
        stdout.write(f"Delegation trips: {len(trips)} trips, {len(APPLICATIONS)} applications.")

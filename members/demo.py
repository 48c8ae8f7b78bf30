"""Demo organisations and memberships, taken from the source documents in shared/seeds.

Names, places and roles come from the documents; descriptions are short summaries. Contact
persons are fictional. `seed()` is idempotent: it updates or creates by slug.
"""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from members.models import (
    ContactPerson,
    Membership,
    Organization,
    ProfileChangeRequest,
    Region,
    Representative,
    Topic,
    ValueChainStage,
)
from network_portal.demo import upsert

K = Organization.Kind

# slug, name, kind, region, city, website, stages, topics, German description, English description
ORGANISATIONS = [
    ("akkumulatoren-campus-zwickau", "Akkumulatoren-Campus Zwickau", K.CLUSTER, "sachsen", "Zwickau",
     "", ["research", "training", "recycling"], ["battery-storage", "e-mobility", "training"],
     "Netzwerk für regionale Hersteller und Anwender neuer Batterietechnologien sowie "
     "Forschungs- und Entwicklungseinrichtungen, entlang des ganzen Batterielebenszyklus: "
     "von der Herstellung bis zum Recycling von Energiespeichersystemen.",
     "Network of regional manufacturers and users of new battery technologies and of research "
     "institutions, along the whole battery life cycle, from manufacturing to recycling."),
    ("stadt-zwickau-wirtschaftsfoerderung", "Stadt Zwickau – Büro für Wirtschaftsförderung",
     K.PUBLIC, "sachsen", "Zwickau", "https://www.zwickau.de", ["services"], ["transformation"],
     "Ansprechpartner rund um den Akkumulatoren-Campus und Initiator in der AG Zwickau.",
     "Point of contact for the battery campus and initiator in the AG Zwickau."),
    ("landkreis-zwickau", "Landkreis Zwickau", K.PUBLIC, "sachsen", "Zwickau",
     "https://www.landkreis-zwickau.de", ["services"], ["transformation"],
     "Landkreis in Westsachsen, Partner der AG Zwickau.",
     "District in western Saxony, partner in the AG Zwickau."),
    ("ihk-chemnitz-zwickau", "IHK Chemnitz – Regionalkammer Zwickau", K.CHAMBER, "sachsen",
     "Zwickau", "https://www.ihk.de/chemnitz", ["services", "training"], ["training"],
     "Industrie- und Handelskammer, Partner der AG Zwickau.",
     "Chamber of industry and commerce, partner in the AG Zwickau."),
    ("volkswagen-sachsen", "Volkswagen Sachsen GmbH", K.COMPANY, "sachsen", "Zwickau",
     "https://www.volkswagen-sachsen.de", ["applications", "modules-packs"], ["e-mobility"],
     "Fahrzeugwerk in Zwickau, vollständig auf batterieelektrische Fahrzeuge umgestellt.",
     "Vehicle plant in Zwickau, fully converted to battery-electric vehicles."),
    ("whz", "Westsächsische Hochschule Zwickau", K.UNIVERSITY, "sachsen", "Zwickau",
     "https://www.fh-zwickau.de", ["research", "training", "testing"], ["training", "e-mobility"],
     "Hochschule mit Forschung zu Fahrzeugtechnik, Energiespeichern und Produktion.",
     "University of applied sciences researching vehicle engineering, energy storage and production."),
    ("amz-sachsen", "Automobilzulieferernetzwerk AMZ Sachsen", K.CLUSTER, "sachsen", "Chemnitz",
     "https://www.amz-sachsen.de", ["services"], ["transformation", "e-mobility"],
     "Das sächsische Automobilzulieferernetzwerk begleitet Zulieferer in der Transformation zur "
     "Elektromobilität.",
     "Saxony's automotive supplier network supports suppliers in the transition to electric mobility."),
    ("smwa-sachsen", "Sächsisches Staatsministerium für Wirtschaft, Arbeit und Verkehr",
     K.PUBLIC, "sachsen", "Dresden", "https://www.smwa.sachsen.de", ["services"],
     ["transformation", "hydrogen"],
     "Lädt zum branchenübergreifenden Industriedialog Neue Mobilität Sachsen ein.",
     "Hosts the cross-industry dialogue on new mobility in Saxony."),
    ("wirtschaftsfoerderung-sachsen", "Wirtschaftsförderung Sachsen GmbH", K.PUBLIC, "sachsen",
     "Dresden", "https://www.wfs.sachsen.de", ["services"], ["internationalisation"],
     "Wirtschaftsförderung des Freistaats, organisiert Unternehmensreisen ins Ausland.",
     "The state's economic-development agency; organises business trips abroad."),
    ("energy-saxony", "Energy Saxony e. V.", K.CLUSTER, "sachsen", "Dresden",
     "https://www.energy-saxony.net", ["research", "services"],
     ["smart-grids", "hydrogen", "battery-storage"],
     "Netzwerk der sächsischen Energietechnik: Smart Grids, Wasserstoff und Batteriespeicher.",
     "Saxony's energy-technology cluster: smart grids, hydrogen and battery storage."),
    ("cluster-elektromobilitaet-sued-west", "Cluster Elektromobilität Süd-West", K.CLUSTER,
     "baden-wuerttemberg", "Stuttgart", "https://www.emobil-sw.de",
     ["services", "research"], ["e-mobility", "internationalisation"],
     "Über 30 Mitglieder präsentieren sich auf der Battery Show Europe entlang der "
     "Wertschöpfungskette Batterie.",
     "More than 30 members exhibit along the battery value chain at the Battery Show Europe."),
    ("e-mobil-bw", "e-mobil BW GmbH", K.PUBLIC, "baden-wuerttemberg", "Stuttgart",
     "https://www.e-mobilbw.de", ["services"], ["e-mobility", "hydrogen"],
     "Landesagentur für neue Mobilitätslösungen, Clustermanagement Elektromobilität Süd-West.",
     "State agency for new mobility solutions, managing the Electric Mobility South-West cluster."),
    ("bw-i", "Baden-Württemberg International (BW_i)", K.PUBLIC, "baden-wuerttemberg",
     "Stuttgart", "https://www.bw-i.de", ["services"], ["internationalisation"],
     "Gesellschaft für internationale wirtschaftliche und wissenschaftliche Zusammenarbeit.",
     "Agency for international economic and scientific cooperation."),
    ("comemso", "comemso GmbH", K.COMPANY, "baden-wuerttemberg", "Ostfildern",
     "https://www.comemso.com", ["testing", "bms-power-electronics"], ["charging"],
     "Testsysteme für Batteriemanagementsysteme und Ladeinfrastruktur.",
     "Test systems for battery management systems and charging infrastructure."),
    ("coperion", "Coperion GmbH", K.COMPANY, "baden-wuerttemberg", "Stuttgart",
     "https://www.coperion.com", ["production-equipment", "active-materials"], [],
     "Prozesslösungen für die Herstellung von Elektrodenmassen.",
     "Process solutions for producing electrode slurries."),
    ("elringklinger", "ElringKlinger AG", K.COMPANY, "baden-wuerttemberg", "Dettingen/Erms",
     "https://www.elringklinger.de", ["modules-packs", "active-materials"], ["e-mobility", "hydrogen"],
     "Komponenten für Batteriezellen und Batteriesysteme.",
     "Components for battery cells and battery systems."),
    ("konzelmann", "Konzelmann GmbH", K.COMPANY, "baden-wuerttemberg", "Löchgau",
     "https://www.konzelmann.com", ["active-materials", "modules-packs"], [],
     "Kunststoffkomponenten für Batteriezellen und -module.",
     "Plastic components for battery cells and modules."),
    ("manz", "Manz AG", K.COMPANY, "baden-wuerttemberg", "Reutlingen", "https://www.manz.com",
     ["production-equipment", "cell-manufacturing"], ["digitalisation"],
     "Maschinen und Produktionslinien für die Batteriezellfertigung.",
     "Machines and production lines for battery cell manufacturing."),
    ("region-auvergne-rhone-alpes", "Région Auvergne-Rhône-Alpes", K.PUBLIC,
     "auvergne-rhone-alpes", "Lyon", "https://www.auvergnerhonealpes.fr", ["services"],
     ["internationalisation"],
     "Französische Partnerregion im Verbund der Vier Motoren für Europa.",
     "French partner region within the Four Motors for Europe."),
    ("cara", "CARA – European Cluster for Mobility Solutions", K.CLUSTER, "auvergne-rhone-alpes",
     "Lyon", "https://www.cara.eu", ["services", "research"], ["e-mobility", "internationalisation"],
     "Französisches Mobilitätscluster, Partner im Projekt AllFraTech.",
     "French mobility cluster, partner in the AllFraTech project."),
    ("cleantech-innovation-park", "Cleantech Innovation Park", K.CLUSTER, "bayern", "Hallstadt",
     "", ["research", "services", "training"], ["transformation", "co2-neutral-production"],
     "Austausch- und Innovationsplattform auf dem ehemaligen Michelin-Reifenwerk in Hallstadt "
     "bei Bamberg; regionaler Innovationscluster Cleantech.",
     "Exchange and innovation platform on the former Michelin tyre plant in Hallstadt near "
     "Bamberg; regional cleantech innovation cluster."),
    ("awex", "AWEX – Wallonia Export & Investment Agency", K.PUBLIC, "wallonie", "Brüssel",
     "https://www.awex.be", ["services"], ["internationalisation"],
     "Belgisches Pendant der Wirtschaftsförderung Sachsen.",
     "Belgian counterpart of Saxony's economic-development agency."),
    ("tweed", "Cluster TWEED", K.CLUSTER, "wallonie", "Liège", "https://www.clustertweed.be",
     ["services"], ["smart-grids", "hydrogen", "battery-storage"],
     "Auf erneuerbare Energien spezialisierter wallonischer Cluster.",
     "Walloon cluster specialised in renewable energy."),
    ("mitis", "Mitis SA", K.COMPANY, "wallonie", "Liège", "", ["bms-power-electronics"],
     ["power-electronics"], "Hightech-Start-up für innovative Energieumwandler.",
     "High-tech start-up building innovative power converters."),
    ("ce-t-power", "CE+T Power", K.COMPANY, "wallonie", "Liège", "https://www.cet-power.com",
     ["bms-power-electronics", "applications"], ["power-electronics", "battery-storage"],
     "Um- und Wechselrichter für Stromspeicher und netzunabhängige Anwendungen.",
     "Converters and inverters for storage and off-grid applications."),
    ("jema", "JEMA SA", K.COMPANY, "wallonie", "Liège", "", ["bms-power-electronics"],
     ["power-electronics", "smart-grids"],
     "International aktiver Hersteller leistungsstarker Stromversorgungssysteme.",
     "International maker of high-power supply systems."),
    ("technord", "Technord", K.COMPANY, "wallonie", "Tournai", "https://www.technord.com",
     ["applications", "services"], ["digitalisation", "smart-grids"],
     "Energiemanagement- und Digitalisierungslösungen.",
     "Energy management and digitalisation solutions."),
    ("john-cockerill", "John Cockerill", K.COMPANY, "wallonie", "Seraing",
     "https://johncockerill.com", ["applications"], ["hydrogen", "battery-storage", "smart-grids"],
     "Technologieanbieter; Mikrogridsystem MiRIS zur Produktion und Speicherung erneuerbarer Energie.",
     "Technology provider; MiRIS microgrid for producing and storing renewable energy."),
    ("crm-group", "CRM Group – Metallurgiezentrum", K.RESEARCH, "wallonie", "Liège",
     "https://www.crmgroup.be", ["research", "raw-materials", "recycling"], ["circular-economy"],
     "Forschungszentrum für Metallurgie.", "Metallurgy research centre."),
    ("beblue-cryotech", "V2I / BeBlue Cryotech S.A.", K.COMPANY, "wallonie", "Liège", "",
     ["applications"], ["hydrogen"], "Wasserstoffakteur aus der Wallonie.",
     "Hydrogen company from Wallonia."),
    ("materia-nova", "Materia Nova", K.RESEARCH, "wallonie", "Mons", "https://www.materianova.be",
     ["research", "active-materials"], [], "Forschungszentrum für Materialien.",
     "Materials research centre."),
]

# cluster slug, member slug, role
MEMBERSHIPS = [
    ("akkumulatoren-campus-zwickau", "stadt-zwickau-wirtschaftsfoerderung", "initiator"),
    ("akkumulatoren-campus-zwickau", "landkreis-zwickau", "initiator"),
    ("akkumulatoren-campus-zwickau", "ihk-chemnitz-zwickau", "initiator"),
    ("akkumulatoren-campus-zwickau", "volkswagen-sachsen", "initiator"),
    ("akkumulatoren-campus-zwickau", "whz", "partner"),
    ("akkumulatoren-campus-zwickau", "amz-sachsen", "partner"),
    ("amz-sachsen", "volkswagen-sachsen", "member"),
    ("amz-sachsen", "whz", "member"),
    ("cluster-elektromobilitaet-sued-west", "e-mobil-bw", "initiator"),
    ("cluster-elektromobilitaet-sued-west", "comemso", "member"),
    ("cluster-elektromobilitaet-sued-west", "coperion", "member"),
    ("cluster-elektromobilitaet-sued-west", "elringklinger", "member"),
    ("cluster-elektromobilitaet-sued-west", "konzelmann", "member"),
    ("cluster-elektromobilitaet-sued-west", "manz", "member"),
    ("cluster-elektromobilitaet-sued-west", "cara", "partner"),
    ("energy-saxony", "wirtschaftsfoerderung-sachsen", "partner"),
    ("tweed", "mitis", "member"),
    ("tweed", "ce-t-power", "member"),
    ("tweed", "jema", "member"),
    ("tweed", "technord", "member"),
    ("tweed", "john-cockerill", "member"),
    ("tweed", "crm-group", "member"),
    ("tweed", "beblue-cryotech", "member"),
    ("tweed", "materia-nova", "member"),
    ("tweed", "awex", "partner"),
]


# Search terms a visitor might type, by organisation.
KEYWORDS = {
    "akkumulatoren-campus-zwickau": "Batteriecampus, Netzwerktreffen, Lebenszyklus, Energiespeicher",
    "volkswagen-sachsen": "MEB, Elektrofahrzeuge, Fahrzeugwerk, Batteriemontage",
    "whz": "Fahrzeugtechnik, Energiespeicher, Batterieprüfung, Studium",
    "comemso": "BMS-Test, HIL, Ladesäulentest, Zellemulation",
    "coperion": "Extrusion, Elektrodenslurry, Trockenbeschichtung, Compoundierung",
    "elringklinger": "Zellkontaktiersystem, Zellgehäuse, Brennstoffzelle",
    "konzelmann": "Spritzguss, Zellrahmen, Kunststoffkomponenten",
    "manz": "Zellassemblierung, Stapeln, Laserbearbeitung, Produktionslinie",
    "mitis": "DC/DC-Wandler, Siliziumkarbid, Leistungswandler",
    "ce-t-power": "Wechselrichter, USV, Microgrid, netzunabhängig",
    "jema": "Ladegeräte, Stromrichter, Netzanbindung",
    "john-cockerill": "MiRIS, Mikrogrid, Elektrolyse, Wasserstoff",
    "crm-group": "Hydrometallurgie, Schwarzmasse, Stahl, Metallurgie",
    "materia-nova": "Beschichtungen, Plasma, Festkörperbatterie",
    "energy-saxony": "Smart Grids, Wasserstoff, Speicher, Energiewende",
}

# organisation slug, name, function, e-mail, phone, public consent (all fictional)
CONTACTS = [
    ("akkumulatoren-campus-zwickau", "Dr. Jana Beispiel", "Netzwerkmanagerin",
     "netzwerk@campus.demo.example", "+49 375 000 1001", True),
    ("akkumulatoren-campus-zwickau", "Tom Muster", "Projektassistenz",
     "assistenz@campus.demo.example", "", False),
    ("whz", "Prof. Dr. Lena Fiktiv", "Forschungsgruppe Energiespeicher",
     "energiespeicher@whz.demo.example", "+49 375 000 2002", True),
    ("comemso", "Felix Probe", "Vertrieb Testsysteme", "vertrieb@comemso.demo.example",
     "+49 711 000 3003", True),
    ("manz", "Sabine Anlage", "Business Development Batterie", "battery@manz.demo.example",
     "", True),
    ("tweed", "Luc Exemple", "Chargé de projets", "projets@tweed.demo.example",
     "+32 4 000 4004", True),
    ("cleantech-innovation-park", "Mara Platz", "Community-Management",
     "community@cip.demo.example", "", True),
]

# A representative who keeps WHZ's profile, and two people waiting to be confirmed (fictional).
REPRESENTATIVE = ("vertretung@demo.example", "demo-vertretung-2027", "Viktor", "Vertreter", "whz")
REQUESTS = [
    ("h.neumann@demo.example", "Hanna", "Neumann", "ihk-chemnitz-zwickau",
     "Referentin Industrie und Innovation"),
    ("p.richter@demo.example", "Paul", "Richter", "landkreis-zwickau",
     "Wirtschaftsförderung des Landkreises"),
]
# A draft that waits for the campus manager's decision.
PENDING_PROFILE = {
    "slug": "westsachsen-zellrecycling", "name": "Westsachsen Zellrecycling GmbH (Demo)",
    "kind": Organization.Kind.COMPANY, "region": "sachsen", "city": "Zwickau",
    "stages": ["second-life", "recycling"], "topics": ["circular-economy"],
    "de": "Fiktives Start-up: Prüfung gebrauchter Fahrzeugbatterien für ein zweites Leben als "
          "stationärer Speicher, Aufbereitung der übrigen Zellen für das Recycling.",
    "en": "Fictional start-up: testing used vehicle batteries for a second life as stationary "
          "storage, preparing the remaining cells for recycling.",
}


def _person(email, first, last, password=None):
    """A fictional demo person with a verified address (without password: cannot log in)."""
    User = get_user_model()
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=password, first_name=first,
                                        last_name=last)
    upsert(EmailAddress, {"verified": True, "primary": True}, user=user, email=email)
    return user


def seed_curation(organisations, stdout=None):
    """Contact persons, a representative, and work for the campus cluster manager's queue."""
    for slug, name, function, email, phone, consent in CONTACTS:
        upsert(ContactPerson, {"function": function, "email": email, "phone": phone,
                               "public_consent": consent},
               organization=organisations[slug], name=name)
    email, password, first, last, slug = REPRESENTATIVE
    representative = _person(email, first, last, password)
    upsert(Representative, {"status": Representative.Status.CONFIRMED},
           user=representative, organization=organisations[slug])
    # Only created once: if the demo manager decides it, a second seed leaves it decided.
    if not ProfileChangeRequest.objects.filter(organization=organisations[slug],
                                               requested_by=representative).exists():
        ProfileChangeRequest.objects.create(
            organization=organisations[slug], requested_by=representative, proposed={
                "phone": "+49 375 536 0",
                "keywords": "Fahrzeugtechnik, Energiespeicher, Batterieprüfung, Studium, "
                            "Batterierecycling, Weiterbildung",
                "description_de": "Hochschule mit Forschung zu Fahrzeugtechnik, Energiespeichern, "
                                  "Produktion und Batterierecycling; Weiterbildung für Fachkräfte "
                                  "der Region.",
            })
    for email, first, last, slug, message in REQUESTS:
        person = _person(email, first, last)
        if not Representative.objects.filter(user=person, organization=organisations[slug]).exists():
            Representative.objects.create(user=person, organization=organisations[slug],
                                          message=message)
    p = PENDING_PROFILE
    pending = Organization.objects.filter(slug=p["slug"]).first()
    if pending is None:
        pending = Organization.objects.create(
            slug=p["slug"], name=p["name"], kind=p["kind"], city=p["city"],
            region=Region.objects.get(slug=p["region"]), description_de=p["de"],
            description_en=p["en"], status=Organization.Status.PENDING)
        pending.stages.set(ValueChainStage.objects.filter(code__in=p["stages"]))
        pending.topics.set(Topic.objects.filter(code__in=p["topics"]))
        Membership.objects.create(organization=pending,
                                  cluster=organisations["akkumulatoren-campus-zwickau"],
                                  status=Membership.Status.ACTIVE)
    if stdout:
        stdout.write(f"  Representative of WHZ: {REPRESENTATIVE[0]} / {REPRESENTATIVE[1]}")


def seed(stdout=None) -> dict[str, Organization]:
    regions = {r.slug: r for r in Region.objects.all()}
    stages = {s.code: s for s in ValueChainStage.objects.all()}
    topics = {t.code: t for t in Topic.objects.all()}
    organisations = {}
    for (slug, name, kind, region, city, website, stage_codes, topic_codes, de, en) in ORGANISATIONS:
        organisation = upsert(Organization, slug=slug, defaults={
            "name": name, "kind": kind, "region": regions[region], "city": city,
            "website": website, "description_de": de, "description_en": en,
            "keywords": KEYWORDS.get(slug, ""), "status": Organization.Status.PUBLISHED,
        })
        organisation.stages.set([stages[c] for c in stage_codes])
        organisation.topics.set([topics[c] for c in topic_codes])
        organisations[slug] = organisation
    for cluster, member, role in MEMBERSHIPS:
        upsert(Membership, {"role": role, "status": Membership.Status.ACTIVE},
               cluster=organisations[cluster], organization=organisations[member])
    if stdout:
        stdout.write(f"Members: {len(organisations)} organisations, {len(MEMBERSHIPS)} memberships.")
    seed_curation(organisations, stdout=stdout)
    return organisations

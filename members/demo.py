"""Demo organisations and memberships, taken from the source documents in shared/seeds.

Names, places and roles come from the documents; descriptions are short summaries. Contact
persons are fictional. `seed()` is idempotent: it updates or creates by slug.
"""

from members.models import Membership, Organization, Region, Topic, ValueChainStage
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


def seed(stdout=None) -> dict[str, Organization]:
    regions = {r.slug: r for r in Region.objects.all()}
    stages = {s.code: s for s in ValueChainStage.objects.all()}
    topics = {t.code: t for t in Topic.objects.all()}
    organisations = {}
    for (slug, name, kind, region, city, website, stage_codes, topic_codes, de, en) in ORGANISATIONS:
        organisation = upsert(Organization, slug=slug, defaults={
            "name": name, "kind": kind, "region": regions[region], "city": city,
            "website": website, "description_de": de, "description_en": en,
            "status": Organization.Status.PUBLISHED,
        })
        organisation.stages.set([stages[c] for c in stage_codes])
        organisation.topics.set([topics[c] for c in topic_codes])
        organisations[slug] = organisation
    for cluster, member, role in MEMBERSHIPS:
        upsert(Membership, {"role": role},
               cluster=organisations[cluster], organization=organisations[member])
    if stdout:
        stdout.write(f"Members: {len(organisations)} organisations, {len(MEMBERSHIPS)} memberships.")
    return organisations

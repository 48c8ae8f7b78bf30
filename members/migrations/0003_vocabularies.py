"""The fixed vocabularies: value-chain stages (DESIGN.md), topics and regions."""

from django.db import migrations

STAGES = [
    # code, German, English, cross-cutting
    ("raw-materials", "Rohstoffe & Raffination", "Raw materials & refining", False),
    ("active-materials", "Aktivmaterialien & Zellkomponenten",
     "Active materials & cell components", False),
    ("cell-manufacturing", "Zellfertigung", "Cell manufacturing", False),
    ("modules-packs", "Module & Batteriesysteme", "Modules & battery packs", False),
    ("bms-power-electronics", "Batteriemanagement & Leistungselektronik",
     "Battery management & power electronics", False),
    ("production-equipment", "Produktionsanlagen & Automatisierung",
     "Production equipment & automation", False),
    ("testing", "Prüfung, Validierung & Zertifizierung",
     "Testing, validation & certification", False),
    ("applications", "Anwendung & Integration (Fahrzeug, stationäre Speicher)",
     "Applications & integration (vehicles, stationary storage)", False),
    ("second-life", "Second Life & Wiederverwendung", "Second life & reuse", False),
    ("recycling", "Recycling", "Recycling", False),
    ("research", "Forschung & Entwicklung", "Research & development", True),
    ("training", "Aus- & Weiterbildung", "Education & training", True),
    ("services", "Dienstleistung & Beratung", "Services & consulting", True),
]

TOPICS = [
    ("hydrogen", "Wasserstoff", "Hydrogen"),
    ("smart-grids", "Smart Grids", "Smart grids"),
    ("battery-storage", "Batteriespeicher", "Battery storage"),
    ("charging", "Ladeinfrastruktur", "Charging infrastructure"),
    ("power-electronics", "Leistungselektronik", "Power electronics"),
    ("digitalisation", "Digitalisierung", "Digitalisation"),
    ("training", "Fachkräfte & Qualifizierung", "Skills & training"),
    ("e-mobility", "Elektromobilität", "Electric mobility"),
    ("circular-economy", "Kreislaufwirtschaft", "Circular economy"),
    ("co2-neutral-production", "CO2-neutrale Produktion", "Carbon-neutral production"),
    ("transformation", "Transformation der Zulieferindustrie",
     "Transformation of the supplier industry"),
    ("internationalisation", "Internationalisierung", "Internationalisation"),
]

REGIONS = [
    ("sachsen", "Sachsen", "Saxony", "DE"),
    ("baden-wuerttemberg", "Baden-Württemberg", "Baden-Württemberg", "DE"),
    ("bayern", "Bayern", "Bavaria", "DE"),
    ("thueringen", "Thüringen", "Thuringia", "DE"),
    ("sachsen-anhalt", "Sachsen-Anhalt", "Saxony-Anhalt", "DE"),
    ("brandenburg", "Brandenburg", "Brandenburg", "DE"),
    ("berlin", "Berlin", "Berlin", "DE"),
    ("niedersachsen", "Niedersachsen", "Lower Saxony", "DE"),
    ("nordrhein-westfalen", "Nordrhein-Westfalen", "North Rhine-Westphalia", "DE"),
    ("auvergne-rhone-alpes", "Auvergne-Rhône-Alpes", "Auvergne-Rhône-Alpes", "FR"),
    ("wallonie", "Wallonie", "Wallonia", "BE"),
    ("noord-brabant", "Nordbrabant", "North Brabant", "NL"),
    ("katalonien", "Katalonien", "Catalonia", "ES"),
    ("lombardei", "Lombardei", "Lombardy", "IT"),
]


def load(apps, schema_editor):
    Stage = apps.get_model("members", "ValueChainStage")
    Topic = apps.get_model("members", "Topic")
    Region = apps.get_model("members", "Region")
    for position, (code, de, en, cross) in enumerate(STAGES, start=1):
        Stage.objects.update_or_create(code=code, defaults={
            "position": position, "name_de": de, "name_en": en, "cross_cutting": cross})
    for code, de, en in TOPICS:
        Topic.objects.update_or_create(code=code, defaults={"name_de": de, "name_en": en})
    for slug, de, en, country in REGIONS:
        Region.objects.update_or_create(slug=slug, defaults={
            "name_de": de, "name_en": en, "country": country})


def unload(apps, schema_editor):
    apps.get_model("members", "ValueChainStage").objects.filter(
        code__in=[s[0] for s in STAGES]).delete()
    apps.get_model("members", "Topic").objects.filter(code__in=[t[0] for t in TOPICS]).delete()
    apps.get_model("members", "Region").objects.filter(slug__in=[r[0] for r in REGIONS]).delete()


class Migration(migrations.Migration):
    dependencies = [("members", "0002_initial")]
    operations = [migrations.RunPython(load, unload)]

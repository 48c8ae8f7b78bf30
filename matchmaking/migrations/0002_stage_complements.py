"""The complementarity of value-chain stages the suggestions start from (curators adjust it)."""

from django.db import migrations

# offered stage, meets the stage of, weight, reason (German), reason (English)
COMPLEMENTS = [
    ("raw-materials", "active-materials", 2,
     "Aktivmaterialien entstehen aus raffinierten Rohstoffen",
     "Active materials are made from refined raw materials"),
    ("active-materials", "cell-manufacturing", 3,
     "Zellfertiger brauchen Aktivmaterialien und Zellkomponenten",
     "Cell makers need active materials and cell components"),
    ("production-equipment", "cell-manufacturing", 3,
     "Zellfertiger brauchen Produktionsanlagen",
     "Cell makers need production equipment"),
    ("testing", "cell-manufacturing", 2,
     "Zellfertiger brauchen Prüfung und Validierung",
     "Cell makers need testing and validation"),
    ("production-equipment", "active-materials", 2,
     "Materialhersteller brauchen Anlagen und Automatisierung",
     "Material makers need equipment and automation"),
    ("cell-manufacturing", "modules-packs", 3,
     "Modul- und Systemhersteller verbauen Zellen",
     "Module and pack makers build cells in"),
    ("bms-power-electronics", "modules-packs", 3,
     "Batteriesysteme brauchen Batteriemanagement und Leistungselektronik",
     "Battery packs need battery management and power electronics"),
    ("production-equipment", "modules-packs", 2,
     "Modul- und Systemhersteller brauchen Montage- und Automatisierungstechnik",
     "Module and pack makers need assembly and automation equipment"),
    ("testing", "modules-packs", 2,
     "Module und Systeme müssen geprüft und zertifiziert werden",
     "Modules and packs must be tested and certified"),
    ("modules-packs", "applications", 3,
     "Fahrzeuge und Speicher brauchen Batteriesysteme",
     "Vehicles and storage need battery packs"),
    ("bms-power-electronics", "applications", 2,
     "Integration braucht Leistungselektronik",
     "Integration needs power electronics"),
    ("testing", "applications", 2,
     "Integrierte Systeme müssen validiert werden",
     "Integrated systems must be validated"),
    ("applications", "second-life", 2,
     "Aus Fahrzeugen und Speichern kommen Batterien für ein zweites Leben",
     "Vehicles and storage return batteries for a second life"),
    ("second-life", "recycling", 3,
     "Recycler nehmen, was aus dem Second Life zurückkommt",
     "Recyclers take what second life returns"),
    ("applications", "recycling", 2,
     "Recycler nehmen Altbatterien aus Fahrzeugen und Speichern",
     "Recyclers take spent batteries from vehicles and storage"),
    ("testing", "second-life", 2,
     "Für ein zweites Leben muss der Zustand der Batterie geprüft werden",
     "A second life needs the battery's state of health tested"),
    ("recycling", "raw-materials", 3,
     "Recycling liefert Sekundärrohstoffe für die Raffination",
     "Recycling supplies secondary raw materials for refining"),
    ("recycling", "active-materials", 2,
     "Rezyklate fließen in neue Aktivmaterialien",
     "Recycled materials go into new active materials"),
    ("research", "cell-manufacturing", 1,
     "Zellfertiger arbeiten mit der Forschung an neuen Zellchemien",
     "Cell makers work with research on new cell chemistries"),
    ("research", "recycling", 1,
     "Recycling braucht Forschung zu neuen Verfahren",
     "Recycling needs research on new processes"),
    ("training", "cell-manufacturing", 1,
     "Zellfertiger brauchen Fachkräfte",
     "Cell makers need skilled staff"),
    ("services", "applications", 1,
     "Integrationsprojekte brauchen Beratung",
     "Integration projects need consulting"),
]


def load(apps, schema_editor):
    Stage = apps.get_model("members", "ValueChainStage")
    Complement = apps.get_model("matchmaking", "StageComplement")
    stages = {stage.code: stage for stage in Stage.objects.all()}
    for offered, meets, weight, reason_de, reason_en in COMPLEMENTS:
        if offered in stages and meets in stages:
            Complement.objects.update_or_create(
                offered=stages[offered], meets=stages[meets],
                defaults={"weight": weight, "reason_de": reason_de, "reason_en": reason_en})


def unload(apps, schema_editor):
    Complement = apps.get_model("matchmaking", "StageComplement")
    for offered, meets, *_rest in COMPLEMENTS:
        Complement.objects.filter(offered__code=offered, meets__code=meets).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("matchmaking", "0001_offers_needs_introductions"),
        ("members", "0003_vocabularies"),
    ]

    operations = [migrations.RunPython(load, unload)]

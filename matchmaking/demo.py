"""Demo offers and needs, and one introduction waiting for the demo cluster manager.

Runs after the demo accounts (the introduction goes to the managers of Volkswagen Sachsen's
clusters). Idempotent: offers and needs are set to the same values, the introduction is asked
only once."""

from django.contrib.auth import get_user_model

from matchmaking import services
from matchmaking.models import Introduction
from members.models import Organization

# slug: (offered stages, offered topics, offer text, sought stages, sought topics, need text)
INTERESTS = {
    "whz": (["testing", "research", "training"], ["training"],
            "Batterieprüfstände, Studienprojekte und Absolventen der Fahrzeugtechnik.",
            ["cell-manufacturing", "production-equipment"], ["digitalisation"],
            "Industriepartner für Forschungsprojekte zur Zellfertigung."),
    "manz": (["production-equipment"], ["digitalisation"],
             "Anlagen für Zellassemblierung und Modulmontage.",
             ["testing", "research"], [], "Partner für die Validierung neuer Prozesse."),
    "comemso": (["testing", "bms-power-electronics"], ["charging"],
                "BMS-Test und Zellemulation.", ["modules-packs"], [],
                "Hersteller von Batteriesystemen für gemeinsame Prüfprojekte."),
    "volkswagen-sachsen": (["applications"], ["e-mobility"],
                           "Fahrzeugwerk mit Batteriemontage.",
                           ["modules-packs", "bms-power-electronics", "recycling"],
                           ["circular-economy"], "Zulieferer und Recyclingpartner in der Region."),
    "elringklinger": (["modules-packs"], ["e-mobility"], "Zellkontaktiersysteme und Gehäuse.",
                      ["cell-manufacturing", "testing"], [], "Zellen und Prüfkapazität."),
    "crm-group": (["recycling", "raw-materials"], ["circular-economy"],
                  "Hydrometallurgie für Schwarzmasse.", ["second-life", "applications"], [],
                  "Rücklauf von Altbatterien aus Fahrzeugen und Speichern."),
}

INTRODUCTION = ("vertretung@demo.example", "volkswagen-sachsen", "whz",
                "Guten Tag, wir bauen an der Westsächsischen Hochschule einen Prüfstand für "
                "Batteriemodule auf und suchen Praxispartner aus der Fahrzeugmontage. Hätten Sie "
                "Interesse an einem kurzen Gespräch?")


def seed(stdout=None) -> None:
    organisations = {o.slug: o for o in Organization.objects.filter(slug__in=[*INTERESTS,
                                                                                INTRODUCTION[1]])}
    admin = get_user_model().objects.filter(email="admin@demo.example").first()
    for slug, (o_stages, o_topics, o_text, s_stages, s_topics, s_text) in INTERESTS.items():
        if slug in organisations:
            services.save_interests(
                organisations[slug], by=admin,
                offers={"stages": o_stages, "topics": o_topics, "text": o_text},
                needs={"stages": s_stages, "topics": s_topics, "text": s_text})
    email, target, on_behalf_of, message = INTRODUCTION
    asker = get_user_model().objects.filter(email=email).first()
    if asker and target in organisations and not Introduction.objects.filter(
            requested_by=asker, organization=organisations[target]).exists():
        services.request_introduction(
            organisations[target], by=asker, message=message,
            on_behalf_of=Organization.objects.filter(slug=on_behalf_of).first())
    if stdout:
        stdout.write(f"Matchmaking: offers and needs of {len(INTERESTS)} organisations, "
                     "one introduction waiting for the cluster manager.")

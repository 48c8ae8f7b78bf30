"""Demo offers and needs, and one introduction waiting for the demo cluster manager.

Runs after the demo accounts (the introduction goes to the managers of Volkswagen Sachsen's
clusters). Idempotent: offers and needs are set to the same values, the introduction is asked
only once."""

from zoneinfo import ZoneInfo

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


# B2B meetings ---------------------------------------------------------------------------------

BATTERY_SHOW = "messerundgang-battery-show-europe-2023"
EXCHANGE_STOP = "Austausch zum baden-württembergischen Batterie-Ökosystem: der Standort"
# The French delegation (accepted applicants) and the German hosts' people (fictional).
DELEGATES = [("amelie.durand@demo.example", "Amélie", "Durand", "Cellules Rhône SAS (fictif)"),
             ("lucas.bernard@demo.example", "Lucas", "Bernard", "Machines Savoie SARL (fictif)"),
             ("chloe.petit@demo.example", "Chloé", "Petit", "Stockage Alpes SA (fictif)")]
HOSTS = [("jana.keller@demo.example", "Jana", "Keller", "comemso"),
         ("felix.wagner@demo.example", "Felix", "Wagner", "manz"),
         ("nina.schuster@demo.example", "Nina", "Schuster", "elringklinger")]
# What the delegates (free-text organisations, no profile) offer and seek at the exchange:
# (offered stages, sought stages), refined for the meetings.
DELEGATE_INTERESTS = [(["cell-manufacturing"], ["production-equipment", "testing"]),
                      (["production-equipment"], ["cell-manufacturing", "modules-packs"]),
                      (["applications", "second-life"], ["modules-packs",
                                                          "bms-power-electronics"])]
# The same for the reception's first participants, in order.
CLEANTECH_INTERESTS = [(["research", "testing"], ["cell-manufacturing", "recycling"]),
                       (["production-equipment"], ["testing", "bms-power-electronics"]),
                       (["bms-power-electronics", "testing"], ["production-equipment"]),
                       (["recycling"], ["research", "second-life"])]
CLEANTECH = "netzwerkempfang-cleantech-2027"
# Confirmed registrations of the reception that take part, with the organisation they come for.
CLEANTECH_PEOPLE = 4  # the first confirmed registrations get an account and take part


def _interests(offers, seeks) -> dict:
    """Offers and needs for meetings.opt_in from stage codes."""
    from members.models import ValueChainStage

    pks = dict(ValueChainStage.objects.values_list("code", "pk"))
    return {"offer_stages": [pks[code] for code in offers if code in pks],
            "seek_stages": [pks[code] for code in seeks if code in pks]}


def _demo_user(email, first, last, language="de"):
    from allauth.account.models import EmailAddress

    from network_portal.demo import upsert

    User = get_user_model()
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=None, first_name=first,
                                        last_name=last, language=language)
    upsert(EmailAddress, {"verified": True, "primary": True}, user=user, email=email)
    return user


def seed_meetings(stdout=None) -> None:
    """The French delegation's exchange with German companies at the Battery Show Europe (May
    2023: meetings held, one declined, one expired) and the Cleantech reception 2027 (one
    meeting booked, one request waiting for Viktor Vertreter, one declined). Idempotent."""
    from datetime import datetime, time, timedelta

    from delegations.models import Application, ItineraryStop
    from events.models import Event, Registration
    from matchmaking import meetings
    from matchmaking.models import Meeting, MeetingSetup
    from members.models import Representative
    from network_portal.demo import upsert

    BERLIN = ZoneInfo("Europe/Berlin")

    organiser = get_user_model().objects.filter(email="wirtschaftsfoerderung@demo.example").first()
    stop = (ItineraryStop.objects.filter(trip__slug=BATTERY_SHOW, title_de=EXCHANGE_STOP)
            .select_related("trip").first())
    if organiser and stop and not MeetingSetup.objects.filter(trip=stop.trip).exists():
        trip = stop.trip
        day = stop.date
        before = datetime.combine(day - timedelta(days=3), time(9), tzinfo=BERLIN)
        # The trip is over: the services run with the time of then (`now`). The meetings are
        # the trip's (the exchange day's block), so the hosts of its fair tours take part.
        setup = meetings.save_setup(
            by=organiser, trip=trip, slot_minutes=20, tables=3, needs_acceptance=True,
            expiry_hours=24, blocks=[(datetime.combine(day, time(16, 30), tzinfo=BERLIN),
                                      datetime.combine(day, time(18, 30), tzinfo=BERLIN))])
        delegates = []
        for email, first, last, name in DELEGATES:
            user = _demo_user(email, first, last, language="en")
            upsert(Application, {"organisation_name": name, "status": Application.Status.ACCEPTED,
                                 "language": "en", "public_consent": True},
                   trip=trip, user=user)
            delegates.append(user)
        hosts = []
        organisations = {o.slug: o for o in Organization.objects.filter(
            slug__in=[slug for *_rest, slug in HOSTS])}
        for email, first, last, slug in HOSTS:
            if slug not in organisations:
                continue
            user = _demo_user(email, first, last)
            upsert(Representative, {"status": Representative.Status.CONFIRMED},
                   user=user, organization=organisations[slug])
            hosts.append(user)
        for person, (offers, seeks) in zip(delegates, DELEGATE_INTERESTS, strict=True):
            meetings.opt_in(setup, by=person, interests=_interests(offers, seeks))
        for person in hosts:
            meetings.opt_in(setup, by=person)
        people = {p.user_id: p for p in setup.participants.all()}
        slots = list(setup.slots.all())
        plan = [(delegates[0], hosts[0], "accept", 0), (delegates[1], hosts[1], "accept", 1),
                (delegates[2], hosts[0], "accept", 2), (delegates[1], hosts[2], "decline", None),
                (delegates[2], hosts[2], "expire", None)] if len(hosts) == 3 else []
        for asker, asked, outcome, slot in plan:
            meeting = meetings.request_meeting(
                setup, by=asker, invitee=people[asked.pk], now=before,
                message="Bonjour, nous aimerions vous présenter notre entreprise – 20 minutes ?")
            if outcome == "accept":
                meetings.answer_meeting(meeting, by=asked, accept=True, slot=slots[slot],
                                        now=before + timedelta(hours=2))
            elif outcome == "decline":
                meetings.answer_meeting(meeting, by=asked, accept=False,
                                        now=before + timedelta(hours=2))
        meetings.expire_due_requests(now=before + timedelta(days=2))

    event = Event.objects.filter(slug=CLEANTECH).first()
    if organiser and event and not MeetingSetup.objects.filter(event=event).exists():
        start = event.starts_at.astimezone(BERLIN).replace(hour=18, minute=0)
        setup = meetings.save_setup(by=organiser, event=event, slot_minutes=15, tables=4,
                                    needs_acceptance=True, expiry_hours=72,
                                    blocks=[(start, start + timedelta(minutes=90))])
        registrations = list(event.registrations.filter(status=Registration.Status.CONFIRMED)
                             .order_by("created_at", "pk")[:CLEANTECH_PEOPLE])
        users = []
        for registration, (offers, seeks) in zip(registrations, CLEANTECH_INTERESTS, strict=False):
            first, _sep, last = registration.name.partition(" ")
            user = _demo_user(registration.email, first, last)
            # Only the account is linked: the events demo owns the registration's other fields.
            Registration.objects.filter(pk=registration.pk).update(user=user)
            meetings.opt_in(setup, by=user, interests=_interests(offers, seeks))
            users.append(user)
        if len(users) == 4:
            people = {p.user_id: p for p in setup.participants.all()}
            slots = list(setup.slots.all())
            booked = meetings.request_meeting(
                setup, by=users[2], invitee=people[users[1].pk],
                message="Wir testen BMS – passt das zu Ihren Anlagen?")
            meetings.answer_meeting(booked, by=users[1], accept=True, slot=slots[1])
            meetings.request_meeting(
                setup, by=users[3], invitee=people[users[0].pk],
                message="Guten Abend, wir suchen Forschungspartner für das Recycling von "
                        "Zellen. Hätten Sie 15 Minuten?")
            declined = meetings.request_meeting(setup, by=users[3], invitee=people[users[1].pk],
                                                message="Kurzes Kennenlernen?")
            meetings.answer_meeting(declined, by=users[1], accept=False)
    if stdout:
        stdout.write(f"B2B meetings: {MeetingSetup.objects.count()} set up, "
                     f"{Meeting.objects.count()} requests.")

"""A person's applications in their data download (the deletion: portal/tests/test_account_deletion.py)."""

from delegations import privacy, services


def test_the_download_holds_the_applications(trip, person):
    services.apply(trip, person, organisation_name="ACME", interests="Zellchemie",
                   travel_needs="vegetarisch", public_consent=True)

    [application] = privacy.export(person)["applications"]

    assert application["trip"] == trip.title_de
    assert application["organisation"] == "ACME"
    assert application["interests"] == "Zellchemie" and application["travel_needs"] == "vegetarisch"

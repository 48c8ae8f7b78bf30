"""Contact persons: kept by the representatives, shown only with consent."""

from django.urls import reverse

from members import services
from members.models import (
    ProfileChange,
)


def contact_post(prefix_rows, total, initial):
    data = {"contacts-TOTAL_FORMS": str(total), "contacts-INITIAL_FORMS": str(initial),
            "contacts-MIN_NUM_FORMS": "0", "contacts-MAX_NUM_FORMS": "20"}
    for index, row in enumerate(prefix_rows):
        for key, value in row.items():
            data[f"contacts-{index}-{key}"] = value
    return data


def test_a_representative_adds_changes_and_removes_contact_persons(client, org_a, representative):
    from members.tests.factories import ContactPersonFactory

    old = ContactPersonFactory(organization=org_a, name="Alt Kontakt")
    keep = ContactPersonFactory(organization=org_a, name="Bleibt", public_consent=False)
    client.force_login(representative)
    url = reverse("members:contacts", args=[org_a.slug])
    assert client.get(url).status_code == 200

    response = client.post(url, contact_post([
        {"id": old.pk, "name": old.name, "email": old.email, "DELETE": "on"},
        {"id": keep.pk, "name": "Bleibt", "function": "Leitung", "email": keep.email,
         "public_consent": "on"},
        {"name": "Neu Kontakt", "email": "neu@example.com"},
    ], total=3, initial=2))

    assert response.status_code == 302
    assert sorted(org_a.contacts.values_list("name", "function", "public_consent")) == [
        ("Bleibt", "Leitung", True), ("Neu Kontakt", "", False)]
    assert ProfileChange.objects.filter(organization=org_a, field="contacts").count() == 3


def test_others_cannot_manage_contact_persons(client, org_b, representative):
    client.force_login(representative)

    assert client.get(reverse("members:contacts", args=[org_b.slug])).status_code == 403


def test_showing_the_contact_form_leaves_the_service_fields_alone(client, org_a, representative):
    client.force_login(representative)
    client.get(reverse("members:contacts", args=[org_a.slug]))

    services.save_contacts(org_a, by=representative, rows=[
        {"id": None, "name": "Neu", "function": "", "email": "", "phone": "",
         "public_consent": False}])

    assert services.CONTACT_FIELDS == ("name", "function", "email", "phone", "public_consent")
    assert org_a.contacts.get().name == "Neu"

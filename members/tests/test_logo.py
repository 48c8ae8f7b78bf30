import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from members import services
from members.models import Organization, ProfileChange, ProfileChangeRequest
from network_portal.models import OutgoingEmail


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def image(fmt="PNG", size=(1200, 600), name="logo.png"):
    buffer = io.BytesIO()
    Image.new("RGB", size, (11, 110, 79)).save(buffer, format=fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def draft(org_a):
    Organization.objects.filter(pk=org_a.pk).update(status=Organization.Status.DRAFT)
    org_a.refresh_from_db()
    return org_a


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP"])
def test_a_representative_uploads_a_logo_that_is_resized(client, draft, representative, fmt):
    org_a = draft
    client.force_login(representative)

    response = client.post(reverse("members:upload_logo", args=[org_a.slug]),
                           {"logo": image(fmt, name="logo.bin")})

    assert response.status_code == 302
    org_a.refresh_from_db()
    with Image.open(org_a.logo.path) as stored:
        assert stored.format == "PNG" and stored.size == (400, 200)
    assert ProfileChange.objects.get(organization=org_a).field == "logo"


def test_the_logo_is_served_for_a_published_profile(client, org_a, cluster_manager):
    services.set_logo(org_a, image(), by=cluster_manager)

    response = client.get(reverse("members:logo", args=[org_a.slug]))

    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert 'src="/members/anoden-ag/logo/"' in client.get(org_a.get_absolute_url()).content.decode()


def test_the_logo_of_a_draft_is_hidden_from_the_public(client, draft, representative):
    services.set_logo(draft, image(), by=representative)
    url = reverse("members:logo", args=[draft.slug])

    assert client.get(url).status_code == 404
    client.force_login(representative)
    response = client.get(url)
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("upload", [
    SimpleUploadedFile("logo.png", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "image/png"),
    SimpleUploadedFile("logo.png", b"GIF89a" + b"\x00" * 50, "image/png"),
    image("GIF", name="logo.png"),
    image("BMP", size=(100, 100), name="logo.jpg"),
])
def test_files_that_are_not_png_jpeg_or_webp_are_refused_whatever_their_name(
        client, org_a, representative, upload):
    client.force_login(representative)

    response = client.post(reverse("members:upload_logo", args=[org_a.slug]), {"logo": upload})

    assert response.status_code == 400
    assert "PNG-, JPEG- oder WebP-Bild" in response.content.decode()
    org_a.refresh_from_db()
    assert not org_a.logo


def test_files_over_2_mb_are_refused(org_a, representative):
    big = SimpleUploadedFile("logo.png", b"\x89PNG" + b"0" * (2 * 1024 * 1024), "image/png")

    with pytest.raises(services.CurationError, match="2 MB"):
        services.set_logo(org_a, big, by=representative)


def test_others_cannot_upload(client, org_b, representative):
    client.force_login(representative)

    response = client.post(reverse("members:upload_logo", args=[org_b.slug]), {"logo": image()})

    assert response.status_code == 403


# A published profile's new logo goes through the change request --------------------------------

def upload(client, organisation, fmt="PNG"):
    return client.post(reverse("members:upload_logo", args=[organisation.slug]),
                       {"logo": image(fmt, name="logo.jpg")})


def test_a_representatives_logo_for_a_published_profile_waits_for_review(
        client, org_a, representative, cluster_manager):
    client.force_login(representative)

    response = upload(client, org_a)

    assert response.status_code == 302
    org_a.refresh_from_db()
    assert not org_a.logo
    change_request = ProfileChangeRequest.objects.get(organization=org_a)
    assert change_request.proposed == {} and change_request.field_count == 1
    with Image.open(change_request.proposed_logo.path) as proposed:
        assert proposed.format == "PNG" and proposed.size == (400, 200)
    assert not ProfileChange.objects.exists()
    email = OutgoingEmail.objects.get(to=cluster_manager.email)
    assert f"/members/curation/changes/{change_request.pk}/" in email.body_text
    assert client.get(reverse("members:logo", args=[org_a.slug])).status_code == 404


def test_the_reviewer_and_the_requester_see_the_proposed_logo_nobody_else(
        client, org_a, representative, cluster_manager, other_manager, member):
    change_request = services.set_logo(org_a, image(), by=representative)
    url = reverse("members:proposed_logo", args=[change_request.pk])

    assert client.get(url).status_code == 302  # to the login
    for user, status in [(member, 403), (other_manager, 403), (representative, 200),
                         (cluster_manager, 200)]:
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == status, user
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "private, no-store"
    page = client.get(reverse("members:review", args=[change_request.pk])).content.decode()
    assert f'src="{url}"' in page and "Vorgeschlagenes Logo" in page


def test_approving_the_logo_puts_it_on_the_profile(
        client, org_a, representative, cluster_manager, django_capture_on_commit_callbacks):
    change_request = services.set_logo(org_a, image(), by=representative)
    proposed_path = change_request.proposed_logo.path
    client.force_login(cluster_manager)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("members:review", args=[change_request.pk]), {"decision": "approve"})

    org_a.refresh_from_db()
    with Image.open(org_a.logo.path) as stored:
        assert stored.size == (400, 200)
    change = ProfileChange.objects.get(organization=org_a, field="logo")
    assert (change.changed_by, change.change_request) == (cluster_manager, change_request)
    change_request.refresh_from_db()
    assert change_request.status == ProfileChangeRequest.Status.APPROVED
    assert not change_request.proposed_logo
    assert not os.path.exists(proposed_path)
    email = OutgoingEmail.objects.get(to=representative.email)
    assert "are published" in email.subject and "Logo: new logo" in email.body_text
    assert client.get(reverse("members:logo", args=[org_a.slug])).status_code == 200


def test_rejecting_the_logo_keeps_the_old_one_and_discards_the_new(
        client, org_a, representative, cluster_manager, django_capture_on_commit_callbacks):
    services.set_logo(org_a, image(size=(100, 100)), by=cluster_manager)
    org_a.refresh_from_db()
    old_logo = org_a.logo.name
    change_request = services.set_logo(org_a, image(), by=representative)
    proposed_path = change_request.proposed_logo.path
    client.force_login(cluster_manager)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("members:review", args=[change_request.pk]),
                    {"decision": "reject", "comment": "Bitte das Logo mit Schriftzug."})

    org_a.refresh_from_db()
    assert org_a.logo.name == old_logo
    assert not os.path.exists(proposed_path)
    change_request.refresh_from_db()
    assert change_request.status == ProfileChangeRequest.Status.REJECTED
    assert not change_request.proposed_logo
    assert ProfileChange.objects.filter(organization=org_a, field="logo").count() == 1
    assert "Bitte das Logo mit Schriftzug." in OutgoingEmail.objects.get(
        to=representative.email).body_text


def test_a_curator_replaces_a_published_logo_at_once(client, org_a, cluster_manager):
    client.force_login(cluster_manager)

    upload(client, org_a)

    org_a.refresh_from_db()
    assert org_a.logo
    assert not ProfileChangeRequest.objects.exists()


def test_the_admin_checks_and_resizes_logos_too(client, admin_user, org_a):
    client.force_login(admin_user)
    url = reverse("admin:members_organization_change", args=[org_a.pk])
    data = {"name": org_a.name, "slug": org_a.slug, "kind": org_a.kind, "status": org_a.status,
            "memberships-TOTAL_FORMS": "0", "memberships-INITIAL_FORMS": "0",
            "contacts-TOTAL_FORMS": "0", "contacts-INITIAL_FORMS": "0"}

    refused = client.post(url, {**data, "logo": image("GIF", name="logo.png")})
    accepted = client.post(url, {**data, "logo": image("JPEG", name="logo.jpg")})

    assert refused.status_code == 200 and "PNG-, JPEG- oder WebP-Bild" in refused.content.decode()
    assert accepted.status_code == 302
    org_a.refresh_from_db()
    with Image.open(org_a.logo.path) as stored:
        assert stored.format == "PNG" and stored.size == (400, 200)


# Through the real upload view: refused with the message, nothing changed ---------------------

def big_png() -> SimpleUploadedFile:
    """A valid PNG over 2 MB: random pixels do not compress."""
    pixels = Image.frombytes("RGB", (1000, 800), os.urandom(1000 * 800 * 3))
    buffer = io.BytesIO()
    pixels.save(buffer, format="PNG")
    assert buffer.tell() > services.LOGO_MAX_BYTES
    return SimpleUploadedFile("logo.png", buffer.getvalue(), content_type="image/png")


def assert_nothing_changed(organisation):
    organisation.refresh_from_db()
    assert not organisation.logo
    assert not ProfileChange.objects.filter(organization=organisation).exists()
    assert not ProfileChangeRequest.objects.exists()
    assert not OutgoingEmail.objects.exists()


@pytest.mark.parametrize("status", [Organization.Status.DRAFT, Organization.Status.PUBLISHED])
def test_a_valid_png_over_2_mb_is_refused_by_the_upload_view(client, org_a, representative,
                                                            status):
    Organization.objects.filter(pk=org_a.pk).update(status=status)
    client.force_login(representative)

    response = client.post(reverse("members:upload_logo", args=[org_a.slug]),
                           {"logo": big_png()})

    assert response.status_code == 400
    assert "Das Logo darf höchstens 2 MB groß sein." in response.content.decode()
    assert_nothing_changed(org_a)


@pytest.mark.parametrize("status", [Organization.Status.DRAFT, Organization.Status.PUBLISHED])
def test_a_pdf_renamed_to_png_is_refused_by_the_upload_view(client, org_a, representative,
                                                           status):
    Organization.objects.filter(pk=org_a.pk).update(status=status)
    pdf = SimpleUploadedFile("logo.png", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"
                             b"trailer\n<<>>\n%%EOF\n", content_type="image/png")
    client.force_login(representative)

    response = client.post(reverse("members:upload_logo", args=[org_a.slug]), {"logo": pdf})

    assert response.status_code == 400
    assert "PNG-, JPEG- oder WebP-Bild" in response.content.decode()
    assert_nothing_changed(org_a)


# Pixel bombs and oversized bodies ------------------------------------------------------------

def png_declaring(width: int, height: int) -> SimpleUploadedFile:
    """A real, tiny PNG of a huge black image (1 bit per pixel, zeros compress to almost nothing)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    row = b"\x00" * (1 + (width + 7) // 8)  # filter byte + one bit per pixel
    compressor = zlib.compressobj(9)
    idat = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    data = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0))
            + chunk(b"IDAT", idat) + chunk(b"IEND", b""))
    assert len(data) < services.LOGO_MAX_BYTES
    return SimpleUploadedFile("logo.png", data, content_type="image/png")


@pytest.mark.parametrize("width,height", [
    (30_000, 30_000),  # 900 MP: Pillow itself refuses it when reading the header
    (5_000, 4_000),    # 20 MP: over the portal's 16 MP
])
def test_a_pixel_bomb_is_refused_as_too_large_not_as_not_an_image(client, org_a, representative,
                                                                   width, height):
    client.force_login(representative)

    response = client.post(reverse("members:upload_logo", args=[org_a.slug]),
                           {"logo": png_declaring(width, height)})

    assert response.status_code == 400
    html = response.content.decode()
    assert "Das Logobild ist zu groß: höchstens 16 Megapixel" in html
    assert "PNG-, JPEG- oder WebP-Bild" not in html
    assert_nothing_changed(org_a)


def test_a_logo_of_16_megapixels_is_accepted(org_a, cluster_manager):
    services.set_logo(org_a, png_declaring(4_000, 4_000), by=cluster_manager)

    org_a.refresh_from_db()
    with Image.open(org_a.logo.path) as stored:
        assert stored.size == (400, 400)


def test_a_30_mb_upload_is_cut_off_at_the_limit_without_reading_the_body(
        client, org_a, representative, monkeypatch):
    from django.test.client import FakePayload

    read = []
    original = FakePayload.read

    def counting_read(self, *args):
        data = original(self, *args)
        read.append(len(data))
        return data

    monkeypatch.setattr(FakePayload, "read", counting_read)
    client.force_login(representative)
    huge = SimpleUploadedFile("logo.png", b"\x89PNG" + b"0" * (30 * 1024 * 1024), "image/png")

    response = client.post(reverse("members:upload_logo", args=[org_a.slug]), {"logo": huge})

    assert response.status_code == 400
    html = response.content.decode()
    assert "Was Sie gesendet haben, ist zu groß" in html and "3,0\xa0MB" in html
    assert 'id="main"' in html  # the portal's layout
    assert sum(read) < 1024 * 1024, "the body was read although its length said it is too large"
    assert_nothing_changed(org_a)

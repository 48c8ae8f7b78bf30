import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from members import services
from members.models import Organization, ProfileChange


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def image(fmt="PNG", size=(1200, 600), name="logo.png"):
    buffer = io.BytesIO()
    Image.new("RGB", size, (11, 110, 79)).save(buffer, format=fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP"])
def test_a_representative_uploads_a_logo_that_is_resized(client, org_a, representative, fmt):
    client.force_login(representative)

    response = client.post(reverse("members:upload_logo", args=[org_a.slug]),
                           {"logo": image(fmt, name="logo.bin")})

    assert response.status_code == 302
    org_a.refresh_from_db()
    with Image.open(org_a.logo.path) as stored:
        assert stored.format == "PNG" and stored.size == (400, 200)
    assert ProfileChange.objects.get(organization=org_a).field == "logo"


def test_the_logo_is_served_for_a_published_profile(client, org_a, representative):
    services.set_logo(org_a, image(), by=representative)

    response = client.get(reverse("members:logo", args=[org_a.slug]))

    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert 'src="/members/anoden-ag/logo/"' in client.get(org_a.get_absolute_url()).content.decode()


def test_the_logo_of_a_draft_is_hidden_from_the_public(client, org_a, representative):
    services.set_logo(org_a, image(), by=representative)
    Organization.objects.filter(pk=org_a.pk).update(status=Organization.Status.DRAFT)

    assert client.get(reverse("members:logo", args=[org_a.slug])).status_code == 404


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

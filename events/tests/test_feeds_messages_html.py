"""The calendar-address page and the message form (with its preview) are valid HTML (vnu)."""

import subprocess

import pytest
from django.urls import reverse

from events import services
from events.tests.factories import EventFactory, RegistrationFactory
from network_portal.testing import VNU_JAR  # noqa: E402
from network_portal.testing import require_vnu as _require_vnu  # noqa: E402

pytestmark = [pytest.mark.vnu, pytest.mark.django_db]


def test_the_new_pages_are_valid_html(client, event, cluster_manager, tmp_path):
    java = _require_vnu()
    RegistrationFactory(event=event, language="en")
    RegistrationFactory(event=event)
    services.renew_calendar_feed(by=cluster_manager)
    client.force_login(cluster_manager)
    message_url = reverse("events:message", args=[event.slug])
    pages = {
        "feed": client.get(reverse("events:personal_feed_manage")),
        "message": client.get(message_url),
        "preview": client.post(message_url, {
            "audiences": ["confirmed"], "subject_de": "Folien", "text_de": "Text\nzwei",
            "subject_en": "Slides", "text_en": "Text"}),
        "invalid": client.post(message_url, {"audiences": [], "subject_de": ""}),
    }
    # A hybrid event: the part to write to (radio buttons), its preview, the walk-in choice.
    hybrid = EventFactory(organisers=list(event.organisers.all()), capacity=5, online_capacity=5,
                          online_url="https://meet.example.org/html")
    RegistrationFactory(event=hybrid, attendance="online")
    hybrid_url = reverse("events:message", args=[hybrid.slug])
    pages["hybrid message"] = client.get(hybrid_url)
    pages["hybrid preview"] = client.post(hybrid_url, {
        "audiences": ["confirmed"], "part": "online", "subject_de": "Stream", "text_de": "Text",
        "subject_en": "", "text_en": ""})
    pages["hybrid participants"] = client.get(reverse("events:participants", args=[hybrid.slug]))
    files = []
    for name, response in pages.items():
        assert response.status_code == 200, name
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.content)
        files.append(str(path))
    result = subprocess.run([java, "-jar", VNU_JAR, "--errors-only", *files],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr.replace(str(tmp_path) + "/", "")

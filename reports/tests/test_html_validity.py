"""The statistics page (with its SVG charts, and with errors) is valid HTML (Nu HTML Checker)."""

import os
import shutil
import subprocess

import pytest
from django.conf import settings

from reports.tests.factories import R, at, event, organisation, register

pytestmark = [pytest.mark.vnu, pytest.mark.django_db]
VNU_JAR = os.environ.get(
    "VNU_JAR", str(settings.BASE_DIR / "var/vnu/node_modules/vnu-jar/build/dist/vnu.jar"))


def test_the_statistics_page_is_valid_html(client, economic_development, cluster, tmp_path):
    java = shutil.which("java")
    if not java or not os.path.isfile(VNU_JAR):
        if os.environ.get("CI", "").lower() in {"1", "true"}:
            pytest.fail(f"java or the Nu HTML Checker ({VNU_JAR}) is missing")
        pytest.skip("java or the Nu HTML Checker is missing (.ci/run installs them)")
    register(event(at(2025, 3, 5), [cluster]), R.ATTENDED, R.CONFIRMED,
             organisation=organisation())
    client.force_login(economic_development)
    files = []
    for language in ("de", "en"):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        for name, query, status in [("figures", {"period": "year", "year": "2025"}, 200),
                                    ("errors", {"period": "custom", "from": "x"}, 400),
                                    ("bad-year", {"period": "year", "year": "zwanzig"}, 400)]:
            response = client.get("/statistics/", query)
            assert response.status_code == status
            page = tmp_path / f"{name}.{language}.html"
            page.write_bytes(response.content)
            files.append(str(page))
        # The column chooser of the period's registrations, which the page links.
        chooser = client.get("/events/registrations/export/columns/",
                             {"from": "2025-01-01", "to": "2025-12-31"})
        assert chooser.status_code == 200
        page = tmp_path / f"registrations-columns.{language}.html"
        page.write_bytes(chooser.content)
        files.append(str(page))

    result = subprocess.run([java, "-jar", VNU_JAR, "--errors-only", *files],
                            capture_output=True, text=True, timeout=300)

    assert result.returncode == 0, result.stderr.replace(str(tmp_path) + "/", "") or result.stdout

"""The ceilings of `make bench`: what Django itself serves on this machine, beside the portal.

A separate WSGI application (never part of the portal's URLconf, so never reachable in
production): a Django project as `startproject` makes it (its default middleware, debug off),
with two views served by their own gunicorn with the portal's server settings:

- /template/  renders a small template;
- /query/     does one query on the bench database (an organisation's name) and renders it.

    gunicorn bench.ceiling:application --workers 2 ...   (bench/run.py starts it)
"""

import os
from pathlib import Path

import dj_database_url
from django.conf import settings
from django.shortcuts import render
from django.urls import path

settings.configure(
    DEBUG=False,
    SECRET_KEY=os.environ["DJANGO_SECRET_KEY"],
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    INSTALLED_APPS=["django.contrib.auth", "django.contrib.contenttypes",
                    "django.contrib.sessions", "django.contrib.messages"],
    # What `django-admin startproject` puts in a new project.
    MIDDLEWARE=[
        "django.middleware.security.SecurityMiddleware",
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.middleware.common.CommonMiddleware",
        "django.middleware.csrf.CsrfViewMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        "django.contrib.messages.middleware.MessageMiddleware",
        "django.middleware.clickjacking.XFrameOptionsMiddleware",
    ],
    TEMPLATES=[{"BACKEND": "django.template.backends.django.DjangoTemplates",
                "DIRS": [Path(__file__).parent / "templates"]}],
    # The same database and connection reuse as the portal (settings.py).
    DATABASES={"default": dj_database_url.parse(
        os.environ["DATABASE_URL"], conn_max_age=int(os.environ.get("CONN_MAX_AGE", "600")),
        conn_health_checks=True)},
    USE_TZ=True,
    TIME_ZONE="Europe/Berlin",
    LANGUAGE_CODE="de",
)

ITEMS = ["Zellfertigung", "Recycling", "Module & Batteriesysteme"]


def template_view(request):
    return render(request, "ceiling.html", {"title": "Batterienetzwerk", "text": "Hallo",
                                            "items": ITEMS})


def query_view(request):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM members_organization WHERE slug = %s", ["bench-1"])
        row = cursor.fetchone()
    return render(request, "ceiling.html", {"title": "Batterienetzwerk",
                                            "text": row[0] if row else "", "items": ITEMS})


urlpatterns = [
    path("template/", template_view),
    path("query/", query_view),
]

from django.core.wsgi import get_wsgi_application  # noqa: E402 - after settings.configure

application = get_wsgi_application()

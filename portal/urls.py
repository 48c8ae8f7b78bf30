from django.contrib import admin
from django.urls import include, path

from network_portal.views import set_language
from portal import views

urlpatterns = [
    path("", views.home, name="home"),
    path("my/", views.my_portal, name="my_portal"),
    path("my/data.json", views.my_data, name="my_data"),
    path("my/delete/", views.delete_account, name="delete_account"),
    path("imprint/", views.imprint, name="imprint"),
    path("privacy/", views.privacy, name="privacy"),
    path("accessibility/", views.accessibility_statement, name="accessibility_statement"),
    path("accessibility/", include("accessibility.urls")),
    path("leichte-sprache/", views.easy_language, name="easy_language"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("", include("members.urls")),
    path("events/", include("events.urls")),
    path("delegations/", include("delegations.urls")),
    path("statistics/", include("reports.urls")),
    path("matchmaking/", include("matchmaking.urls")),
]

handler400 = "portal.views.bad_request"
handler403 = "portal.views.permission_denied"
handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"

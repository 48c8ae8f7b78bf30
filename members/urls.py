from django.urls import path

from members import views

app_name = "members"
urlpatterns = [
    path("members/", views.organisation_list, name="list"),
    path("members/<slug:slug>/", views.organisation_detail, name="detail"),
    path("members/<slug:slug>/logo/", views.logo, name="logo"),
    path("members/<slug:slug>/edit/", views.edit, name="edit"),
    path("members/<slug:slug>/curate/", views.curate, name="curate"),
    path("members/<slug:slug>/memberships/", views.memberships, name="memberships"),
    path("members/<slug:slug>/represent/", views.represent, name="represent"),
    path("value-chain/", views.value_chain, name="value_chain"),
]

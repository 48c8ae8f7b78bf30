from django.urls import path

from members import views

app_name = "members"
urlpatterns = [
    path("members/", views.organisation_list, name="list"),
    path("members/<slug:slug>/", views.organisation_detail, name="detail"),
    path("value-chain/", views.value_chain, name="value_chain"),
]

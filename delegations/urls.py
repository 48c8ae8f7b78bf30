from django.urls import path

from delegations import views

app_name = "delegations"
urlpatterns = [
    path("", views.trip_list, name="list"),
]

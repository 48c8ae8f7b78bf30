from django.urls import path

from matchmaking import views

app_name = "matchmaking"
urlpatterns = [
    path("introductions/<int:pk>/", views.introduction, name="introduction"),
    path("events/<slug:slug>/fit/", views.event_room, name="event_room"),
    path("trips/<slug:slug>/fit/", views.trip_room, name="trip_room"),
    path("<slug:slug>/partners/", views.partners, name="partners"),
    path("<slug:slug>/offers-and-needs/", views.edit_interests, name="edit"),
    path("<slug:slug>/contact/", views.request_contact, name="contact"),
]

from django.urls import path

from matchmaking import views

app_name = "matchmaking"
urlpatterns = [
    path("introductions/<int:pk>/", views.introduction, name="introduction"),
    path("<slug:slug>/partners/", views.partners, name="partners"),
    path("<slug:slug>/offers-and-needs/", views.edit_interests, name="edit"),
    path("<slug:slug>/contact/", views.request_contact, name="contact"),
]

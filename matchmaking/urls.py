from django.urls import path

from matchmaking import meeting_views, views

app_name = "matchmaking"
urlpatterns = [
    path("introductions/<int:pk>/", views.introduction, name="introduction"),
    path("events/<slug:slug>/fit/", views.event_room, name="event_room"),
    path("trips/<slug:slug>/fit/", views.trip_room, name="trip_room"),
    # B2B meetings at events and trips
    path("meetings/event/<int:event_id>/setup/", meeting_views.setup_for_event,
         name="meetings_setup_event"),
    path("meetings/trip/<int:trip_id>/setup/", meeting_views.setup_for_trip,
         name="meetings_setup_trip"),
    path("meetings/stop/<int:stop_id>/setup/", meeting_views.setup_for_stop,
         name="meetings_setup_stop"),
    path("meetings/<int:pk>/", meeting_views.overview, name="meetings"),
    path("meetings/<int:pk>/ask/<int:participant_pk>/", meeting_views.ask, name="meetings_ask"),
    path("meetings/<int:pk>/agenda/", meeting_views.agenda, name="meetings_agenda"),
    path("meetings/<int:pk>/agenda/print/", meeting_views.agenda_print,
         name="meetings_agenda_print"),
    path("meetings/<int:pk>/agenda.ics", meeting_views.agenda_ics, name="meetings_agenda_ics"),
    path("meetings/<int:pk>/grid/", meeting_views.grid, name="meetings_grid"),
    path("meetings/<int:pk>/grid/print/", meeting_views.grid_print, name="meetings_grid_print"),
    path("meeting/<int:pk>/", meeting_views.meeting, name="meeting"),
    path("meeting/<int:pk>/cancel/", meeting_views.cancel, name="meeting_cancel"),
    path("meeting/<int:pk>/manage/", meeting_views.manage, name="meeting_manage"),
    path("<slug:slug>/partners/", views.partners, name="partners"),
    path("<slug:slug>/offers-and-needs/", views.edit_interests, name="edit"),
    path("<slug:slug>/contact/", views.request_contact, name="contact"),
]

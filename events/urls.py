from django.urls import path

from events import views

app_name = "events"
urlpatterns = [
    path("", views.event_list, name="list"),
    path("feed.ics", views.feed, name="feed"),
    path("feed/personal/", views.personal_feed_manage, name="personal_feed_manage"),
    path("feed/<str:token>.ics", views.personal_feed, name="personal_feed"),
    path("manage/", views.manage_list, name="manage"),
    path("series/<slug:slug>/", views.series_detail, name="series"),
    path("series/<slug:slug>/feed.ics", views.series_feed, name="series_feed"),
    path("new/", views.event_create, name="create"),
    path("registrations/export/", views.registrations_export, name="registrations_export"),
    path("registration/<str:token>/", views.registration_detail, name="registration"),
    path("registration/<str:token>/answers/", views.registration_answers,
         name="registration_answers"),
    path("registration/<str:token>/withdraw-consent/", views.withdraw_consent,
         name="withdraw_consent"),
    path("<slug:slug>/", views.event_detail, name="detail"),
    path("<slug:slug>/calendar.ics", views.event_calendar, name="calendar"),
    path("<slug:slug>/register/", views.register, name="register"),
    path("<slug:slug>/edit/", views.event_edit, name="edit"),
    path("<slug:slug>/cancel/", views.event_cancel, name="cancel"),
    path("<slug:slug>/copy/", views.event_copy, name="copy"),
    path("<slug:slug>/outbox/", views.event_outbox, name="outbox"),
    path("<slug:slug>/outbox/<int:pk>/resend/", views.event_outbox_resend, name="outbox_resend"),
    path("<slug:slug>/message/", views.event_message, name="message"),
    path("<slug:slug>/participants/", views.participants, name="participants"),
    path("<slug:slug>/participants/<int:pk>/check-in/", views.check_in, name="check_in"),
    path("<slug:slug>/participants/walk-in/", views.walk_in, name="walk_in"),
    path("<slug:slug>/check-in/<str:code>/", views.check_in_code, name="check_in_code"),
]

from django.urls import path

from delegations import views

app_name = "delegations"
urlpatterns = [
    path("", views.trip_list, name="list"),
    path("new/", views.trip_create, name="create"),
    path("<slug:slug>/", views.trip_detail, name="detail"),
    path("<slug:slug>/calendar.ics", views.trip_calendar_view, name="calendar"),
    path("<slug:slug>/apply/", views.apply_view, name="apply"),
    path("<slug:slug>/withdraw/", views.withdraw_view, name="withdraw"),
    path("<slug:slug>/withdraw-consent/", views.withdraw_consent_view, name="withdraw_consent"),
    path("<slug:slug>/edit/", views.trip_edit, name="edit"),
    path("<slug:slug>/cancel/", views.trip_cancel, name="cancel"),
    path("<slug:slug>/applications/", views.applications_view, name="applications"),
    path("<slug:slug>/applications/<int:pk>/decide/", views.decide_view, name="decide"),
    path("<slug:slug>/message/", views.message_view, name="message"),
    path("<slug:slug>/outbox/", views.outbox_view, name="outbox"),
    path("<slug:slug>/outbox/<int:pk>/resend/", views.outbox_resend_view, name="outbox_resend"),
    path("<slug:slug>/participants/", views.participants_view, name="participants"),
    path("<slug:slug>/participants/brochure/", views.brochure_view, name="brochure"),
    path("<slug:slug>/participants/columns/", views.participants_columns_view,
         name="participants_columns"),
    path("<slug:slug>/host/", views.host_view, name="host"),
]

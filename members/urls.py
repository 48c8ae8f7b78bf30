from django.urls import path

from members import views

app_name = "members"
urlpatterns = [
    path("members/", views.organisation_list, name="list"),
    path("members/export/columns/", views.organisation_list_columns, name="list_columns"),
    # Before <slug>: "curation" and "new" are not organisations (services.RESERVED_SLUGS).
    path("members/curation/", views.queue, name="queue"),
    path("members/new/", views.propose, name="propose"),
    # Two segments: no organisation's page (members/<slug>/) has a "clusters" sub-page.
    path("members/search/clusters/", views.cluster_search, name="cluster_search"),
    path("members/curation/changes/<int:pk>/", views.review, name="review"),
    path("members/curation/changes/<int:pk>/logo/", views.proposed_logo, name="proposed_logo"),
    path("members/curation/representatives/<int:pk>/", views.decide_representative,
         name="decide_representative"),
    path("members/curation/representatives/<int:pk>/revoke/", views.revoke_representative,
         name="revoke_representative"),
    path("members/curation/memberships/<int:pk>/", views.decide_membership,
         name="decide_membership"),
    path("members/contact-entries/", views.my_contact_entries, name="my_contact_entries"),
    path("members/contact-entries/<int:pk>/withdraw-consent/", views.withdraw_contact_consent,
         name="withdraw_contact_consent"),
    path("members/<slug:slug>/", views.organisation_detail, name="detail"),
    path("members/<slug:slug>/logo/", views.logo, name="logo"),
    path("members/<slug:slug>/logo/upload/", views.upload_logo, name="upload_logo"),
    path("members/<slug:slug>/edit/", views.edit, name="edit"),
    path("members/<slug:slug>/submit/", views.submit, name="submit"),
    path("members/<slug:slug>/contacts/", views.contacts, name="contacts"),
    path("members/<slug:slug>/curate/", views.curate, name="curate"),
    path("members/<slug:slug>/memberships/", views.memberships, name="memberships"),
    path("members/<slug:slug>/represent/", views.represent, name="represent"),
    path("value-chain/", views.value_chain, name="value_chain"),
]

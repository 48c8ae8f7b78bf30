from django.urls import path

from accessibility import views

app_name = "accessibility"
urlpatterns = [
    path("report/", views.report, name="report"),
    path("report/sent/", views.report_sent, name="report_sent"),
    path("reports/", views.report_list, name="reports"),
    path("reports/<int:pk>/answered/", views.mark_answered, name="mark_answered"),
]

from django.urls import path

from reports import views

app_name = "reports"
urlpatterns = [
    path("", views.statistics, name="statistics"),
    path("columns/", views.statistics_columns, name="statistics_columns"),
]

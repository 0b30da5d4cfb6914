"""A test-local urlconf: the export views and the schema, until config/api_urls.py has them."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from doorstroom.exports import api as exports

urlpatterns = [
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/v1/exports/mandates.csv", exports.MandatesCsvApi.as_view()),
    path("api/v1/exports/mandates.xlsx", exports.MandatesXlsxApi.as_view()),
    path("api/v1/exports/applications.csv", exports.ApplicationsCsvApi.as_view()),
    path("api/v1/exports/applications.xlsx", exports.ApplicationsXlsxApi.as_view()),
    path("api/v1/exports/trajectories.csv", exports.TrajectoriesCsvApi.as_view()),
    path("api/v1/exports/trajectories.xlsx", exports.TrajectoriesXlsxApi.as_view()),
    path("api/v1/monitoring/export.csv", exports.MonitoringCsvApi.as_view()),
    path("api/v1/monitoring/export.xlsx", exports.MonitoringXlsxApi.as_view()),
]

"""A test-local urlconf: the indicators view and the schema, until config/api_urls.py has it."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from doorstroom.monitoring.api import IndicatorsApi

urlpatterns = [
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/v1/monitoring/indicators/", IndicatorsApi.as_view()),
]

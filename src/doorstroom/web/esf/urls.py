"""Pages of the ESF officer: calls and projects, a project's decision, and the monitoring."""

from django.urls import URLPattern, URLResolver, path

from doorstroom.web.esf import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.home, name="home"),
    path("projecten/<id:pk>/", views.project, name="project"),
    path("monitoring/", views.dashboard, name="dashboard"),
    path("monitoring/export/<slug:table>.csv", views.export_csv, name="export_csv"),
    path("monitoring/export/<slug:table>.xlsx", views.export_xlsx, name="export_xlsx"),
]

"""Root URLs: the API under /api/v1/, the admin for reference data, the pages."""

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from doorstroom.common.api.problems import problem_response
from doorstroom.web import views as web

urlpatterns = [
    path("api/v1/", include(("doorstroom.config.api_urls", "api"), namespace="api")),
    path("api-auth/", include("rest_framework.urls")),
    path("admin/", admin.site.urls),
    path("healthz", web.healthz, name="healthz"),
    path("", web.home, name="home"),
]


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def handler404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return problem_response(request, 404, "Deze resource bestaat niet.")
    return web.not_found(request, exception)


def handler500(request: HttpRequest) -> HttpResponse:
    if _is_api(request):
        return problem_response(request, 500, "Interne fout; de fout is gelogd.")
    return web.server_error(request)

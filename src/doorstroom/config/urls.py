"""Root URLs: the API under /api/v1/, the role pages, the admin for reference data."""

import sys

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.urls import include, path
from mozilla_django_oidc.views import OIDCLogoutView

from doorstroom.common.api.problems import problem_response
from doorstroom.observability import views as observability
from doorstroom.web import oidc
from doorstroom.web import views as web
from doorstroom.web.login import LoginView
from doorstroom.web.middleware import database_unavailable, is_database_unavailable

urlpatterns = [
    path("api/v1/", include(("doorstroom.config.api_urls", "api"), namespace="api")),
    path("api-auth/", include("rest_framework.urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("aanmelden/", LoginView.as_view(), name="login"),
    path("aanmelden/oidc/terug/", oidc.ProviderCallbackView.as_view(), name="oidc_callback"),
    path("aanmelden/oidc/<slug:provider>/", oidc.ProviderStartView.as_view(), name="oidc_start"),
    path("aanmelden/geweigerd/", oidc.refused, name="oidc_refused"),
    path("afmelden/", OIDCLogoutView.as_view(), name="logout"),
    path("healthz", web.healthz, name="healthz"),
    path("readyz", observability.readyz, name="readyz"),
    path("metrics", observability.metrics_view, name="metrics"),
    path("favicon.ico", web.favicon, name="favicon"),
    path("partner/", include(("doorstroom.web.applicant.urls", "applicant"))),
    path("beoordeling/", include(("doorstroom.web.reviewer.urls", "reviewer"))),
    path("begeleiding/", include(("doorstroom.web.consultant.urls", "consultant"))),
    path("esf/", include(("doorstroom.web.esf.urls", "esf"))),
    path("beheer/registers/", include(("doorstroom.registers.urls", "registers"))),
    path("beheer/", include(("doorstroom.web.beheer.urls", "beheer"))),
    path("", web.home, name="home"),
]


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def handler403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return problem_response(request, 403, "Uw rol mag deze actie niet uitvoeren.")
    return web.forbidden(request, exception)


def handler404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return problem_response(request, 404, "Deze resource bestaat niet.")
    return web.not_found(request, exception)


def handler500(request: HttpRequest) -> HttpResponse:
    exception = sys.exc_info()[1]
    if is_database_unavailable(exception):  # raised in a middleware, outside any view
        return database_unavailable(request, exception)  # type: ignore[arg-type]
    if _is_api(request):
        return problem_response(request, 500, "Interne fout; de fout is gelogd.")
    return web.server_error(request)

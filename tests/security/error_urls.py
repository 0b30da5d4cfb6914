"""The project's URLs plus one view that fails, to see the 500 page a real defect gets."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from doorstroom.config.urls import handler403, handler404, handler500, urlpatterns

__all__ = ["handler403", "handler404", "handler500", "urlpatterns"]


def broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a forced defect: SECRET-DETAIL-IN-TRACEBACK")


urlpatterns = [path("kapot/", broken), path("api/v1/kapot/", broken), *urlpatterns]

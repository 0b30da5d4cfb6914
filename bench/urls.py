"""The project's URLs plus the floor views under /floor/."""

from django.urls import include, path

from bench import floor
from doorstroom.config.urls import handler403, handler404, handler500
from doorstroom.config.urls import urlpatterns as project

handler403 = handler403
handler404 = handler404
handler500 = handler500
urlpatterns = [path("floor/", include(floor.urlpatterns)), *project]

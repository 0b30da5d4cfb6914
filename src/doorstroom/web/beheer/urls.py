"""Pages of the functional administrator: users, organisations (recognitions, sites, local
network) and ESF calls; the register import lives under /beheer/registers/ (registers app)."""

from django.urls import URLPattern, URLResolver, path

from doorstroom.web.beheer import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.home, name="home"),
    path("gebruikers/", views.user_list, name="users"),
    path("gebruikers/nieuw/", views.user_new, name="user_new"),
    path("gebruikers/<id:pk>/", views.user_detail, name="user"),
    path("gebruikers/<id:pk>/wijzigen/", views.user_edit, name="user_edit"),
    path("gebruikers/<id:pk>/sleutel-intrekken/", views.user_token_revoke, name="user_token"),
    path("organisaties/", views.organisation_list, name="organisations"),
    path("organisaties/nieuw/", views.organisation_new, name="organisation_new"),
    path("organisaties/<id:pk>/", views.organisation_detail, name="organisation"),
    path("organisaties/<id:pk>/wijzigen/", views.organisation_edit, name="organisation_edit"),
    path("organisaties/<id:pk>/erkenningen/nieuw/", views.recognition_new, name="recognition_new"),
    path("organisaties/<id:pk>/vestigingen/nieuw/", views.site_new, name="site_new"),
    path("organisaties/<id:pk>/lokaal-netwerk/", views.local_network, name="local_network"),
    path("oproepen/", views.call_list, name="calls"),
    path("oproepen/nieuw/", views.call_new, name="call_new"),
    path("oproepen/<id:pk>/", views.call_detail, name="call"),
    path("oproepen/<id:pk>/wijzigen/", views.call_edit, name="call_edit"),
]

"""Pages of the reviewer role, under /beoordeling/ (namespace "reviewer")."""

from django.urls import URLPattern, URLResolver, path

from doorstroom.web.reviewer import intake_views, views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.inbox, name="inbox"),
    path("aanvragen/<id:pk>/", views.application, name="application"),
    path(
        "aanvragen/<id:pk>/bewijs/<id:evidence_id>/",
        views.evidence_file,
        name="evidence_file",
    ),
    path("aanvragen/<id:pk>/brieven/<id:letter_id>/", views.letter_file, name="letter_file"),
    path("aanvragen/<id:pk>/ontvangst/", views.receipt_new, name="receipt_new"),
    path("aanvragen/<id:pk>/beslissing/", views.decision, name="decision"),
    path(
        "aanvragen/<id:pk>/beslissing/voorbeeld/",
        views.decision_preview,
        name="decision_preview",
    ),
    path("aanvragen/<id:pk>/onontvankelijk/", views.inadmissibility, name="inadmissibility"),
    path("mandaten/", views.register, name="register"),
    path("berichten/", intake_views.intake_queue, name="intake_queue"),
    path("berichten/<id:pk>/", intake_views.intake_email, name="intake_email"),
]

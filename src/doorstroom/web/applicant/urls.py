"""Pages of a partner organisation's staff, under /partner/ (namespace "applicant")."""

from django.urls import URLPattern, URLResolver, path

from doorstroom.web.applicant import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.home, name="home"),
    path("organisatie/", views.organisation, name="organisation"),
    path("organisatie/vestigingen/nieuw/", views.site_add, name="site_add"),
    path("organisatie/lokaal-netwerk/", views.local_network, name="local_network"),
    path("aanvragen/", views.applications, name="applications"),
    path("aanvragen/nieuw/", views.application_new, name="application_new"),
    path(
        "aanvragen/nieuw/ondertekenaars/",
        views.application_signatories,
        name="application_signatories",
    ),
    path("aanvragen/<id:pk>/", views.application, name="application"),
    path("aanvragen/<id:pk>/bewijs/", views.evidence_add, name="evidence_add"),
    path(
        "aanvragen/<id:pk>/bewijs/<id:evidence_pk>/",
        views.evidence_file,
        name="evidence_file",
    ),
    path(
        "aanvragen/<id:pk>/bewijs/<id:evidence_pk>/verwijderen/",
        views.evidence_remove,
        name="evidence_remove",
    ),
    path("aanvragen/<id:pk>/brieven/<id:letter_pk>/", views.letter_file, name="letter_file"),
    path("aanvragen/<id:pk>/versturen/", views.application_send, name="application_send"),
    path("aanvragen/<id:pk>/intrekken/", views.application_withdraw, name="application_withdraw"),
    path("mandaten/", views.mandates, name="mandates"),
    path("projecten/", views.projects, name="projects"),
    path("projecten/nieuw/", views.project_new, name="project_new"),
    path("toeleidingen/", views.referrals, name="referrals"),
    path("toeleidingen/<id:pk>/", views.referral, name="referral"),
    path("trajecten/", views.trajectories, name="trajectories"),
    path("trajecten/<id:pk>/", views.trajectory, name="trajectory"),
    path("trajecten/<id:pk>/activiteit/", views.activity_add, name="activity_add"),
    path("trajecten/<id:pk>/stage/", views.internship_add, name="internship_add"),
    path(
        "trajecten/<id:pk>/stage/<id:internship_pk>/resultaat/",
        views.internship_result,
        name="internship_result",
    ),
    path("trajecten/<id:pk>/schorsing/", views.suspension_add, name="suspension_add"),
    path("trajecten/<id:pk>/uitkomst/", views.outcome_record, name="outcome_record"),
]

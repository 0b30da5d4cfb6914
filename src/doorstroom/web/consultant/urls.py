"""Pages of the consultant (VDAB trajectbegeleider), under /begeleiding/."""

from django.urls import URLPattern, URLResolver, path

from doorstroom.web.consultant import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.home, name="home"),
    path("zoeken/", views.search, name="search"),
    path("werknemers/nieuw/", views.employee_new, name="employee_new"),
    path("werknemers/<id:pk>/", views.employee, name="employee"),
    path("werknemers/<id:pk>/evaluatie/", views.evaluation_new, name="evaluation_new"),
    path(
        "werknemers/<id:pk>/evaluatie/toetsing/",
        views.evaluation_feedback,
        name="evaluation_feedback",
    ),
    path("evaluaties/<id:pk>/rangschikking/", views.ranking, name="ranking"),
    path("evaluaties/<id:pk>/toeleiden/", views.referral_new, name="referral_new"),
    path("toeleidingen/<id:pk>/", views.referral, name="referral"),
    path("trajecten/", views.trajectory_list, name="trajectories"),
    path("trajecten/<id:pk>/", views.trajectory, name="trajectory"),
]

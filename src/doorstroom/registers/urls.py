from django.urls import path

from doorstroom.registers import views

urlpatterns = [
    path("", views.index, name="index"),
    path("sjabloon.xlsx", views.template, name="template"),
    path("<id:pk>/", views.detail, name="detail"),
    path("<id:pk>/voortgang/", views.progress, name="progress"),
    path("<id:pk>/toepassen/", views.apply, name="apply"),
    path("<id:pk>/geweigerd.<str:ext>", views.report_file, name="report"),
]

from django.urls import path

from doorstroom.registers import views

urlpatterns = [
    path("", views.index, name="index"),
    path("sjabloon.xlsx", views.template, name="template"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/voortgang/", views.progress, name="progress"),
    path("<int:pk>/toepassen/", views.apply, name="apply"),
    path("<int:pk>/geweigerd.<str:ext>", views.report_file, name="report"),
]

from django.apps import AppConfig


class EmployeesConfig(AppConfig):
    name = "doorstroom.employees"
    label = "employees"
    default_auto_field = "django.db.models.BigAutoField"

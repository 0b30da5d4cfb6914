from django.apps import AppConfig


class MandatesConfig(AppConfig):
    name = "doorstroom.mandates"
    label = "mandates"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # A new recognition can make a pending application admissible (R1): organisations
        # sits below mandates, so it calls back through its list (docs/architecture.md).
        from doorstroom.mandates.services import recognitions_changed
        from doorstroom.organisations.services import recognition_added_register

        recognition_added_register(recognitions_changed)

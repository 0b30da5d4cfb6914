from django.apps import AppConfig


class TrajectoriesConfig(AppConfig):
    name = "doorstroom.trajectories"
    label = "trajectories"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from doorstroom.trajectories import totals

        totals.connect()

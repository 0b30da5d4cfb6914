from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """The top of the import graph: work that spans the domain (demo data, integrity, tick, backup).

    Nothing imports it; it has no models.
    """

    name = "doorstroom.operations"
    label = "operations"

from django.apps import AppConfig


class WebEsfConfig(AppConfig):
    """The pages of the esf role."""

    name = "doorstroom.web.esf"
    label = "web_esf"

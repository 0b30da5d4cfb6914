from django.apps import AppConfig


class WebConsultantConfig(AppConfig):
    """The pages of the consultant role."""

    name = "doorstroom.web.consultant"
    label = "web_consultant"

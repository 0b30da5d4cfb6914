from django.apps import AppConfig


class WebReviewerConfig(AppConfig):
    """The pages of the reviewer role."""

    name = "doorstroom.web.reviewer"
    label = "web_reviewer"

from django.apps import AppConfig


class WebApplicantConfig(AppConfig):
    """The pages of the applicant role."""

    name = "doorstroom.web.applicant"
    label = "web_applicant"

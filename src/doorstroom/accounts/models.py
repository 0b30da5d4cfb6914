"""Users and their role: one role per user, and for applicants the one organisation they act for."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The stable role codes of DOMAIN.md."""

    APPLICANT = "applicant", _("Aanvrager (partnerorganisatie)")
    REVIEWER = "reviewer", _("Beoordelaar (Dienst samenwerking)")
    CONSULTANT = "consultant", _("Trajectbegeleider (VDAB)")
    ESF_OFFICER = "esf_officer", _("ESF-medewerker")
    ADMIN = "admin", _("Functioneel beheerder")


class User(AbstractUser):
    role = models.CharField(_("rol"), max_length=20, choices=Role.choices)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        help_text=_("Verplicht voor een aanvrager: de organisatie waarvoor hij optreedt."),
    )
    # Single sign-on (web/oidc.py): the provider's key and its stable subject ("sub").
    identity_provider = models.CharField(_("identiteitsprovider"), max_length=40, blank=True)
    identity_subject = models.CharField(_("identiteit bij de provider"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")
        constraints = [
            models.CheckConstraint(
                name="applicant_has_organisation",
                condition=~models.Q(role="applicant") | models.Q(organisation__isnull=False),
            ),
            models.UniqueConstraint(
                name="one_user_per_identity",
                fields=["identity_provider", "identity_subject"],
                condition=~models.Q(identity_subject=""),
            ),
        ]

    def has_role(self, *roles: str) -> bool:
        return self.role in roles

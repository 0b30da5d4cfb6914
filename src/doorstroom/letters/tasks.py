"""Background tasks of the letters (django-tasks; the backend is settings.TASKS)."""

from __future__ import annotations

from django_tasks import task

from doorstroom.letters.models import Letter
from doorstroom.letters.services import letter_render


@task()
def render_letter(letter_id: int) -> str:
    """Render one letter's PDF; safe to run more than once (a rendered letter is left alone)."""
    letter = letter_render(letter=Letter.objects.get(pk=letter_id))
    return letter.sha256

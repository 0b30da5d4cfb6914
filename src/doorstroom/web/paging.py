"""One page of a list on a page: the pages' one paginator.

The page carries ``prev_link`` and ``next_link``: query strings that keep the other filters
and the other lists' page numbers (a page may show several lists, each with its own
``param``).
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

PER_PAGE = 20


def page_of(
    request: HttpRequest, items: Any, *, per_page: int = PER_PAGE, param: str = "page"
) -> Page[Any]:
    """The page of ``items`` that the query parameter ``param`` asks for (the first if none)."""
    page = Paginator(items, per_page).get_page(request.GET.get(param))

    def link(number: int) -> str:
        query = request.GET.copy()
        query[param] = str(number)
        return f"?{query.urlencode()}"

    page.prev_link = link(page.previous_page_number()) if page.has_previous() else ""  # type: ignore[attr-defined]
    page.next_link = link(page.next_page_number()) if page.has_next() else ""  # type: ignore[attr-defined]
    return page

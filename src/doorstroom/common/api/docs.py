"""The browsable API docs (/api/v1/docs/): Swagger UI served from our own static files.

drf-spectacular-sidecar ships the Swagger UI bundle in the package (SWAGGER_UI_DIST='SIDECAR'),
so the docs work offline and load nothing from a CDN. The split view fetches its start script
as a separate same-origin request (`?script`), and our template (web/api_docs.html) has no
inline <style> (a static stylesheet instead): the page runs under the site's strict Content
Security Policy (web/middleware.py), without 'unsafe-inline'.
"""

from __future__ import annotations

from drf_spectacular.views import SpectacularSwaggerSplitView


class ApiDocsView(SpectacularSwaggerSplitView):
    template_name = "web/api_docs.html"

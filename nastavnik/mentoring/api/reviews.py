"""REST API of the reviews workflow: viewsets registered under /api/v1/mentoring/."""

from typing import Any

# (prefix, viewset, basename) registered by nastavnik.api_urls
routes: list[tuple[str, Any, str]] = []

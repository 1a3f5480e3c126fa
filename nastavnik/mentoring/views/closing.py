"""Web pages of the closing workflow."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []

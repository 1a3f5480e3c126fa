"""Web pages of the golden workflow."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []

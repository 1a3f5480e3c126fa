"""Web pages of the development workflow."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []

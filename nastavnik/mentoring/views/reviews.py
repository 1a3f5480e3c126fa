"""Web pages of the reviews workflow."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []

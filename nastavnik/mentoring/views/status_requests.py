"""Web pages of the status requests workflow."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []

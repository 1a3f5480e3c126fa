"""Web pages of the plans workflow."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []

"""Web pages of the recommendations workflow."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []

"""Web pages of the batches workflow."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []

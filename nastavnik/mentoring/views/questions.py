"""Web pages of the questions workflow."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []

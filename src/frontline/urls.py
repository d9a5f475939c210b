"""Every URL of the application."""

from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from frontline.api import api

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="desk:home", permanent=False)),
    path("accounts/", include("frontline.accounts.urls")),
    path("desk/", include("frontline.desk.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("", include("frontline.surveys.urls")),
]

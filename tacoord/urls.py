from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from tacoord.api_urls import api_patterns

urlpatterns = [
    path("", include("tacoord.core.urls")),
    path("", include("tacoord.users.urls")),
    path("reference/", include("tacoord.reference.urls")),
    path("organisations/", include("tacoord.organisations.urls")),
    path("questionnaires/", include("tacoord.questionnaires.urls")),
    path("reporting/", include("tacoord.reporting.urls")),
    path("needs/", include("tacoord.needs.urls")),
    path("providers/", include("tacoord.providers.urls")),
    path("activities/", include("tacoord.activities.urls")),
    path("iati/", include("tacoord.iati.urls")),
    path("experts/", include("tacoord.experts.urls")),
    path("duplicates/", include("tacoord.duplicates.urls")),
    path("matching/", include("tacoord.matching.urls")),
    path("notifications/", include("tacoord.notifications.urls")),
    path("requests/", include("tacoord.assistance.urls")),
    path("meetings/", include("tacoord.meetings.urls")),
    path("api/", include(api_patterns)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
]

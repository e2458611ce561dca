"""All API routes in one router, so the schema and the browsable root list every endpoint."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from tacoord.activities.api import routes as activities_routes
from tacoord.assistance.api import routes as assistance_routes
from tacoord.duplicates.api import routes as duplicates_routes
from tacoord.experts.api import routes as experts_routes
from tacoord.iati.api import routes as iati_routes
from tacoord.matching.api import routes as matching_routes
from tacoord.meetings.api import routes as meetings_routes
from tacoord.needs.api import routes as needs_routes
from tacoord.notifications.api import routes as notifications_routes
from tacoord.organisations.api.views import OrganisationViewSet
from tacoord.providers.api import routes as providers_routes
from tacoord.questionnaires.api import routes as questionnaire_routes
from tacoord.reference.api import views as reference
from tacoord.reporting.api import routes as reporting_routes
from tacoord.users.api.views import UserViewSet, obtain_token

router = DefaultRouter()
router.register("organisations", OrganisationViewSet)
router.register("users", UserViewSet)
router.register("reference/countries", reference.CountryViewSet)
router.register("reference/regions", reference.RegionViewSet)
router.register("reference/instruments", reference.InstrumentViewSet)
router.register("reference/articles", reference.ArticleViewSet)
router.register("reference/clusters", reference.ClusterViewSet)
router.register("reference/priority-areas", reference.PriorityAreaViewSet)
router.register("reference/ta-types", reference.TechnicalAssistanceTypeViewSet)
router.register("reference/languages", reference.LanguageViewSet)
router.register("reference/sectors", reference.SectorViewSet)
router.register("reference/codelists", reference.CodelistItemViewSet)

for app_routes in (questionnaire_routes, reporting_routes, needs_routes, providers_routes, activities_routes,
                   iati_routes, experts_routes, duplicates_routes, matching_routes,
                   notifications_routes, assistance_routes, meetings_routes):
    app_routes.register(router)

api_patterns = [
    path("token/", obtain_token, name="api-token"),
    path("", include(router.urls)),
]

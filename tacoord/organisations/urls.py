from django.urls import path

from tacoord.organisations import views

app_name = "organisations"
urlpatterns = [
    path("", views.OrganisationListView.as_view(), name="organisation_list"),
    path("add/", views.OrganisationEditView.as_view(), name="organisation_add"),
    path("<int:pk>/", views.OrganisationView.as_view(), name="organisation"),
    path("<int:pk>/edit/", views.OrganisationEditView.as_view(), name="organisation_edit"),
    path("<int:pk>/archive/", views.OrganisationArchiveView.as_view(), name="organisation_archive"),
    path("<int:pk>/history/", views.OrganisationHistoryView.as_view(), name="organisation_history"),
]

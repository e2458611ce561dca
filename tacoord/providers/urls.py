from django.urls import path

from tacoord.providers import views

app_name = "providers"
urlpatterns = [
    path("", views.ProviderProfileListView.as_view(), name="providerprofile_list"),
    path("add/", views.ProviderProfileEditView.as_view(), name="providerprofile_add"),
    path("<int:pk>/", views.ProviderProfileView.as_view(), name="providerprofile"),
    path("<int:pk>/edit/", views.ProviderProfileEditView.as_view(), name="providerprofile_edit"),
    path("<int:pk>/archive/", views.ProviderProfileArchiveView.as_view(), name="providerprofile_archive"),
    path("<int:pk>/history/", views.ProviderProfileHistoryView.as_view(), name="providerprofile_history"),
]

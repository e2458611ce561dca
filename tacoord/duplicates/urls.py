from django.urls import path

from tacoord.duplicates import views

app_name = "duplicates"
urlpatterns = [
    path("", views.DuplicateAlertListView.as_view(), name="duplicatealert_list"),
    path("<int:pk>/", views.DuplicateAlertView.as_view(), name="duplicatealert"),
    path("<int:pk>/history/", views.DuplicateAlertHistoryView.as_view(), name="duplicatealert_history"),
]

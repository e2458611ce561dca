from django.urls import include, path

from tacoord.activities import views

app_name = "activities"
urlpatterns = [
    path("", views.ActivityListView.as_view(), name="activity_list"),
    path("add/", views.ActivityEditView.as_view(), name="activity_add"),
    path("import/", views.ActivityBulkImportView.as_view(), name="bulk_import"),
    path("import/template.xlsx", views.bulk_import_template, name="bulk_import_template"),
    path("<int:pk>/", views.ActivityView.as_view(), name="activity"),
    path("<int:pk>/edit/", views.ActivityEditView.as_view(), name="activity_edit"),
    path("<int:pk>/archive/", views.ActivityArchiveView.as_view(), name="activity_archive"),
    path("<int:pk>/history/", views.ActivityHistoryView.as_view(), name="activity_history"),
    path("who-does-what-where/", include("tacoord.activities.wdww.urls")),
]

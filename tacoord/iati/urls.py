from django.urls import path

from tacoord.iati import views

app_name = "iati"
urlpatterns = [
    path("import/", views.ImportView.as_view(), name="import"),
    path("import/<int:pk>/", views.ImportRunView.as_view(), name="importrun"),
    path("export/", views.export, name="export"),
    path("tags/", views.ClassificationReviewView.as_view(), name="classification_review"),
]

from django.urls import path

from tacoord.activities.wdww import views

app_name = "wdww"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("map/", views.world, name="map"),
    path("country/<str:iso2>/", views.country, name="country"),
]

from django.urls import path

from tacoord.reference import views

app_name = "reference"
urlpatterns = [
    path("", views.reference_index, name="index"),
    path("countries/", views.CountryListView.as_view(), name="country_list"),
    path("countries/<str:iso2>/", views.CountryView.as_view(), name="country"),
    path("instruments/<str:code>/", views.instrument_detail, name="instrument"),
    path("instruments/<str:code>/articles/<int:number>/", views.article_detail, name="article"),
]

from django.urls import path

from tacoord.reference import views

app_name = "reference"
urlpatterns = [
    path("", views.reference_index, name="index"),
    path("countries/", views.CountryListView.as_view(), name="country_list"),
    path("countries/<str:iso2>/", views.CountryView.as_view(), name="country"),
    path("countries/<str:iso2>/history/", views.CountryHistoryView.as_view(), name="country_history"),
    path("articles/", views.ArticleListView.as_view(), name="article_list"),
    path("instruments/<str:code>/", views.InstrumentView.as_view(), name="instrument"),
    path("instruments/<str:code>/articles/<int:number>/", views.ArticleView.as_view(), name="article"),
]

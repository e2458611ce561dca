from django.urls import path

from tacoord.core.views import maps, pages

urlpatterns = [
    path("", pages.home, name="home"),
    path("search/", pages.search, name="search"),
    path("health/", pages.health, name="health"),
    path("language/", pages.set_language, name="set_language"),
    path("maps/world.svg", maps.world_map, name="world_map"),
]

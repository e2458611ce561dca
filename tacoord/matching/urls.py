from django.urls import path

from tacoord.matching import views

app_name = "matching"
urlpatterns = [
    path("", views.MatchListView.as_view(), name="match_list"),
    path("needs/<int:pk>/", views.need_candidates, name="need"),
    path("providers/<int:pk>/", views.provider_needs, name="provider"),
    path("coverage/", views.coverage_page, name="coverage"),
    path("weights/", views.weights, name="matchingweights_list"),
    path("weights/add/", views.MatchingWeightsEditView.as_view(), name="matchingweights_add"),
    path("weights/<int:pk>/", views.MatchingWeightsView.as_view(), name="matchingweights"),
    path("weights/<int:pk>/edit/", views.MatchingWeightsEditView.as_view(), name="matchingweights_edit"),
    path("weights/<int:pk>/history/", views.MatchingWeightsHistoryView.as_view(), name="matchingweights_history"),
    path("subscriptions/", views.MatchSubscriptionListView.as_view(), name="matchsubscription_list"),
    path("subscriptions/add/", views.MatchSubscriptionEditView.as_view(), name="matchsubscription_add"),
    path("subscriptions/<int:pk>/", views.MatchSubscriptionView.as_view(), name="matchsubscription"),
    path("subscriptions/<int:pk>/edit/", views.MatchSubscriptionEditView.as_view(), name="matchsubscription_edit"),
    path("subscriptions/<int:pk>/archive/", views.MatchSubscriptionArchiveView.as_view(),
         name="matchsubscription_archive"),
    path("subscriptions/<int:pk>/history/", views.MatchSubscriptionHistoryView.as_view(),
         name="matchsubscription_history"),
]

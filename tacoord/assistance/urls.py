from django.urls import path

from tacoord.assistance import views

app_name = "assistance"
urlpatterns = [
    path("", views.RequestListView.as_view(), name="request_list"),
    path("add/", views.RequestEditView.as_view(), name="request_add"),
    path("pipeline/", views.PipelineView.as_view(), name="pipeline"),
    path("statistics/", views.StatisticsView.as_view(), name="statistics"),
    path("<int:pk>/", views.RequestView.as_view(), name="request"),
    path("<int:pk>/edit/", views.RequestEditView.as_view(), name="request_edit"),
    path("<int:pk>/archive/", views.RequestArchiveView.as_view(), name="request_archive"),
    path("<int:pk>/history/", views.RequestHistoryView.as_view(), name="request_history"),
    path("<int:pk>/step/", views.RequestStepView.as_view(), name="request_step"),
    path("<int:pk>/candidates/", views.RequestCandidatesView.as_view(), name="request_candidates"),
    path("<int:pk>/comment/", views.RequestCommentView.as_view(), name="request_comment"),
    path("<int:pk>/attach/", views.RequestAttachmentView.as_view(), name="request_attach"),
    path("<int:pk>/milestone/", views.RequestMilestoneView.as_view(), name="request_milestone"),
    path("attachments/<int:pk>/", views.AttachmentDownloadView.as_view(), name="attachment"),
    path("offers/", views.OfferListView.as_view(), name="offer_list"),
    path("offers/add/", views.OfferEditView.as_view(), name="offer_add"),
    path("offers/<int:pk>/", views.OfferView.as_view(), name="offer"),
    path("offers/<int:pk>/edit/", views.OfferEditView.as_view(), name="offer_edit"),
    path("offers/<int:pk>/archive/", views.OfferArchiveView.as_view(), name="offer_archive"),
    path("offers/<int:pk>/history/", views.OfferHistoryView.as_view(), name="offer_history"),
    path("offers/<int:pk>/decide/", views.OfferDecisionView.as_view(), name="offer_decide"),
]

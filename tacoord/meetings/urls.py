from django.urls import path

from tacoord.meetings import views

app_name = "meetings"
urlpatterns = [
    path("", views.MeetingListView.as_view(), name="meeting_list"),
    path("add/", views.MeetingEditView.as_view(), name="meeting_add"),
    path("<int:pk>/", views.MeetingView.as_view(), name="meeting"),
    path("<int:pk>/edit/", views.MeetingEditView.as_view(), name="meeting_edit"),
    path("<int:pk>/archive/", views.MeetingArchiveView.as_view(), name="meeting_archive"),
    path("<int:pk>/history/", views.MeetingHistoryView.as_view(), name="meeting_history"),
    path("follow-ups/", views.FollowUpActionListView.as_view(), name="followupaction_list"),
    path("follow-ups/add/", views.FollowUpActionEditView.as_view(), name="followupaction_add"),
    path("follow-ups/<int:pk>/", views.FollowUpActionView.as_view(), name="followupaction"),
    path("follow-ups/<int:pk>/edit/", views.FollowUpActionEditView.as_view(), name="followupaction_edit"),
    path("follow-ups/<int:pk>/archive/", views.FollowUpActionArchiveView.as_view(), name="followupaction_archive"),
    path("follow-ups/<int:pk>/history/", views.FollowUpActionHistoryView.as_view(), name="followupaction_history"),
    path("follow-ups/<int:pk>/status/", views.FollowUpActionStatusView.as_view(), name="followupaction_status"),
]

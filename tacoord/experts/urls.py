from django.urls import path

from tacoord.experts import views

app_name = "experts"
urlpatterns = [
    path("", views.ExpertListView.as_view(), name="expert_list"),
    path("me/", views.ExpertMeView.as_view(), name="expert_me"),
    path("add/", views.ExpertEditView.as_view(), name="expert_add"),
    path("<int:pk>/", views.ExpertView.as_view(), name="expert"),
    path("<int:pk>/edit/", views.ExpertEditView.as_view(), name="expert_edit"),
    path("<int:pk>/archive/", views.ExpertArchiveView.as_view(), name="expert_archive"),
    path("<int:pk>/history/", views.ExpertHistoryView.as_view(), name="expert_history"),
    path("availability/", views.AvailabilityListView.as_view(), name="availability_list"),
    path("availability/add/", views.AvailabilityEditView.as_view(), name="availability_add"),
    path("availability/<int:pk>/edit/", views.AvailabilityEditView.as_view(), name="availability_edit"),
    path("availability/<int:pk>/archive/", views.AvailabilityArchiveView.as_view(), name="availability_archive"),
    path("availability/<int:pk>/history/", views.AvailabilityHistoryView.as_view(), name="availability_history"),
    path("assignments/", views.AssignmentListView.as_view(), name="assignment_list"),
    path("assignments/add/", views.AssignmentEditView.as_view(), name="assignment_add"),
    path("assignments/<int:pk>/edit/", views.AssignmentEditView.as_view(), name="assignment_edit"),
    path("assignments/<int:pk>/archive/", views.AssignmentArchiveView.as_view(), name="assignment_archive"),
    path("assignments/<int:pk>/history/", views.AssignmentHistoryView.as_view(), name="assignment_history"),
]

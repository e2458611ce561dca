from django.urls import path

from tacoord.reporting import views

app_name = "reporting"
urlpatterns = [
    path("", views.ReportingCycleListView.as_view(), name="reportingcycle_list"),
    path("add/", views.ReportingCycleEditView.as_view(), name="reportingcycle_add"),
    path("<int:pk>/", views.ReportingCycleView.as_view(), name="reportingcycle"),
    path("<int:pk>/edit/", views.ReportingCycleEditView.as_view(), name="reportingcycle_edit"),
    path("<int:pk>/history/", views.ReportingCycleHistoryView.as_view(), name="reportingcycle_history"),
    path("<int:pk>/<slug:action>/", views.ReportingCycleActionView.as_view(), name="reportingcycle_action"),
    path("mine/", views.MyQuestionnairesView.as_view(), name="my_questionnaires"),
    path("responses/", views.QuestionnaireResponseListView.as_view(), name="questionnaireresponse_list"),
    path("responses/<int:pk>/", views.QuestionnaireResponseView.as_view(), name="questionnaireresponse"),
    path("responses/<int:pk>/history/", views.QuestionnaireResponseHistoryView.as_view(),
         name="questionnaireresponse_history"),
    path("responses/<int:pk>/sections/<slug:slug>/", views.ResponseSectionView.as_view(), name="response_section"),
    path("responses/<int:pk>/answers/<str:key>/", views.AnswerSaveView.as_view(), name="answer_save"),
    path("responses/<int:pk>/workbook/", views.ResponseWorkbookView.as_view(), name="response_workbook"),
    path("responses/<int:pk>/diff/", views.ResponseDiffView.as_view(), name="response_diff"),
    path("responses/<int:pk>/do/<slug:action>/", views.ResponseActionView.as_view(), name="response_action"),
]

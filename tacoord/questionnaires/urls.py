from django.urls import path

from tacoord.questionnaires import views

app_name = "questionnaires"
urlpatterns = [
    path("", views.QuestionnaireTemplateListView.as_view(), name="questionnairetemplate_list"),
    path("import/", views.XLSFormUploadView.as_view(), name="questionnairetemplate_import"),
    path("self-assessment/", views.SelfAssessmentBuildView.as_view(), name="self_assessment_build"),
    path("<int:pk>/", views.QuestionnaireTemplateView.as_view(), name="questionnairetemplate"),
    path("<int:pk>/xlsform/", views.XLSFormDownloadView.as_view(), name="questionnairetemplate_xlsform"),
    path("<int:pk>/archive/", views.QuestionnaireTemplateArchiveView.as_view(), name="questionnairetemplate_archive"),
    path("<int:pk>/history/", views.QuestionnaireTemplateHistoryView.as_view(), name="questionnairetemplate_history"),
]

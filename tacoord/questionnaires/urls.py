from django.urls import path

from tacoord.questionnaires import views

app_name = "questionnaires"
urlpatterns = [
    path("", views.QuestionnaireTemplateListView.as_view(), name="questionnairetemplate_list"),
    path("add/", views.TemplateEditView.as_view(), name="questionnairetemplate_add"),
    path("import/", views.XLSFormUploadView.as_view(), name="questionnairetemplate_import"),
    path("self-assessment/", views.SelfAssessmentBuildView.as_view(), name="self_assessment_build"),
    path("<int:pk>/", views.QuestionnaireTemplateView.as_view(), name="questionnairetemplate"),
    path("<int:pk>/edit/", views.TemplateEditView.as_view(), name="questionnairetemplate_edit"),
    path("<int:pk>/do/<slug:action>/", views.TemplateActionView.as_view(), name="questionnairetemplate_action"),
    path("<int:pk>/questions/add/", views.QuestionEditView.as_view(), name="question_add"),
    path("<int:pk>/questions/<int:question>/edit/", views.QuestionEditView.as_view(), name="question_edit"),
    path("<int:pk>/questions/<int:question>/<slug:action>/", views.QuestionActionView.as_view(),
         name="question_action"),
    path("<int:pk>/choices/add/", views.ChoiceEditView.as_view(), name="choice_add"),
    path("<int:pk>/choices/<int:choice>/edit/", views.ChoiceEditView.as_view(), name="choice_edit"),
    path("<int:pk>/choices/<int:choice>/<slug:action>/", views.ChoiceActionView.as_view(), name="choice_action"),
    path("<int:pk>/xlsform/", views.XLSFormDownloadView.as_view(), name="questionnairetemplate_xlsform"),
    path("<int:pk>/archive/", views.QuestionnaireTemplateArchiveView.as_view(), name="questionnairetemplate_archive"),
    path("<int:pk>/history/", views.QuestionnaireTemplateHistoryView.as_view(), name="questionnairetemplate_history"),
]

from django.urls import path

from tacoord.needs import views

app_name = "needs"
urlpatterns = [
    path("", views.NeedListView.as_view(), name="need_list"),
    path("add/", views.NeedEditView.as_view(), name="need_add"),
    path("<int:pk>/", views.NeedView.as_view(), name="need"),
    path("<int:pk>/edit/", views.NeedEditView.as_view(), name="need_edit"),
    path("<int:pk>/archive/", views.NeedArchiveView.as_view(), name="need_archive"),
    path("<int:pk>/history/", views.NeedHistoryView.as_view(), name="need_history"),
    path("<int:pk>/action/", views.NeedTransitionView.as_view(), name="need_transition"),
    path("analysis/", views.analysis, name="analysis"),
    path("analysis/map/", views.needs_map, name="map"),
    path("analysis/change/", views.change, name="change"),
    path("analysis/report/", views.report, name="report"),
    path("gaps/<str:iso2>/", views.gaps, name="gaps"),
    path("derive/", views.DeriveView.as_view(), name="derive"),
    path("rules/", views.DerivationRuleListView.as_view(), name="derivationrule_list"),
    path("rules/add/", views.DerivationRuleEditView.as_view(), name="derivationrule_add"),
    path("rules/<int:pk>/", views.DerivationRuleView.as_view(), name="derivationrule"),
    path("rules/<int:pk>/edit/", views.DerivationRuleEditView.as_view(), name="derivationrule_edit"),
    path("rules/<int:pk>/archive/", views.DerivationRuleArchiveView.as_view(), name="derivationrule_archive"),
    path("rules/<int:pk>/history/", views.DerivationRuleHistoryView.as_view(), name="derivationrule_history"),
    path("priority-areas/", views.ArticlePriorityAreaListView.as_view(), name="articlepriorityarea_list"),
    path("priority-areas/add/", views.ArticlePriorityAreaEditView.as_view(), name="articlepriorityarea_add"),
    path("priority-areas/<int:pk>/", views.ArticlePriorityAreaView.as_view(), name="articlepriorityarea"),
    path("priority-areas/<int:pk>/edit/", views.ArticlePriorityAreaEditView.as_view(),
         name="articlepriorityarea_edit"),
    path("priority-areas/<int:pk>/archive/", views.ArticlePriorityAreaArchiveView.as_view(),
         name="articlepriorityarea_archive"),
    path("priority-areas/<int:pk>/history/", views.ArticlePriorityAreaHistoryView.as_view(),
         name="articlepriorityarea_history"),
]

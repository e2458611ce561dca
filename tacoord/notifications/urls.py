from django.urls import path

from tacoord.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.NotificationListView.as_view(), name="notification_list"),
    path("read-all/", views.NotificationReadAllView.as_view(), name="read_all"),
    path("settings/", views.PreferencesView.as_view(), name="preferences"),
    path("<int:pk>/read/", views.NotificationReadView.as_view(), name="read"),
    path("<int:pk>/open/", views.NotificationOpenView.as_view(), name="open"),
]

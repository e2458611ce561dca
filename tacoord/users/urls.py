from django.contrib.auth import views as auth_views
from django.urls import include, path

from tacoord.users import views

people = [
    path("", views.UserListView.as_view(), name="user_list"),
    path("add/", views.UserEditView.as_view(), name="user_add"),
    path("<int:pk>/", views.UserView.as_view(), name="user"),
    path("<int:pk>/edit/", views.UserEditView.as_view(), name="user_edit"),
    path("<int:pk>/archive/", views.UserArchiveView.as_view(), name="user_archive"),
    path("<int:pk>/history/", views.UserHistoryView.as_view(), name="user_history"),
]

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("profile/", views.ProfileView.as_view(), name="profile"),
    path("people/", include((people, "users"))),
]

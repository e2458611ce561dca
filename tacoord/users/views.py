from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import View
from rest_framework.authtoken.models import Token

from tacoord.core.views.generic import (
    ObjectArchiveView,
    ObjectDetailView,
    ObjectEditView,
    ObjectHistoryView,
    ObjectListView,
)
from tacoord.users.filtersets import UserFilterSet
from tacoord.users.forms import UserForm
from tacoord.users.models import User
from tacoord.users.services import user_restore_version, user_save
from tacoord.users.tables import USER_COLUMNS

people = User.objects.select_related("organisation", "organisation__country")


class UserListView(LoginRequiredMixin, ObjectListView):
    queryset = people
    filterset = UserFilterSet
    columns = USER_COLUMNS
    export_stem = "people"


class UserView(ObjectDetailView):
    queryset = people
    template_name = "users/user.html"


class UserEditView(ObjectEditView):
    queryset = people
    form_class = UserForm

    def save(self, *, user, form):
        return user_save(user=user, person=form.save(commit=False), password=form.cleaned_data.get("password"))


class UserArchiveView(ObjectArchiveView):
    queryset = people


class UserHistoryView(ObjectHistoryView):
    queryset = people

    def restore(self, *, user, obj, change):
        return user_restore_version(user=user, person=obj, change=change)


class ProfileView(LoginRequiredMixin, View):
    """The signed-in person's own page, with the API token."""

    def get(self, request):
        token = Token.objects.filter(user=request.user).first()
        return render(request, "users/profile.html", {"object": request.user, "token": token})

    def post(self, request):
        Token.objects.filter(user=request.user).delete()
        Token.objects.create(user=request.user)
        messages.success(request, _("A new API token was made; the old one no longer works."))
        return HttpResponseRedirect(request.path)

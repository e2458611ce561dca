from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.generic import View

from tacoord.core.permissions import Action
from tacoord.notifications.forms import PreferencesForm
from tacoord.notifications.models import Notification
from tacoord.notifications.selectors import unread_count
from tacoord.notifications.services import (
    notification_mark_read,
    notification_preferences_set,
    notifications_mark_all_read,
)


def _mine(request):
    return Notification.objects.restrict(request.user, Action.VIEW).select_related("actor")


class NotificationListView(LoginRequiredMixin, View):
    """The signed-in person's notifications, newest first; `?unread=1` for the unread ones only."""

    def get(self, request):
        notifications = _mine(request)
        only_unread = request.GET.get("unread") == "1"
        if only_unread:
            notifications = notifications.unread()
        page = Paginator(notifications, 30).get_page(request.GET.get("page"))
        return TemplateResponse(request, "notifications/list.html", {
            "page": page, "only_unread": only_unread, "unread": unread_count(user=request.user)})


class NotificationReadView(LoginRequiredMixin, View):
    def post(self, request, pk):
        notification = get_object_or_404(_mine(request), pk=pk)
        notification_mark_read(user=request.user, notification=notification)
        if request.htmx:
            return TemplateResponse(request, "notifications/item.html", {
                "notification": notification, "unread": unread_count(user=request.user), "oob": True})
        return HttpResponseRedirect(reverse("notifications:notification_list"))


class NotificationOpenView(LoginRequiredMixin, View):
    """Follow a notification's link, marking it read on the way."""

    def get(self, request, pk):
        notification = get_object_or_404(_mine(request), pk=pk)
        notification_mark_read(user=request.user, notification=notification)
        link = notification.link
        if not link or not url_has_allowed_host_and_scheme(link, allowed_hosts={request.get_host()},
                                                           require_https=request.is_secure()):
            link = reverse("notifications:notification_list")
        return HttpResponseRedirect(link)


class NotificationReadAllView(LoginRequiredMixin, View):
    def post(self, request):
        count = notifications_mark_all_read(user=request.user)
        messages.success(request, _("%(count)d notifications marked read.") % {"count": count})
        return HttpResponseRedirect(reverse("notifications:notification_list"))


class PreferencesView(LoginRequiredMixin, View):
    def get(self, request):
        return TemplateResponse(request, "notifications/preferences.html",
                                {"form": PreferencesForm(user=request.user)})

    def post(self, request):
        form = PreferencesForm(request.POST, user=request.user)
        if form.is_valid():
            notification_preferences_set(user=request.user, email_by_kind=form.email_by_kind(),
                                         email_frequency=form.cleaned_data["email_frequency"])
            messages.success(request, _("Your notification settings are saved."))
            return HttpResponseRedirect(reverse("notifications:preferences"))
        return TemplateResponse(request, "notifications/preferences.html", {"form": form})

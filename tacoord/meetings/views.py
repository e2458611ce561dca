from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import View

from tacoord.activities.models import Activity
from tacoord.assistance.models import Request
from tacoord.core.permissions import Action, user_may
from tacoord.core.views.generic import (
    ObjectArchiveView,
    ObjectDetailView,
    ObjectEditView,
    ObjectHistoryView,
    ObjectListView,
)
from tacoord.meetings.filtersets import FollowUpActionFilterSet, MeetingFilterSet
from tacoord.meetings.forms import FollowUpActionForm, MeetingForm
from tacoord.meetings.models import FollowUpAction, Meeting
from tacoord.meetings.permissions import may_manage_meeting
from tacoord.meetings.services import follow_up_restore_version, follow_up_save, follow_up_set_status, meeting_save
from tacoord.meetings.tables import FOLLOW_UP_COLUMNS, MEETING_COLUMNS
from tacoord.organisations.models import Organisation

meetings = Meeting.objects.select_related("country", "region", "convened_by").prefetch_related(
    "participants", "follow_ups")
follow_ups = FollowUpAction.objects.select_related("meeting__country", "owner_organisation", "owner_person")


class MeetingListView(ObjectListView):
    queryset = meetings
    filterset = MeetingFilterSet
    columns = MEETING_COLUMNS
    export_stem = "coordination-meetings"


class MeetingView(ObjectDetailView):
    queryset = Meeting.objects.select_related("country", "region", "convened_by")
    template_name = "meetings/meeting.html"

    def get_extra_context(self, request, obj):
        user = request.user
        # Names of organisations and activities the viewer may not see stay hidden; their number is shown.
        participants = list(obj.participants.all())
        visible_participants = set(Organisation.objects.restrict(user, Action.VIEW).filter(
            pk__in=[p.pk for p in participants]).values_list("pk", flat=True))
        activities = list(Activity.objects.restrict(user, Action.VIEW).filter(meetings=obj).distinct())
        # A request is seen only by the parties to it: others learn only that requests were discussed.
        requests = list(Request.objects.restrict(user, Action.VIEW).filter(meetings=obj).distinct())
        all_requests = obj.requests.count()
        actions = list(FollowUpAction.objects.restrict(user, Action.VIEW).filter(meeting=obj)
                       .select_related("owner_organisation", "owner_person"))
        changeable = set(FollowUpAction.objects.restrict(user, Action.CHANGE).filter(meeting=obj)
                         .values_list("pk", flat=True)) if user.is_authenticated else set()
        return {
            "participants": [p for p in participants if p.pk in visible_participants],
            "hidden_participants": len(participants) - len(visible_participants),
            "activities": activities,
            "requests": requests,
            "hidden_requests": all_requests - len(requests),
            "follow_ups": [(action, action.pk in changeable) for action in actions],
            "may_add_follow_up": may_manage_meeting(user, obj) and not obj.is_archived,
            "today": timezone.localdate(),
        }


class MeetingEditView(ObjectEditView):
    queryset = Meeting.objects.all()
    form_class = MeetingForm

    def save(self, *, user, form):
        instance = form.save(commit=False)
        return meeting_save(user=user, meeting=instance, relations={
            "participants": form.cleaned_data["participants"], "activities": form.cleaned_data["activities"],
            "requests": form.cleaned_data["requests"]})


class MeetingArchiveView(ObjectArchiveView):
    queryset = Meeting.objects.all()


class MeetingHistoryView(ObjectHistoryView):
    queryset = Meeting.objects.all()


class FollowUpActionListView(ObjectListView):
    queryset = follow_ups
    filterset = FollowUpActionFilterSet
    columns = FOLLOW_UP_COLUMNS
    export_stem = "follow-up-actions"

    def add_url(self):
        return None  # added from their meeting's page


class FollowUpActionView(ObjectDetailView):
    queryset = follow_ups
    template_name = "meetings/followupaction.html"

    def get_extra_context(self, request, obj):
        return {"today": timezone.localdate()}


class FollowUpActionEditView(ObjectEditView):
    queryset = FollowUpAction.objects.select_related("meeting")
    form_class = FollowUpActionForm

    def get_form(self, request, obj, data=None):
        meeting = None
        if obj.pk is None:
            meeting_id = request.GET.get("meeting", "")
            meeting = (Meeting.objects.restrict(request.user, Action.CHANGE).filter(pk=meeting_id).first()
                       if meeting_id.isdecimal() else None)
        return self.form_class(data=data, instance=obj, user=request.user, meeting=meeting)

    def save(self, *, user, form):
        return follow_up_save(user=user, follow_up=form.save(commit=False))


class FollowUpActionArchiveView(ObjectArchiveView):
    queryset = FollowUpAction.objects.all()


class FollowUpActionHistoryView(ObjectHistoryView):
    queryset = FollowUpAction.objects.select_related("meeting")

    def restore(self, *, user, obj, change):
        return follow_up_restore_version(user=user, follow_up=obj, change=change)


class FollowUpActionStatusView(LoginRequiredMixin, View):
    """Mark an action done or open again from the meeting's page (htmx swaps the row) or the action's own page."""

    def post(self, request, pk):
        follow_up = get_object_or_404(FollowUpAction.objects.restrict(request.user, Action.VIEW)
                                      .select_related("meeting", "owner_organisation", "owner_person"), pk=pk)
        if not user_may(request.user, Action.CHANGE, follow_up):
            raise PermissionDenied(_("You may not change %(object)s.") % {"object": follow_up})
        error = None
        try:
            follow_up = follow_up_set_status(user=request.user, follow_up=follow_up,
                                             status=request.POST.get("status", ""))
        except ValidationError as exc:
            error = " ".join(exc.messages)
            follow_up.refresh_from_db()
        if request.htmx:
            return TemplateResponse(request, "meetings/follow_up_row.html", {
                "action": follow_up, "may_change": True, "error": error, "today": timezone.localdate()})
        if error:
            messages.error(request, error)
        else:
            messages.success(request, _("Saved %(object)s.") % {"object": follow_up})
        return HttpResponseRedirect(follow_up.get_absolute_url())



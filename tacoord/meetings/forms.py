from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from tacoord.activities.models import Activity
from tacoord.assistance.models import Request
from tacoord.core.permissions import Action
from tacoord.core.roles import Role, role_of
from tacoord.meetings.models import FollowUpAction, Meeting
from tacoord.meetings.permissions import may_manage_meeting, own_organisations
from tacoord.organisations.models import Organisation


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["kind", "title", "date", "place", "country", "region", "convened_by", "participants", "requests",
                  "activities", "summary", "decisions"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "summary": forms.Textarea(attrs={"rows": 5}), "decisions": forms.Textarea(attrs={"rows": 5}),
                   "participants": forms.SelectMultiple(attrs={"size": 10}),
                   "activities": forms.SelectMultiple(attrs={"size": 8}),
                   "requests": forms.SelectMultiple(attrs={"size": 6})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        organisations = Organisation.objects.restrict(user, Action.VIEW).active()
        self.fields["participants"].queryset = organisations
        self.fields["participants"].help_text = _("The organisations present. Hold Ctrl (⌘ on a Mac) to choose "
                                                  "several.")
        self.fields["convened_by"].queryset = organisations
        self.fields["activities"].queryset = Activity.objects.restrict(user, Action.VIEW).active()
        self.fields["activities"].help_text = _("The activities the meeting discussed.")
        self.fields["requests"].queryset = Request.objects.restrict(user, Action.VIEW).active()
        self.fields["requests"].help_text = _("The requests for assistance the meeting discussed.")
        if role_of(user) != Role.SECRETARIAT:
            # Others record meetings their own organisation convened, or (a focal point) meetings about its State.
            self.fields["convened_by"].queryset = organisations.filter(pk__in=own_organisations(user))
            if self.instance.pk is None:
                self.initial.setdefault("convened_by", None)
                self.initial["convened_by"] = self.initial["convened_by"] or user.organisation_id
                if role_of(user) == Role.FOCAL_POINT and user.state_id and not self.initial.get("country"):
                    self.initial["country"] = user.state_id


class FollowUpActionForm(forms.ModelForm):
    """The organisers' form: everything. An owner who does not organise the meeting sees only the progress fields."""

    class Meta:
        model = FollowUpAction
        fields = ["meeting", "description", "owner_organisation", "owner_person", "due_date", "status",
                  "completed_on", "note"]
        widgets = {"due_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "completed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "description": forms.Textarea(attrs={"rows": 3}), "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        if meeting is not None and self.instance.pk is None:
            self.instance.meeting = meeting
            self.initial["meeting"] = meeting.pk
        self.fields["meeting"].queryset = Meeting.objects.restrict(user, Action.CHANGE).active()
        self.fields["owner_organisation"].queryset = Organisation.objects.restrict(user, Action.VIEW).active()
        self.fields["owner_person"].queryset = get_user_model().objects.restrict(user, Action.VIEW).filter(
            is_active=True, archived_at__isnull=True)
        if self.instance.pk is not None:
            # A follow-up stays with its meeting, which its owner may see without managing it.
            self.fields["meeting"].queryset = Meeting.objects.filter(pk=self.instance.meeting_id)
            self.fields["meeting"].disabled = True
            if not may_manage_meeting(user, self.instance.meeting):
                for name in ["description", "owner_organisation", "owner_person", "due_date"]:
                    self.fields[name].disabled = True


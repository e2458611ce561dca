"""Declarative views for any record: list (with search, filters and export), detail, edit, archive, history.

A model's views name its queryset, filterset, columns and form; these classes do the rest, always through
`restrict(user, action)`. URL names follow one pattern: `<app>:<model>_list`, `<app>:<model>`, `<app>:<model>_add`,
`<app>:<model>_edit`, `<app>:<model>_archive`, `<app>:<model>_history`.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.generic import View
from django.views.generic.base import TemplateResponseMixin

from tacoord.core.exports import export_response
from tacoord.core.forms import add_validation_error
from tacoord.core.permissions import Action, user_may
from tacoord.core.selectors import authors_visible_to, object_history
from tacoord.core.services import object_archive, object_restore_version, object_save, object_unarchive


def url_name(model, suffix: str = "") -> str:
    return f"{model._meta.app_label}:{model._meta.model_name}{suffix}"


class ObjectMixin:
    queryset = None

    @property
    def model(self):
        return self.queryset.model

    def base_context(self):
        return {"model_name": self.model._meta.verbose_name, "model_name_plural": self.model._meta.verbose_name_plural,
                "list_url": reverse(url_name(self.model, "_list"))}


class ObjectListView(ObjectMixin, TemplateResponseMixin, View):
    template_name = "core/object_list.html"
    filterset = None
    columns: list = []
    paginate_by = 50
    export_stem = None

    def get_queryset(self, request):
        return self.queryset.restrict(request.user, Action.VIEW)

    def get(self, request):
        queryset = self.get_queryset(request)
        filterset = None
        if self.filterset:
            # Invalid filter values are shown on the form and left out of the filtering.
            filterset = self.filterset(request.GET, queryset=queryset, request=request)
            queryset = filterset.qs
        fmt = request.GET.get("export")
        if fmt in {"csv", "xlsx"}:
            return export_response(columns=self.columns, queryset=queryset,
                                   file_stem=self.export_stem or self.model._meta.model_name, fmt=fmt)
        page = Paginator(queryset, self.paginate_by).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        context = {
            **self.base_context(),
            "filterset": filterset,
            "columns": self.columns,
            "page": page,
            "rows": [(obj, [column.value(obj) for column in self.columns]) for obj in page.object_list],
            "querystring": query.urlencode(),
            "may_add": self.may_add(request),
            "add_url": self.add_url(),
            **self.get_extra_context(request),
        }
        if request.htmx and request.htmx.target == "object-table":
            # A filter changed: only the table is sent back.
            return TemplateResponse(request, "core/object_table.html", context)
        return self.render_to_response(context)

    def get_extra_context(self, request) -> dict:
        return {}

    def add_url(self):
        try:
            return reverse(url_name(self.model, "_add"))
        except NoReverseMatch:  # a read-only list has no add page
            return None

    def may_add(self, request) -> bool:
        return request.user.is_authenticated and self.add_url() is not None and user_may(
            request.user, Action.ADD, self.model())


class ObjectDetailView(ObjectMixin, TemplateResponseMixin, View):
    template_name = "core/object_detail.html"

    def get_object(self, request, **kwargs):
        return get_object_or_404(self.queryset.restrict(request.user, Action.VIEW), **kwargs)

    def get_extra_context(self, request, obj) -> dict:
        return {}

    def get(self, request, **kwargs):
        obj = self.get_object(request, **kwargs)
        context = {
            **self.base_context(),
            "object": obj,
            "may_change": request.user.is_authenticated and user_may(request.user, Action.CHANGE, obj),
            "may_archive": request.user.is_authenticated and user_may(request.user, Action.ARCHIVE, obj),
            **self.get_extra_context(request, obj),
        }
        return self.render_to_response(context)


class ObjectEditView(LoginRequiredMixin, ObjectMixin, TemplateResponseMixin, View):
    """Add (no pk) or change a record. The form validates fields; the service checks permission and saves."""

    template_name = "core/object_edit.html"
    form_class = None

    def get_object(self, request, **kwargs):
        if not kwargs:
            return self.model()
        obj = get_object_or_404(self.queryset.restrict(request.user, Action.VIEW), **kwargs)
        if not user_may(request.user, Action.CHANGE, obj):
            raise PermissionDenied(_("You may not change %(object)s.") % {"object": obj})
        return obj

    def get_form(self, request, obj, data=None):
        return self.form_class(data=data, instance=obj, user=request.user)

    def render_form(self, request, obj, form):
        return self.render_to_response({**self.base_context(), "object": obj, "form": form})

    def get(self, request, **kwargs):
        obj = self.get_object(request, **kwargs)
        if obj.pk is None and not user_may(request.user, Action.ADD, obj):
            raise PermissionDenied(_("You may not add this kind of record."))
        return self.render_form(request, obj, self.get_form(request, obj, None))

    def save(self, *, user, form):
        """Hand the validated form to the service that writes; a model with rules of its own names its service."""
        instance = form.save(commit=False)
        relations = {field.name: form.cleaned_data[field.name] for field in instance._meta.many_to_many
                     if field.name in form.cleaned_data}
        return object_save(user=user, obj=instance, relations=relations)

    def post(self, request, **kwargs):
        obj = self.get_object(request, **kwargs)
        form = self.get_form(request, obj, request.POST)
        if form.is_valid():
            try:
                with transaction.atomic():
                    instance = self.save(user=request.user, form=form)
            except ValidationError as error:
                add_validation_error(form, error)
            except PermissionDenied as error:
                form.add_error(None, str(error) or _("You may not save this record."))
            else:
                messages.success(request, _("Saved %(object)s.") % {"object": instance})
                return HttpResponseRedirect(instance.get_absolute_url())
        return self.render_form(request, obj, form)


class ObjectArchiveView(LoginRequiredMixin, ObjectMixin, View):
    def post(self, request, **kwargs):
        obj = get_object_or_404(self.queryset.restrict(request.user, Action.VIEW), **kwargs)
        if request.POST.get("unarchive"):
            object_unarchive(user=request.user, obj=obj)
            messages.success(request, _("%(object)s is taken out of the archive.") % {"object": obj})
        else:
            object_archive(user=request.user, obj=obj)
            messages.success(request, _("%(object)s is archived. It can be taken out of the archive at any time.")
                             % {"object": obj})
        return HttpResponseRedirect(obj.get_absolute_url())


class ObjectHistoryView(ObjectMixin, TemplateResponseMixin, View):
    """Every change to one record, with what changed; a person who may change it can restore any version."""

    template_name = "core/object_history.html"

    def get(self, request, **kwargs):
        obj = get_object_or_404(self.queryset.restrict(request.user, Action.VIEW), **kwargs)
        changes = self.history(obj)
        page = Paginator(changes, 50).get_page(request.GET.get("page"))
        # The log names only the people the viewer may see: the public sees no one.
        visible = authors_visible_to(user=request.user, changes=page)
        return self.render_to_response({
            **self.base_context(),
            "object": obj,
            "page": page,
            "rows": self.history_rows(obj, page),
            "visible_authors": visible,
            "latest_id": changes.values_list("pk", flat=True).first(),
            "may_restore": self.may_restore(request.user, obj),
        })

    def history(self, obj):
        """The changes shown, newest first: the record's own; a record shown with its parts adds theirs."""
        return object_history(obj=obj)

    def history_rows(self, obj, page) -> list[tuple]:
        """(change, an instance of the model changed — for labels and values —, the kind of record it is when not
        `obj` itself) for each change of the page."""
        return [(change, obj, None) for change in page]

    def may_restore(self, user, obj) -> bool:
        return user.is_authenticated and user_may(user, Action.CHANGE, obj)

    def post(self, request, **kwargs):
        if not request.user.is_authenticated:
            # As for every other write: a visitor is asked to sign in.
            return redirect_to_login(request.get_full_path())
        obj = get_object_or_404(self.queryset.restrict(request.user, Action.VIEW), **kwargs)
        change_id = request.POST.get("change", "")
        change = object_history(obj=obj).filter(pk=change_id).first() if change_id.isdecimal() else None
        if change is None:
            raise Http404
        try:
            self.restore(user=request.user, obj=obj, change=change)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("%(object)s is restored to the version of %(time)s.")
                             % {"object": obj, "time": change.time.strftime("%Y-%m-%d %H:%M")})
        return HttpResponseRedirect(reverse(url_name(self.model, "_history"), kwargs=kwargs))

    def restore(self, *, user, obj, change):
        """The service that restores; a model whose writes have rules of their own names its own."""
        return object_restore_version(user=user, obj=obj, change=change)


__all__ = ["ObjectArchiveView", "ObjectDetailView", "ObjectEditView", "ObjectHistoryView", "ObjectListView"]

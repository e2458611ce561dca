"""IATI imports through the API: a provider's system uploads its files and reads the report, as the upload page does.
Lists and reports go through the one permission check (`ImportRunPolicy`); an upload through `may_import`."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from tacoord.core.api.views import RestrictedReadOnlyViewSet
from tacoord.iati.api.serializers import ImportIssueSerializer, ImportRunSerializer, ImportUploadSerializer
from tacoord.iati.choices import IssueKind
from tacoord.iati.models import ImportRun
from tacoord.iati.permissions import may_import
from tacoord.iati.uploads import import_uploaded


class ImportRunViewSet(mixins.CreateModelMixin, RestrictedReadOnlyViewSet):
    """IATI imports: each with its files and counts; `issues` lists its refusals, rejections and warnings. POST
    (multipart, one or more `files`) imports: a small upload is done when the answer comes, a larger one is queued
    (its `status` says which)."""

    queryset = ImportRun.objects.select_related("user")
    serializer_class = ImportRunSerializer
    filter_backends = []

    def get_parsers(self):
        if getattr(self, "action", None) == "create":
            return [MultiPartParser()]
        return super().get_parsers()

    @extend_schema(request={"multipart/form-data": ImportUploadSerializer}, responses={201: ImportRunSerializer})
    def create(self, request, *args, **kwargs):
        if not may_import(request.user):
            raise PermissionDenied(_("Only the secretariat and provider officers import IATI files."))
        upload = ImportUploadSerializer(data={"files": request.FILES.getlist("files"),
                                              "read_again": request.data.get("read_again", False)})
        upload.is_valid(raise_exception=True)
        run = import_uploaded(user=request.user, uploads=upload.validated_data["files"],
                              read_again=upload.validated_data["read_again"])
        return Response(self.get_serializer(run).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=ImportIssueSerializer(many=True), parameters=[
        OpenApiParameter("kind", enum=IssueKind.values, description=_("Only refusals, rejections or warnings."))])
    @action(detail=True, methods=["get"])
    def issues(self, request, pk=None):
        """The run's refusals, rejections and warnings with file, line and identifier, in the caller's language."""
        run = self.get_object()
        issues = run.issues.all()
        if request.query_params.get("kind") in IssueKind.values:
            issues = issues.filter(kind=request.query_params["kind"])
        page = self.paginate_queryset(issues)
        return self.get_paginated_response(ImportIssueSerializer(page, many=True).data)

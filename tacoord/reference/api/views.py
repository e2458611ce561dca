"""Read-only reference data: anyone may read it, nobody writes it through the API."""

from tacoord.core.api.views import RestrictedReadOnlyViewSet
from tacoord.reference.api import serializers
from tacoord.reference.models import (
    Article,
    Cluster,
    CodelistItem,
    Country,
    Instrument,
    Language,
    PriorityArea,
    Region,
    Sector,
    TechnicalAssistanceType,
)


class RegionViewSet(RestrictedReadOnlyViewSet):
    queryset = Region.objects.all()
    serializer_class = serializers.RegionSerializer
    filterset_fields = ["level", "m49_code"]


class CountryViewSet(RestrictedReadOnlyViewSet):
    queryset = Country.objects.select_related("region", "sub_region", "intermediate_region")
    serializer_class = serializers.CountrySerializer
    filterset_fields = ["iso2", "iso3", "un_status", "is_ldc", "is_lldc", "is_sids", "region__m49_code",
                        "sub_region__m49_code"]
    search_fields = ["name_en", "name_fr", "name_es", "name_ru", "name_zh", "name_ar", "iso3"]


class InstrumentViewSet(RestrictedReadOnlyViewSet):
    queryset = Instrument.objects.all()
    serializer_class = serializers.InstrumentSerializer


class ClusterViewSet(RestrictedReadOnlyViewSet):
    queryset = Cluster.objects.all()
    serializer_class = serializers.ClusterSerializer


class ArticleViewSet(RestrictedReadOnlyViewSet):
    queryset = Article.objects.select_related("instrument", "cluster")
    serializer_class = serializers.ArticleSerializer
    filterset_fields = ["instrument__code", "cluster__code", "is_final_clause", "number"]
    search_fields = ["name_en", "name_fr", "name_es", "name_ru", "name_zh", "name_ar"]


class PriorityAreaViewSet(RestrictedReadOnlyViewSet):
    queryset = PriorityArea.objects.all()
    serializer_class = serializers.PriorityAreaSerializer


class TechnicalAssistanceTypeViewSet(RestrictedReadOnlyViewSet):
    queryset = TechnicalAssistanceType.objects.all()
    serializer_class = serializers.TechnicalAssistanceTypeSerializer


class LanguageViewSet(RestrictedReadOnlyViewSet):
    queryset = Language.objects.all()
    serializer_class = serializers.LanguageSerializer
    filterset_fields = ["is_un_official", "code"]


class SectorViewSet(RestrictedReadOnlyViewSet):
    queryset = Sector.objects.all()
    serializer_class = serializers.SectorSerializer
    filterset_fields = ["code", "category", "is_crime_justice", "is_active"]
    search_fields = ["code", "name_en", "name_fr"]


class CodelistItemViewSet(RestrictedReadOnlyViewSet):
    queryset = CodelistItem.objects.all()
    serializer_class = serializers.CodelistItemSerializer
    filterset_fields = ["codelist", "code", "is_active"]

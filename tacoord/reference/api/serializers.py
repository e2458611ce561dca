from rest_framework import serializers

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

NAMES = ["name", "name_ar", "name_zh", "name_en", "name_fr", "name_ru", "name_es"]
SHORT_NAMES = ["short_name", "short_name_ar", "short_name_zh", "short_name_en", "short_name_fr", "short_name_ru",
               "short_name_es"]


class RegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["id", "m49_code", "level", "parent", *NAMES]


class CountrySerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="m49_code", read_only=True)
    sub_region = serializers.SlugRelatedField(slug_field="m49_code", read_only=True)
    intermediate_region = serializers.SlugRelatedField(slug_field="m49_code", read_only=True)

    class Meta:
        model = Country
        fields = ["id", "iso2", "iso3", "m49_code", "un_status", "region", "sub_region", "intermediate_region",
                  "is_ldc", "is_lldc", "is_sids", "latitude", "longitude", *NAMES]


class InstrumentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Instrument
        fields = ["id", "code", "position", "adopted_by", "entry_into_force", *NAMES, *SHORT_NAMES]


class ClusterSerializer(serializers.ModelSerializer):
    class Meta:
        model = Cluster
        fields = ["id", "code", "position", *NAMES]


class ArticleSerializer(serializers.ModelSerializer):
    instrument = serializers.SlugRelatedField(slug_field="code", read_only=True)
    cluster = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Article
        fields = ["id", "instrument", "number", "cluster", "is_final_clause", *NAMES]


class PriorityAreaSerializer(serializers.ModelSerializer):
    class Meta:
        model = PriorityArea
        fields = ["id", "number", *NAMES]


class TechnicalAssistanceTypeSerializer(serializers.ModelSerializer):
    class Meta:
        model = TechnicalAssistanceType
        fields = ["id", "code", "position", *NAMES]


class LanguageSerializer(serializers.ModelSerializer):
    class Meta:
        model = Language
        fields = ["id", "code", "is_un_official", *NAMES]


class SectorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Sector
        fields = ["id", "code", "category", "is_crime_justice", "is_active", "description", *NAMES]


class CodelistItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = CodelistItem
        fields = ["id", "codelist", "code", "is_active", "description", *NAMES]

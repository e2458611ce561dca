from django.db.models import Count
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tacoord.core.i18n import LANGUAGE_LABELS, LANGUAGE_SUFFIXES, localized_order
from tacoord.core.panels import panels_for
from tacoord.core.permissions import Action
from tacoord.core.tables import Column
from tacoord.core.views.generic import ObjectDetailView, ObjectHistoryView, ObjectListView
from tacoord.organisations.choices import OrganisationKind
from tacoord.organisations.models import Organisation
from tacoord.reference.filtersets import ArticleFilterSet, CountryFilterSet
from tacoord.reference.models import (
    Article,
    Cluster,
    Country,
    Instrument,
    Language,
    PriorityArea,
    TechnicalAssistanceType,
)


def reference_index(request):
    return render(request, "reference/index.html", {
        "instruments": Instrument.objects.restrict(request.user, Action.VIEW).annotate(article_count=Count("articles")),
        "clusters": Cluster.objects.restrict(request.user, Action.VIEW).annotate(article_count=Count("articles")),
        "priority_areas": PriorityArea.objects.restrict(request.user, Action.VIEW),
        "ta_types": TechnicalAssistanceType.objects.restrict(request.user, Action.VIEW),
        "delivery_languages": Language.objects.restrict(request.user, Action.VIEW),
    })


class CountryListView(ObjectListView):
    queryset = Country.objects.select_related("region", "sub_region")
    filterset = CountryFilterSet
    columns = [
        Column("name", _("Name"), link=True),
        Column("iso3", _("ISO 3166 alpha-3")),
        Column("m49_code", _("M49 code")),
        Column("get_un_status_display", _("UN status")),
        Column("region.name", _("Region")),
        Column("sub_region.name", _("Sub-region")),
        Column("is_ldc", _("LDC")),
        Column("is_lldc", _("LLDC")),
        Column("is_sids", _("SIDS")),
    ]
    export_stem = "countries"

    def get_queryset(self, request):
        # Alphabetical in the reader's language, not in English.
        return super().get_queryset(request).order_by(localized_order("name"), "iso2")


class CountryView(ObjectDetailView):
    queryset = Country.objects.select_related("region", "sub_region", "intermediate_region")
    template_name = "reference/country.html"

    def get_extra_context(self, request, obj):
        organisations = Organisation.objects.restrict(request.user, Action.VIEW).active().filter(country=obj)
        government = organisations.filter(kind=OrganisationKind.GOVERNMENT)
        return {
            "focal_point": government.filter(is_focal_point=True).first(),
            "agencies": government.filter(is_focal_point=False).select_related("parent"),
            # UNODC field offices, donors' country offices, civil society based in the country.
            "others": organisations.exclude(kind=OrganisationKind.GOVERNMENT).select_related("parent"),
            "panels": panels_for("country", request, obj),
        }


class ArticleListView(ObjectListView):
    """Every article of the Convention and the Protocols, filterable by instrument, cluster and kind."""

    queryset = Article.objects.select_related("instrument", "cluster")
    filterset = ArticleFilterSet
    columns = [
        Column("instrument.short_name", _("Instrument")),
        Column("number", _("Article")),
        Column("name", _("Title"), link=True),
        Column("cluster.name", _("Cluster")),
        Column("is_final_clause", _("Final clause")),
    ]
    # The four instruments have 107 articles: one page shows them all.
    paginate_by = 200
    export_stem = "articles"


class InstrumentView(ObjectDetailView):
    """The Convention or a Protocol with its articles, filterable by cluster."""

    queryset = Instrument.objects.all()
    template_name = "reference/instrument.html"

    def base_context(self):
        # The instruments are listed on the reference index, not on a list page of their own.
        return {"model_name": Instrument._meta.verbose_name, "model_name_plural": Instrument._meta.verbose_name_plural,
                "list_url": reverse("reference:index")}

    def get_extra_context(self, request, obj):
        articles = Article.objects.restrict(request.user, Action.VIEW).filter(instrument=obj).select_related(
            "cluster")
        clusters = Cluster.objects.restrict(request.user, Action.VIEW).filter(
            articles__in=articles).annotate(article_count=Count("articles")).order_by("position")
        selected = request.GET.get("cluster", "")
        if selected:
            articles = articles.filter(cluster__code=selected)
        return {"articles": articles, "clusters": clusters, "selected_cluster": selected}


class ArticleView(ObjectDetailView):
    """One article: its title in the six languages, its cluster, and the articles around it."""

    queryset = Article.objects.select_related("instrument", "cluster")
    template_name = "reference/article.html"

    def get_object(self, request, *, code, number):
        return super().get_object(request, instrument__code=code, number=number)

    def get_extra_context(self, request, obj):
        siblings = Article.objects.restrict(request.user, Action.VIEW).filter(instrument_id=obj.instrument_id)
        return {
            "previous": siblings.filter(number__lt=obj.number).select_related("instrument").order_by(
                "-number").first(),
            "next": siblings.filter(number__gt=obj.number).select_related("instrument").order_by("number").first(),
            "same_cluster": Article.objects.restrict(request.user, Action.VIEW).filter(
                cluster_id=obj.cluster_id).exclude(pk=obj.pk).select_related("instrument") if obj.cluster_id else [],
            "titles": [(code, LANGUAGE_LABELS[code], getattr(obj, f"name_{code}")) for code in LANGUAGE_SUFFIXES],
        }


class CountryHistoryView(ObjectHistoryView):
    """What the reference data said about a country before each `load_reference` that changed it."""

    queryset = Country.objects.all()

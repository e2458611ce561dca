from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _

from tacoord.core.permissions import Action
from tacoord.core.tables import Column
from tacoord.core.views.generic import ObjectDetailView, ObjectListView
from tacoord.organisations.models import Organisation
from tacoord.reference.filtersets import CountryFilterSet
from tacoord.reference.models import Article, Cluster, Country, Instrument, PriorityArea, TechnicalAssistanceType


def reference_index(request):
    return render(request, "reference/index.html", {
        "instruments": Instrument.objects.restrict(request.user, Action.VIEW),
        "clusters": Cluster.objects.restrict(request.user, Action.VIEW),
        "priority_areas": PriorityArea.objects.restrict(request.user, Action.VIEW),
        "ta_types": TechnicalAssistanceType.objects.restrict(request.user, Action.VIEW),
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


class CountryView(ObjectDetailView):
    queryset = Country.objects.select_related("region", "sub_region", "intermediate_region")
    template_name = "reference/country.html"

    def get_extra_context(self, request, obj):
        organisations = Organisation.objects.restrict(request.user, Action.VIEW).active().filter(country=obj)
        return {
            "focal_point": organisations.filter(is_focal_point=True).first(),
            "agencies": organisations.filter(is_focal_point=False).select_related("parent"),
        }


def instrument_detail(request, code):
    instrument = get_object_or_404(Instrument.objects.restrict(request.user, Action.VIEW), code=code)
    articles = Article.objects.restrict(request.user, Action.VIEW).filter(instrument=instrument).select_related(
        "cluster")
    cluster = request.GET.get("cluster")
    if cluster:
        articles = articles.filter(cluster__code=cluster)
    return render(request, "reference/instrument.html", {
        "instrument": instrument, "articles": articles, "clusters": Cluster.objects.all(), "selected_cluster": cluster,
    })


def article_detail(request, code, number):
    article = get_object_or_404(Article.objects.restrict(request.user, Action.VIEW).select_related(
        "instrument", "cluster"), instrument__code=code, number=number)
    return render(request, "reference/article.html", {"article": article})

"""The constructed case of the quality bar, made directly: a French-speaking West African State needing
legislative drafting on mutual legal assistance (UNTOC article 18); a French-speaking provider of legislative
assistance working in Africa; an English-only provider of firearms training working in the Americas."""

import datetime

from tacoord.core.context import change_context
from tacoord.experts.tests.helpers import expert
from tacoord.needs.models import Need
from tacoord.providers.tests.helpers import profile, reference
from tacoord.reference.models import (
    Article,
    Cluster,
    Country,
    Instrument,
    Language,
    PriorityArea,
    Region,
    TechnicalAssistanceType,
)


def need(country, *, article=None, ta_type="legislative-drafting", languages=("fr",), status="validated",
         priority_area=None, description="") -> Need:
    with change_context(user=None, source="test"):
        made = Need(country=country, article=article, ta_type=TechnicalAssistanceType.objects.get(code=ta_type),
                    status=status, priority_area=priority_area, description=description)
        made.full_clean()
        made.save()
        made.languages.set(Language.objects.filter(code__in=languages))
    return made


def constructed(world) -> dict:
    ref = reference(world)
    west = Region.objects.create(m49_code="011", level="sub_region", name_en="Western Africa", parent=ref["africa"])
    senegal = Country.objects.create(iso2="SN", iso3="SEN", name_en="Senegal", name_fr="Sénégal",
                                     region=ref["africa"], sub_region=west)
    firearms = Instrument.objects.create(code="FP", name_en="Firearms Protocol", short_name_en="Firearms", position=4)
    fp_cluster = Cluster.objects.create(code="FIRE", name_en="Firearms control", position=5)
    ref["fp_a8"] = Article.objects.create(instrument=firearms, number=8, cluster=fp_cluster, name_en="Marking")
    cooperation = PriorityArea.objects.get(number=3)
    drafting = TechnicalAssistanceType.objects.get(code="legislative-drafting")
    training = TechnicalAssistanceType.objects.get(code="training")
    francophone = profile(world.provider, articles=[ref["untoc_a18"]], languages=["fr", "en"],
                          regions=[ref["africa"]], offers_on_site=True, offers_remote=True,
                          summary="Legislative assistance on mutual legal assistance and extradition laws")
    francophone.ta_types.set([drafting])
    francophone.priority_areas.set([cooperation])
    anglophone = profile(world.other_provider, articles=[ref["fp_a8"]], languages=["en"],
                         countries=[world.state_b], offers_on_site=True,
                         summary="Firearms marking and record-keeping training for police")
    anglophone.ta_types.set([training])
    anglophone.priority_areas.set([cooperation])
    mla = need(senegal, article=ref["untoc_a18"], priority_area=cooperation,
               description="Draft a law on mutual legal assistance in criminal matters")
    today = datetime.date.today()
    roster = expert(first_name="Claire", last_name="Martin", languages=["fr"], articles=[ref["untoc_a18"]],
                    expertise="Mutual legal assistance legislation",
                    periods=[(today.isoformat(), (today + datetime.timedelta(days=60)).isoformat())])
    return {**ref, "senegal": senegal, "west": west, "francophone": francophone, "anglophone": anglophone,
            "need": mla, "cooperation": cooperation, "expert": roster}

import pytest

from tacoord.assistance import lifecycle as lc
from tacoord.assistance.models import Request, RequestStep
from tacoord.assistance.selectors import median_days_by_stage, pipeline
from tacoord.assistance.tests.helpers import make_request

pytestmark = pytest.mark.django_db


def test_medians_whole_table_and_filtered_agree_with_python(world):
    request = make_request(world)
    other = make_request(world, title="Other")
    days = {"submitted": [1.0, 4.0, 2.5, 10.0], "under_triage": [3.0, 7.0, 5.0]}
    for stage, values in days.items():
        for value in values:
            RequestStep.objects.create(request=request, action="x", from_stage=stage, to_stage=stage,
                                       days_in_stage=value)
    RequestStep.objects.create(request=other, action="x", from_stage="submitted", to_stage="submitted",
                               days_in_stage=100.0)
    everything = median_days_by_stage(Request.objects.all(), whole_table=True)
    assert everything == {"submitted": 4.0, "under_triage": 5.0}
    only_first = median_days_by_stage(Request.objects.filter(pk=request.pk))
    assert only_first == {"submitted": round(lc.median(days["submitted"]), 1), "under_triage": 5.0}


def test_pipeline_counts_by_state_and_region(world):
    make_request(world)
    make_request(world, title="Second")
    data = pipeline(user=world.secretariat)
    assert data["total"] == 2
    assert {stage: count for stage, _label, count, _median in data["stages"]}["draft"] == 2
    assert [(country.iso2, total) for country, _counts, total in data["by_state"]] == [("KE", 2)]
    assert sum(total for _region, _counts, total in data["by_region"]) == 2
    assert pipeline(user=world.focal_b)["total"] == 0 and pipeline(user=world.officer)["total"] == 0

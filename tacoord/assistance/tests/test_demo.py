import pytest

from tacoord.assistance import lifecycle as lc
from tacoord.assistance.demo import SYNTHETIC_MARK, demo_requests_build
from tacoord.assistance.models import Offer, Request

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_world(db):
    from django.core.management import call_command

    from tacoord.demo.world import demo_world_build

    call_command("load_reference", verbosity=0)
    return demo_world_build()


def test_demo_requests_in_every_stage(demo_world):
    lines = demo_requests_build(world=demo_world, seed=7)
    assert lines and "synthetic" in lines[0]
    stages = set(Request.objects.values_list("stage", flat=True))
    assert stages == set(lc.STAGES)
    assert all(request.synthetic and request.context.startswith(SYNTHETIC_MARK) for request in Request.objects.all())
    assert Offer.objects.filter(co_providers__isnull=False).exists()
    completed = Request.objects.get(stage=lc.COMPLETED)
    assert completed.milestones.exists() and completed.activity is not None

from types import SimpleNamespace

import pytest
from django.contrib.contenttypes.models import ContentType

from tacoord.activities.models import Activity
from tacoord.core.models import ObjectChange
from tacoord.iati.demo import demo_iati_build

pytestmark = pytest.mark.django_db


def test_the_demo_imports_the_committed_excerpt_as_the_secretariat(reference, world):
    lines = demo_iati_build(world=SimpleNamespace(people={"secretariat": world.secretariat}))
    assert "added" in lines[0]
    assert Activity.objects.filter(origin="iati_import").count() > 200
    activity = Activity.objects.first()
    change = ObjectChange.objects.filter(changed_object_type=ContentType.objects.get_for_model(Activity),
                                         changed_object_id=str(activity.pk), action="create").get()
    assert (change.user, change.source) == (world.secretariat, "demo")
    assert demo_iati_build(world=SimpleNamespace(people={"secretariat": world.secretariat}))[0].startswith(
        "IATI import of real d-portal activities: 0 added")

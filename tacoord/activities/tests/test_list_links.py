"""The activity list offers the IATI export to everyone, with the list's filters, and the IATI import and the review
of proposed tags only to those who may import."""

import pytest

from tacoord.activities.tests.helpers import make_activity
from tacoord.reference.models import Language

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("who", "may_import"), [
    (None, False), ("focal_a", False), ("agency_a", False), ("officer", True), ("secretariat", True)])
def test_iati_links_on_the_activity_list(world, client_for, who, may_import):
    user = getattr(world, who) if who else None
    page = client_for(user).get("/activities/?country=KE&page=2").content.decode()
    assert 'href="/iati/export/?country=KE"' in page
    assert ('href="/iati/import/"' in page) is may_import
    assert ('href="/iati/tags/"' in page) is may_import



def test_switching_the_interface_language_does_not_filter_the_list(world, client_for):
    """?language= is the interface language (core.middleware), never the activities' language of delivery."""
    french = Language.objects.create(code="fr", name_en="French", is_un_official=True)
    Language.objects.create(code="ar", name_en="Arabic", is_un_official=True)
    make_activity(reporter=world.provider, identifier="DE-1-0001-KE", title="Kenya prosecutors",
                  countries=[world.state_a])
    make_activity(reporter=world.provider, identifier="DE-1-0002-KE", title="Formation des juges",
                  countries=[world.state_a], relations={"delivery_languages": [french]})
    client = client_for(world.officer)
    page = client.get("/activities/?language=ar").content.decode()
    assert 'lang="ar"' in page and "Kenya prosecutors" in page
    assert "Formation des juges" in page
    in_french = client.get("/activities/?delivery_language=fr").content.decode()
    assert "Formation des juges" in in_french and "Kenya prosecutors" not in in_french

"""The activity list offers the IATI export to everyone, with the list's filters, and the IATI import and the review
of proposed tags only to those who may import."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("who", "may_import"), [
    (None, False), ("focal_a", False), ("agency_a", False), ("officer", True), ("secretariat", True)])
def test_iati_links_on_the_activity_list(world, client_for, who, may_import):
    user = getattr(world, who) if who else None
    page = client_for(user).get("/activities/?country=KE&page=2").content.decode()
    assert 'href="/iati/export/?country=KE"' in page
    assert ('href="/iati/import/"' in page) is may_import
    assert ('href="/iati/tags/"' in page) is may_import

import csv
import io

import pytest

from tacoord.core import maps
from tacoord.needs.choices import NeedStatus
from tacoord.needs.models import Need
from tacoord.needs.services import needs_derive, rules_install_default
from tacoord.needs.tests import helpers

pytestmark = pytest.mark.django_db


@pytest.fixture
def derived(world):
    maps._build.cache_clear()
    articles = helpers.reference()
    template = helpers.self_assessment(articles)
    rules_install_default()
    cycle = helpers.cycle(template)
    kenya = helpers.response(cycle, world.state_a)
    helpers.needing(kenya, "untoc_a5", ta_types=["training", "legal-advice"])
    helpers.needing(kenya, "tip_a5", ta_types=["legislative-drafting"], priority="low")
    needs_derive(response=kenya)
    peru = helpers.response(cycle, world.state_b)
    helpers.needing(peru, "untoc_a18", ta_types=["training"])
    needs_derive(response=peru)
    Need.objects.filter(country=world.state_a, ta_type__code="training").update(status=NeedStatus.VALIDATED)
    Need.objects.filter(country=world.state_a, ta_type__code="legal-advice").update(status=NeedStatus.WITHDRAWN)
    yield
    maps._build.cache_clear()


def counts(page):
    assert page.status_code == 200
    return {row.iso2.upper(): row.value for row in page.context["map"].rows}


def test_map_page_for_the_secretariat(world, client_for, derived):
    client = client_for(world.secretariat)
    page = client.get("/needs/analysis/map/")
    assert counts(page) == {"KE": 2, "PE": 1}  # the withdrawn need is not counted
    html = page.content.decode()
    world_map = page.context["map"]
    assert world_map.base_url in html.replace("&amp;", "&")
    ke = next(area for area in world_map.areas if area.iso2 == "ke")
    assert ke.bucket.index == len(world_map.buckets) - 1
    assert ke.url.startswith("/needs/?") and "country=KE" in ke.url and "status=withdrawn" not in ke.url
    # the link lists the needs the State was counted for
    assert len(client.get(ke.url).context["page"].object_list) == 2
    assert "Map of needs" in html and "<details class=\"wm-table\">" in html
    # the analysis page's filters apply, and it links here with them
    assert counts(client.get("/needs/analysis/map/?priority=low")) == {"KE": 1}
    assert counts(client.get("/needs/analysis/map/?country=PE")) == {"PE": 1}
    analysis = client.get("/needs/analysis/?priority=high").content.decode()
    assert 'href="/needs/analysis/map/?priority=high"' in analysis


def test_map_counts_respect_permissions(world, client_for, derived):
    # providers see validated needs only; a focal point sees its own State's needs and others' validated ones
    assert counts(client_for(world.officer).get("/needs/analysis/map/")) == {"KE": 1}
    assert counts(client_for(world.focal_b).get("/needs/analysis/map/")) == {"KE": 1, "PE": 1}
    assert counts(client_for(None).get("/needs/analysis/map/")) == {}
    assert "No needs" in client_for(None).get("/needs/analysis/map/").content.decode()


def test_map_export(world, client_for, derived):
    exported = client_for(world.secretariat).get("/needs/analysis/map/?export=csv").content.decode()
    assert list(csv.reader(io.StringIO(exported.lstrip("\ufeff")))) == [["Value", "Needs"], ["Kenya", "2"],
                                                                       ["Peru", "1"]]


def test_small_states_are_dots_on_the_map(world, client_for, derived):
    """Tuvalu is too small for the package's map: it is drawn as a dot at its coordinates, coloured and linked like
    any State, and no longer listed under the map as missing."""
    from tacoord.reference.models import Cluster, TechnicalAssistanceType
    from tacoord.testing.factories import CountryFactory

    tuvalu = CountryFactory(iso2="TV", iso3="TUV", name_en="Tuvalu", latitude=-8.52, longitude=179.2)
    Need.objects.create(country=tuvalu, cluster=Cluster.objects.first(),
                        ta_type=TechnicalAssistanceType.objects.first(), status=NeedStatus.VALIDATED)
    page = client_for(world.officer).get("/needs/analysis/map/")
    world_map = page.context["map"]
    dot = next(area for area in world_map.areas if area.iso2 == "tv")
    assert dot.value == 1 and dot.url and "country=TV" in dot.url and dot.bucket is not None
    assert world_map.not_on_map == []
    assert "Not shown on the map" not in page.content.decode()
    base = maps.world_map_file("en").body.decode()
    x, y = maps.project(-8.52, 179.2)
    assert f'<circle id="tv" data-iso2="tv" cx="{round(x, 1):g}" cy="{round(y, 1):g}"' in base
    assert "<title>Tuvalu</title></circle>" in base
    # The base map served by its view carries the dot, and its URL changed with it (new content, new version).
    served = client_for(None).get("/maps/world.svg?language=en", HTTP_ACCEPT_ENCODING="identity")
    assert b'<circle id="tv"' in served.content


def test_projection_matches_the_drawn_small_countries():
    """The projection puts small countries the package does draw where it draws them (within a few map units)."""
    known = {"mt": (35.9, 14.4), "sg": (1.35, 103.8), "bh": (26.0, 50.55), "lu": (49.8, 6.1), "jm": (18.1, -77.3)}
    for code, (latitude, longitude) in known.items():
        _data, (x0, y0, x1, y1) = maps.slim_path([maps.shapes().paths[code]])
        centre = ((x0 + x1) / 2 / maps.PRECISION, (y0 + y1) / 2 / maps.PRECISION)
        x, y = maps.project(latitude, longitude)
        assert abs(x - centre[0]) < 15 and abs(y - centre[1]) < 15, (code, (x, y), centre)


def test_pacific_dots_fall_inside_the_map():
    """Tonga and Samoa lie west of the date line's left edge of the drawn countries, Kiribati and Tuvalu east of its
    right edge: the map's view box is widened to take them in."""
    small = tuple(maps.Dot(code, *maps.project(latitude, longitude)) for code, latitude, longitude in [
        ("to", -21.2, -175.2), ("ws", -13.8, -172.1), ("ki", 1.87, 173.0), ("tv", -8.52, 179.2)])
    x, y, width, height = (float(value) for value in maps.view_box(small).split())
    for dot in small:
        assert x < dot.x - maps.DOT_RADIUS and dot.x + maps.DOT_RADIUS < x + width, dot
        assert y < dot.y - maps.DOT_RADIUS and dot.y + maps.DOT_RADIUS < y + height, dot

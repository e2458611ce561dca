import gzip
import re

import pytest

from tacoord.core import maps
from tacoord.core.maps import choropleth_classes, classify, slim_path

# ------------------------------------------------------------------------------------------------ buckets


def test_buckets_empty_and_no_data():
    assert choropleth_classes({}) == {}
    assert choropleth_classes({"fr": None}) == {}
    assert classify({}).buckets == []


def test_buckets_one_value_and_equal_values():
    for method in ("quantile", "equal"):
        assert choropleth_classes({"fr": 3}, method=method) == {"fr": 0}
        result = classify({"fr": 4, "de": 4, "ke": 4}, method=method)
        assert result.classes == {"fr": 0, "de": 0, "ke": 0}
        assert [(b.low, b.high, b.count, b.label) for b in result.buckets] == [(4, 4, 3, "4")]


def test_quantile_buckets():
    values = {f"c{n}": n for n in range(1, 11)}  # 1..10
    result = classify(values, buckets=5)
    assert [result.classes[f"c{n}"] for n in range(1, 11)] == [0, 0, 1, 1, 2, 2, 3, 3, 4, 4]
    assert [b.label for b in result.buckets] == ["1–2", "3–4", "5–6", "7–8", "9–10"]
    assert [b.colour for b in result.buckets] == maps.PALETTES[5]
    # equal values are never split; no more classes than distinct values
    skewed = classify({"a": 1, "b": 1, "c": 1, "d": 1, "e": 1, "f": 2, "g": 50}, buckets=5)
    assert len({skewed.classes[k] for k in "abcde"}) == 1
    assert len(skewed.buckets) == 3 and skewed.classes["g"] == 2
    assert sum(b.count for b in skewed.buckets) == 7


def test_equal_interval_buckets():
    result = classify({"a": 0, "b": 10, "c": 2.5, "d": 9.9}, buckets=4, method="equal")
    assert result.classes == {"a": 0, "b": 3, "c": 0, "d": 3}
    assert [(b.low, b.high, b.count) for b in result.buckets] == [(0, 2.5, 2), (2.5, 5, 0), (5, 7.5, 0),
                                                                   (7.5, 10, 2)]
    assert result.buckets[0].label == "0–2.5"


def test_bucket_arguments():
    assert len(classify({f"c{n}": n for n in range(100)}, buckets=50).buckets) == maps.MAX_BUCKETS
    assert len(classify({"a": 1, "b": 2}, buckets=0).buckets) == 1
    with pytest.raises(ValueError):
        classify({"a": 1}, method="jenks")


# ------------------------------------------------------------------------------------------------ path slimming


def absolute_points(d):
    """The end points of a path of m/M, l, c and h/v commands, in absolute coordinates."""
    tokens = re.findall(r"[A-Za-z]|-?(?:\d+\.?\d*|\.\d+)", d)
    points, x, y, command, position = [], 0.0, 0.0, "", 0
    arity = {"m": 2, "l": 2, "c": 6, "s": 4, "h": 1, "v": 1}
    while position < len(tokens):
        if tokens[position].isalpha():
            command = tokens[position]
            position += 1
            continue
        n = arity[command.lower()]
        values = [float(v) for v in tokens[position:position + n]]
        position += n
        if command == "M":
            x, y = values
            command = "L"
        elif command == "L":
            x, y = values
        elif command == "h":
            x += values[0]
        elif command == "v":
            y += values[0]
        else:
            x, y = x + values[-2], y + values[-1]
            if command == "m":
                command = "l"
        points.append((round(x, 6), round(y, 6)))
    return points


def test_slim_path_rounds_absolute_positions_without_drift():
    # forty steps of 0.04: rounding each step would never move; rounding positions ends at 1.6
    source = "m10 20" + "l0.04 0.04" * 40
    data, box = slim_path([source])
    assert data.startswith("M10 20")
    assert absolute_points(data)[-1] == (11.6, 21.6)
    assert box == (100, 200, 116, 216)


def test_slim_path_merges_paths_and_drops_empty_steps():
    data, _box = slim_path(["m1.04 1.04c0 0 0 0 0.01 0.01h5.55", "m100 100v-0.5l-1.25 0z"])
    # the second path's moveto, absolute in its own element, becomes relative to where the first ended;
    # halves round to even (98.75 → 98.8)
    assert absolute_points(data) == [(1.0, 1.0), (6.6, 1.0), (100.0, 100.0), (100.0, 99.5), (98.8, 99.5)]
    assert "c" not in data and data.endswith("z")
    with pytest.raises(ValueError):
        slim_path(["m0 0a1 1 0 0 1 2 2"])


def test_base_map_is_slimmed():
    shapes = maps.shapes()
    assert len(shapes.paths) > 180 and "fr" in shapes.paths and "aq" not in shapes.paths
    assert all(re.fullmatch(r"[Mmlcsvhz\d .\-]+", d) for d in shapes.paths.values())
    assert not any(re.search(r"\.\d\d", d) for d in shapes.paths.values())  # one decimal at most


# ------------------------------------------------------------------------------------------------ the base map file


@pytest.fixture
def fresh_map():
    maps._build.cache_clear()
    yield
    maps._build.cache_clear()


@pytest.mark.django_db
def test_base_map_endpoint(client, world, fresh_map):
    url = maps.world_map_url("fr")
    assert url.startswith("/maps/world.svg?language=fr&v=")
    response = client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    assert response["Content-Encoding"] == "gzip"
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert "Accept-Encoding" in response["Vary"] and "Cookie" not in response.get("Vary", "")
    body = gzip.decompress(response.content).decode()
    assert body.startswith('<svg xmlns="http://www.w3.org/2000/svg" viewBox="')
    # names in the asked-for language from the reference data, else the package's English names
    assert '<path id="ke" data-iso2="ke" d="M' in body
    assert "<title>Allemagne</title>" in body and "<title>Kenya</title>" in body and "<title>France</title>" in body
    assert "<script" not in body and "map-element" not in body and "on" + "load" not in body
    etag = response["ETag"]

    plain = client.get(url)
    assert "Content-Encoding" not in plain and plain.content.decode() == body and plain["ETag"] != etag
    assert client.get(url, HTTP_ACCEPT_ENCODING="gzip;q=0").get("Content-Encoding") is None

    again = client.get(url, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == etag

    # without its version the map is still served, for an hour, varying with the user's language
    bare = client.get("/maps/world.svg")
    assert bare.status_code == 200 and bare["Cache-Control"] == "public, max-age=3600"
    assert "Accept-Language" in bare["Vary"]
    assert client.post("/maps/world.svg").status_code == 405


@pytest.mark.django_db
def test_base_map_version_follows_names(world, fresh_map):
    before = maps.world_map_url("en")
    world.state_a.name_en = "Republic of Kenya"
    world.state_a.save()
    assert maps.world_map_url("en") != before
    assert "<title>Republic of Kenya</title>" in maps.world_map_file("en").body.decode()


@pytest.mark.django_db
def test_world_map_include(world, fresh_map):
    from django.template.loader import render_to_string

    world_map = maps.world_map(values={"KE": 5, "PE": 1, "FJ": 2}, caption="Needs", value_label="Needs",
                               url=lambda iso2: f"/needs/?country={iso2}")
    assert {area.iso2 for area in world_map.areas} == set(maps.shapes().paths)
    assert [row.iso2 for row in world_map.rows] == ["ke", "fj", "pe"]
    assert [area.iso2 for area in world_map.not_on_map] == ["fj"]  # Fiji is not in the base map
    html = render_to_string("core/world_map.html", {"map": world_map})
    base = world_map.base_url.replace("&", "&amp;")
    assert f'<a href="/needs/?country=KE" tabindex="-1"><title>Kenya: 5</title><use href="{base}#ke"' in html
    assert f'<use href="{base}#fr"/>' in html  # no data
    assert "No data" in html and "<table>" in html and "<script" not in html
    assert html.count('class="wm-swatch"') == len(world_map.buckets) + 1 + 1  # legend, no data, Fiji

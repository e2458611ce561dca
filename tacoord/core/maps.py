"""World maps: a slimmed base map of the world's countries, and choropleth colouring.

The base map comes from the `pygal_maps_world` package (LGPL-3.0+; we read its data file, `worldmap.svg`, at run
time and do not change the package). It is read once per process and slimmed to what a choropleth needs: one
`<path id="fr" data-iso2="fr">` per country (Antarctica left out), coordinates rounded to 0.1 of a map unit, a
`<title>` in the user's language, no scripts and no styles. `/maps/world.svg` serves it gzipped, with an ETag, and,
when asked for by its versioned URL, cached for a year.

States too small for the package's map (small island States above all) are drawn as dots at their coordinates in the
reference data (`Country.latitude` / `longitude`, from UN M49 as packaged by hdx-python-country), projected onto the
map by `project`; each dot is a `<circle id="ws">` a page colours like any country.

Pages colour it without JavaScript: `core/world_map.html` draws an inline `<svg>` of `<use href="…world.svg#fr">`
elements, one per country, whose `fill` is the country's class. The browser fetches and caches the base map once;
each page carries only a few kilobytes of `<use>` elements. See `WorldMap`.
"""

import functools
import gzip
import hashlib
import math
import re
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import resources
from xml.etree import ElementTree

from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from tacoord.core.i18n import language_suffix

SOURCE_PACKAGE = "pygal_maps_world"
SOURCE_FILE = "worldmap.svg"
LEFT_OUT = {"aq"}  # Antarctica: no State, and a fifth of the map's height
PRECISION = 10  # coordinates kept to 1/PRECISION of a map unit (the map is 2475 units wide)

# ColorBrewer YlGnBu (Cynthia Brewer, Apache-2.0 licensed scheme): sequential, colour-blind safe, print friendly.
PALETTES = {
    1: ["#41b6c4"],
    2: ["#a1dab4", "#225ea8"],
    3: ["#edf8b1", "#7fcdbb", "#2c7fb8"],
    4: ["#ffffcc", "#a1dab4", "#41b6c4", "#225ea8"],
    5: ["#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"],
    6: ["#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494"],
    7: ["#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#0c2c84"],
}
NO_DATA_COLOUR = "#d9d9d9"
MAX_BUCKETS = max(PALETTES)

# ------------------------------------------------------------------------------------------------ path slimming

_TOKEN = re.compile(r"[MmLlHhVvCcSsQqTtAaZz]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_ARITY = {"m": 2, "l": 2, "h": 1, "v": 1, "c": 6, "s": 4, "q": 4, "t": 2, "z": 0}


def _number(tenths: int) -> str:
    """A coordinate in tenths as the shortest SVG number: 12 → '1.2', -5 → '-.5', 30 → '3'."""
    sign = "-" if tenths < 0 else ""
    whole, fraction = divmod(abs(tenths), PRECISION)
    if not fraction:
        return f"{sign}{whole}"
    return f"{sign}{whole or ''}.{fraction}"


def _join(numbers: list[str]) -> str:
    out = ""
    previous = ""
    for number in numbers:
        # A minus sign, or a second decimal point, starts a new number by itself.
        if previous and not (number.startswith("-") or (number.startswith(".") and "." in previous)):
            out += " "
        out += number
        previous = number
    return out


def slim_path(paths: list[str]) -> tuple[str, tuple[int, int, int, int]]:
    """One path from several, every point rounded to 0.1 unit, written relative to the previous *rounded* point.

    Rounding absolute positions (not the relative steps) keeps rounding errors from adding up along a coastline.
    Steps that round to nothing are dropped. Returns the path data and its bounding box in tenths of a unit.
    """
    parts: list[str] = []
    last_command = ""
    # exact and rounded current point, and the start of the current sub-path
    x = y = 0.0
    rx = ry = 0
    start = (0.0, 0.0, 0, 0)
    xs: list[int] = []
    ys: list[int] = []

    def rounded(value: float) -> int:
        return int(Decimal(str(value * PRECISION)).to_integral_value())

    def emit(command: str, numbers: list[int]) -> None:
        nonlocal last_command
        text = _join([_number(n) for n in numbers])
        if command == last_command or (command == "l" and last_command == "m"):
            parts.append(text if text.startswith("-") else " " + text)  # the command repeats by itself
        else:
            parts.append(command + text)
        last_command = command

    for d in paths:
        tokens = _TOKEN.findall(d)
        position = 0
        command = ""
        first_in_path = True
        while position < len(tokens):
            token = tokens[position]
            if token.isalpha():
                command = token
                position += 1
                if command in "zZ":
                    x, y, rx, ry = start
                    parts.append("z")
                    last_command = "z"
                    continue
            if command.lower() == "a" or not command:
                raise ValueError(f"unsupported path data near {token!r}")
            arity = _ARITY[command.lower()]
            operands = tokens[position:position + arity]
            if len(operands) < arity or any(operand.isalpha() for operand in operands):
                raise ValueError(f"incomplete {command!r} in path data")
            values = [float(operand) for operand in operands]
            position += arity
            relative = command.islower() and not (command == "m" and first_in_path)
            lower = command.lower()
            # absolute coordinates of every point of the segment
            if lower == "h":
                points = [(values[0] + (x if relative else 0), y)]
            elif lower == "v":
                points = [(x, values[0] + (y if relative else 0))]
            else:
                points = [(values[i] + (x if relative else 0), values[i + 1] + (y if relative else 0))
                          for i in range(0, arity, 2)]
            tenths = [(rounded(px), rounded(py)) for px, py in points]
            end = tenths[-1]
            if lower == "m":
                if not parts:
                    parts.append("M" + _join([_number(end[0]), _number(end[1])]))
                    last_command = "M"  # pairs after an absolute moveto would be absolute
                else:
                    emit("m", [end[0] - rx, end[1] - ry])
                start = (points[-1][0], points[-1][1], end[0], end[1])
                # after a moveto, further pairs are linetos
                command = "l" if command == "m" else "L"
            elif lower == "h":
                if end[0] != rx:
                    emit("h", [end[0] - rx])
            elif lower == "v":
                if end[1] != ry:
                    emit("v", [end[1] - ry])
            else:
                deltas = [value for px, py in tenths for value in (px - rx, py - ry)]
                if any(deltas):
                    emit(lower, deltas)
            first_in_path = False
            x, y = points[-1]
            rx, ry = end
            xs.extend(px for px, _py in tenths)
            ys.extend(py for _px, py in tenths)
        # a new <path> element starts from scratch: its first moveto is absolute
        x = y = 0.0
    return "".join(parts), (min(xs), min(ys), max(xs), max(ys))


@dataclass(frozen=True)
class Shapes:
    paths: dict[str, str]  # iso2 (lower case) → path data
    view_box: str
    source_bytes: int


@functools.cache
def shapes() -> Shapes:
    """The package's countries, slimmed; read once per process."""
    source = resources.files(SOURCE_PACKAGE).joinpath(SOURCE_FILE).read_bytes()
    root = ElementTree.fromstring(source)  # the package's own file: no DTD, no entities
    namespace = "{http://www.w3.org/2000/svg}"
    paths: dict[str, str] = {}
    box = [math.inf, math.inf, -math.inf, -math.inf]
    for group in root.iter(f"{namespace}g"):
        classes = (group.get("class") or "").split()
        if "country" not in classes or not re.fullmatch(r"[a-z]{2}", classes[0]) or classes[0] in LEFT_OUT:
            continue
        data, (x0, y0, x1, y1) = slim_path([path.get("d", "") for path in group.iter(f"{namespace}path")])
        paths[classes[0]] = data
        box = [min(box[0], x0), min(box[1], y0), max(box[2], x1), max(box[3], y1)]
    margin = 5 * PRECISION
    x0, y0 = (box[0] - margin) // PRECISION, (box[1] - margin) // PRECISION
    width, height = math.ceil((box[2] + margin) / PRECISION) - x0, math.ceil((box[3] + margin) / PRECISION) - y0
    return Shapes(paths=dict(sorted(paths.items())), view_box=f"{x0} {y0} {width} {height}", source_bytes=len(source))


# ------------------------------------------------------------------------------------------------ dots for small States

# The package's map is in the Robinson projection. Its scale and origin in map units were fitted (least squares) to
# the bounding-box centres of the 40 small countries it does draw, against their coordinates in the reference data:
# median distance 3.3 units on a map 2,475 units wide.
ROBINSON = (  # latitude every 5°: (X length factor, Y distance factor), Snyder's table
    (1.0, 0.0), (0.9986, 0.062), (0.9954, 0.124), (0.99, 0.186), (0.9822, 0.248), (0.973, 0.31), (0.96, 0.372),
    (0.9427, 0.434), (0.9216, 0.4958), (0.8962, 0.5571), (0.8679, 0.6176), (0.835, 0.6769), (0.7986, 0.7346),
    (0.7597, 0.7903), (0.7186, 0.8435), (0.6732, 0.8936), (0.6213, 0.9394), (0.5722, 0.9761), (0.5322, 1.0))
X_SCALE, X_ORIGIN, Y_SCALE, Y_ORIGIN = 7.6404, 1203.466, -695.939, 683.905
DOT_RADIUS = 9


def project(latitude: float, longitude: float) -> tuple[float, float]:
    """A point's position on the package's world map (map units)."""
    along = min(abs(latitude), 90.0) / 5
    index = min(int(along), len(ROBINSON) - 2)
    fraction = along - index
    (x0, y0), (x1, y1) = ROBINSON[index], ROBINSON[index + 1]
    length, distance = x0 + (x1 - x0) * fraction, y0 + (y1 - y0) * fraction
    return X_SCALE * length * longitude + X_ORIGIN, Y_SCALE * math.copysign(distance, latitude) + Y_ORIGIN


@dataclass(frozen=True)
class Dot:
    iso2: str  # lower case
    x: float
    y: float


def dots() -> tuple[Dot, ...]:
    """A dot for every State and territory with coordinates that the package's map does not draw."""
    from tacoord.reference.models import Country

    drawn = shapes().paths
    rows = Country.objects.filter(latitude__isnull=False, longitude__isnull=False).values_list(
        "iso2", "latitude", "longitude").order_by("iso2")
    return tuple(Dot(iso2.lower(), *(round(value, 1) for value in project(latitude, longitude)))
                 for iso2, latitude, longitude in rows if iso2.lower() not in drawn and iso2.lower() not in LEFT_OUT)


def view_box(small: tuple[Dot, ...]) -> str:
    """The countries' view box widened to take in every dot (Pacific States lie beyond the drawn countries)."""
    x, y, width, height = (int(value) for value in shapes().view_box.split())
    margin = DOT_RADIUS + 5
    left = min([x, *(math.floor(dot.x) - margin for dot in small)])
    top = min([y, *(math.floor(dot.y) - margin for dot in small)])
    right = max([x + width, *(math.ceil(dot.x) + margin for dot in small)])
    bottom = max([y + height, *(math.ceil(dot.y) + margin for dot in small)])
    return f"{left} {top} {right - left} {bottom - top}"


# ------------------------------------------------------------------------------------------------ the base map file


@dataclass(frozen=True)
class MapFile:
    body: bytes
    gzipped: bytes
    etag: str  # the content's hash, also the version in the map's URL
    language: str


def country_names(language: str) -> dict[str, str]:
    """Names of the map's countries in `language` from the reference data, else the package's English names."""
    from pygal_maps_world.i18n import COUNTRIES

    from tacoord.core.i18n import localized
    from tacoord.reference.models import Country

    suffix = language_suffix(language)
    fields = sorted({f"name_{suffix}", "name_en"})
    names = {code: str(name) for code, name in COUNTRIES.items()}
    for country in Country.objects.only("iso2", *fields):
        names[country.iso2.lower()] = localized(country, "name", language) or names.get(country.iso2.lower(), "")
    return names


def world_map_file(language: str | None = None, names: dict[str, str] | None = None,
                   small: tuple[Dot, ...] | None = None) -> MapFile:
    """The base map with the countries' names in `language` (`names`, if given, are `country_names(language)`;
    `small`, if given, are `dots()`)."""
    language = language_suffix(language or get_language())
    names = country_names(language) if names is None else names
    small = dots() if small is None else small
    return _build(language, tuple(names.get(code, code.upper()) for code in shapes().paths), small,
                  tuple(names.get(dot.iso2, dot.iso2.upper()) for dot in small))


@functools.lru_cache(maxsize=16)
def _build(language: str, names: tuple[str, ...], small: tuple[Dot, ...] = (),
           small_names: tuple[str, ...] = ()) -> MapFile:
    slim = shapes()
    lines = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{view_box(small)}">',
             "<!-- Country shapes from pygal_maps_world (Kozea, GNU LGPL v3 or later), simplified by tacoord -->",
             # Drawn on its own the map is grey; a <use> of one country takes the fill of the <use>.
             '<g fill="#d9d9d9" stroke="#fff" stroke-width=".5">']
    for (code, data), name in zip(slim.paths.items(), names, strict=True):
        lines.append(f'<path id="{code}" data-iso2="{code}" d="{data}"><title>{escape(name)}</title></path>')
    for dot, name in zip(small, small_names, strict=True):
        # Its own outline: a dot in the palette's palest colour must still stand out from the sea.
        lines.append(f'<circle id="{dot.iso2}" data-iso2="{dot.iso2}" cx="{dot.x:g}" cy="{dot.y:g}" r="{DOT_RADIUS}" '
                     f'stroke="#3b4650" stroke-width="2">'
                     f'<title>{escape(name)}</title></circle>')
    lines.append("</g></svg>\n")
    body = "\n".join(lines).encode()
    return MapFile(body=body, gzipped=gzip.compress(body, compresslevel=9, mtime=0),
                   etag=hashlib.sha256(body).hexdigest()[:16], language=language)


def world_map_url(language: str | None = None, names: dict[str, str] | None = None,
                  small: tuple[Dot, ...] | None = None) -> str:
    """The base map's versioned URL: it can be cached for ever, since new content gets a new URL."""
    file = world_map_file(language, names, small)
    return f"{reverse('world_map')}?language={file.language}&v={file.etag}"


# ------------------------------------------------------------------------------------------------ choropleth


@dataclass(frozen=True)
class Bucket:
    index: int
    low: float
    high: float
    colour: str
    count: int  # how many areas fall in it

    @property
    def label(self) -> str:
        low, high = _display(self.low), _display(self.high)
        return low if low == high else f"{low}–{high}"


def _display(value: float) -> str:
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class Classification:
    classes: dict[str, int]
    buckets: list[Bucket] = field(default_factory=list)


def classify(values: dict[str, float], buckets: int = 5, method: str = "quantile") -> Classification:
    """Put each area's value in one of up to `buckets` classes, 0 the lowest.

    `quantile`: about as many areas in each class; classes that would repeat a boundary merge, so equal values are
    never split and there are never more classes than distinct values. `equal`: classes of equal width from the
    lowest to the highest value (some may be empty). Values that are None are left out ("no data").
    """
    if method not in {"quantile", "equal"}:
        raise ValueError(f"unknown method {method!r}")
    buckets = max(1, min(int(buckets), MAX_BUCKETS))
    present = {key: float(value) for key, value in values.items() if value is not None}
    if not present:
        return Classification(classes={})
    ordered = sorted(present.values())
    low, high = ordered[0], ordered[-1]
    if method == "equal":
        count = 1 if low == high else buckets
        width = (high - low) / count
        uppers = [low + width * (index + 1) for index in range(count - 1)] + [high]
    else:
        total = len(ordered)
        uppers = list(dict.fromkeys(ordered[math.ceil((index + 1) * total / buckets) - 1]
                                    for index in range(buckets)))
    classes = {key: next(index for index, upper in enumerate(uppers) if value <= upper)
               for key, value in present.items()}
    palette = PALETTES[len(uppers)]
    result = []
    for index, upper in enumerate(uppers):
        members = [present[key] for key, bucket in classes.items() if bucket == index]
        # quantile: the lowest value in the class; equal: the class's lower bound
        bottom = min(members) if method == "quantile" else (low if index == 0 else uppers[index - 1])
        result.append(Bucket(index=index, low=bottom, high=upper, colour=palette[index], count=len(members)))
    return Classification(classes=classes, buckets=result)


def choropleth_classes(values: dict[str, float], buckets: int = 5, method: str = "quantile") -> dict[str, int]:
    """Each area's class (0 the lowest) for a choropleth; see `classify`."""
    return classify(values, buckets=buckets, method=method).classes


# ------------------------------------------------------------------------------------------------ a map on a page


@dataclass(frozen=True)
class MapArea:
    iso2: str  # lower case, as in the map
    name: str
    value: float | None
    bucket: Bucket | None
    url: str | None

    @property
    def colour(self) -> str:
        return self.bucket.colour if self.bucket else NO_DATA_COLOUR


@dataclass(frozen=True)
class WorldMap:
    """What `core/world_map.html` draws: every country of the map, and the rows of its table."""

    caption: str
    value_label: str
    base_url: str
    view_box: str
    areas: list[MapArea]  # the map's countries
    rows: list[MapArea]  # every area with a value, largest first, including those the map cannot show
    buckets: list[Bucket]
    no_data_label: str
    not_on_map: list[MapArea]


def world_map(*, values: dict[str, float], caption: str, value_label: str, names: dict[str, str] | None = None,
              url=None, buckets: int = 5, method: str = "quantile", no_data_label: str | None = None) -> WorldMap:
    """A choropleth of `values` (by ISO2, either case); `url(iso2)` gives the link for an area with a value;
    `names` (by ISO2) the names in the table, else those of the base map."""
    language = language_suffix(get_language())
    values = {key.lower(): value for key, value in values.items() if value is not None}
    classification = classify(values, buckets=buckets, method=method)
    by_index = {bucket.index: bucket for bucket in classification.buckets}
    slim = shapes()
    map_names = country_names(language)
    names = {**map_names, **{key.lower(): name for key, name in (names or {}).items()}}

    def area(code: str) -> MapArea:
        value = values.get(code)
        return MapArea(iso2=code, name=names.get(code, code.upper()), value=value,
                       bucket=by_index.get(classification.classes.get(code)),
                       url=url(code.upper()) if url and value is not None else None)

    rows = sorted((area(code) for code in values), key=lambda row: (-row.value, row.name))
    small = dots()
    # Dots after the countries, so that no neighbour's shape hides one; and only for areas with a value: grey dots
    # for every small territory would crowd the map.
    drawn = [*slim.paths, *(dot.iso2 for dot in small if dot.iso2 in values)]
    return WorldMap(caption=caption, value_label=value_label, base_url=world_map_url(language, map_names, small),
                    view_box=view_box(small), areas=[area(code) for code in drawn], rows=rows,
                    buckets=classification.buckets, no_data_label=no_data_label or _("No data"),
                    not_on_map=[row for row in rows if row.iso2 not in set(drawn)])

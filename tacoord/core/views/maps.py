"""The base world map, served like a static file: gzipped when the browser accepts it, with an ETag, and cached for
a year when asked for by its versioned URL (`tacoord.core.maps.world_map_url`)."""

from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_safe

from tacoord.core.maps import world_map_file

YEAR = 365 * 24 * 3600


def accepts_gzip(request) -> bool:
    """Whether Accept-Encoding lists gzip (or *) without q=0."""
    for part in request.headers.get("Accept-Encoding", "").lower().split(","):
        coding, *params = (piece.strip() for piece in part.split(";"))
        if coding in {"gzip", "*"}:
            quality = next((param[2:] for param in params if param.startswith("q=")), "1")
            try:
                return float(quality) > 0
            except ValueError:
                return False
    return False


@require_safe
def world_map(request):
    """`?language=fr` picks the names in the countries' titles; `&v=<version>` makes the response immutable."""
    file = world_map_file(request.GET.get("language"))
    gzipped = accepts_gzip(request)
    etag = f'"{file.etag}{"-gz" if gzipped else ""}"'
    if request.GET.get("language") and request.GET.get("v") == file.etag:
        cache_control = f"public, max-age={YEAR}, immutable"
    else:
        # Unversioned: revalidate after an hour (the names follow the reference data and the user's language).
        cache_control = "public, max-age=3600"
    candidates = {tag.strip().removeprefix("W/") for tag in request.headers.get("If-None-Match", "").split(",")}
    if etag in candidates or "*" in candidates:
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(file.gzipped if gzipped else file.body, content_type="image/svg+xml; charset=utf-8")
        if gzipped:
            response["Content-Encoding"] = "gzip"
    response["ETag"] = etag
    response["Cache-Control"] = cache_control
    response["Content-Language"] = file.language
    patch_vary_headers(response, ["Accept-Encoding"] if request.GET.get("language")
                       else ["Accept-Encoding", "Accept-Language", "Cookie"])
    return response

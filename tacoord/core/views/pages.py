from django.conf import settings
from django.db import connection
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import activate
from django.views.decorators.http import require_POST

from tacoord.core.search import search_everything


def home(request):
    return render(request, "core/home.html")


def search(request):
    term = request.GET.get("q", "")
    groups = search_everything(user=request.user, term=term)
    template = "core/search_results.html" if request.htmx else "core/search.html"
    return render(request, template, {"term": term, "groups": groups})


def health(request):
    """For load balancers and monitoring: 200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any database failure means unhealthy, whatever its type
        return JsonResponse({"status": "error", "database": str(error.__class__.__name__)}, status=503)
    return JsonResponse({"status": "ok", "database": "ok", "vendor": connection.vendor})


@require_POST
def set_language(request):
    """Switch the interface language; a signed-in user keeps the choice on their account for next time."""
    language = request.POST.get("language")
    codes = {code for code, _name in settings.LANGUAGES}
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if language in codes:
        activate(language)
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, max_age=365 * 24 * 3600, samesite="Lax")
        if request.user.is_authenticated and request.user.language != language:
            from tacoord.users.services import user_set_language

            user_set_language(user=request.user, language=language)
    return response

from django.conf import settings
from django.utils import translation
from django.utils.functional import SimpleLazyObject

from tacoord.core.context import change_context


class ChangeContextMiddleware:
    """Puts the requesting user into the change context, so every change made in the request is attributed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        source = "api" if request.path.startswith("/api/") else "web"
        # Read `request.user` only when a change is logged: the API authenticates its token inside the view and
        # then replaces `request.user`, so the user seen here, before the view, would be anonymous.
        with change_context(user=SimpleLazyObject(lambda: request.user), source=source):
            return self.get_response(request)


class UserLanguageMiddleware:
    """A signed-in user's saved language wins over the browser's; `?language=xx` wins over both, for one request.

    Runs after LocaleMiddleware (which reads the cookie and Accept-Language) and after authentication.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.codes = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        language = request.GET.get("language")
        if language not in self.codes:
            language = None
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated and getattr(user, "language", "") in self.codes:
                cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
                language = cookie if cookie in self.codes else user.language
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", translation.get_language())
        return response

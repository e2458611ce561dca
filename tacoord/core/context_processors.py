from django.conf import settings

from tacoord.core.roles import role_of


def navigation(request):
    user = getattr(request, "user", None)
    return {"user_role": role_of(user), "languages": settings.LANGUAGES}

"""The API routes of this app, registered on the one router of tacoord/api_urls.py."""


def register(router) -> None:
    """Add this app's viewsets to `router`."""

"""Sections other apps add to a page they do not own: the country page shows needs, activities, requests... as each
app registers its panel here, so tacoord.reference knows nothing of them."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Panel:
    template_name: str
    # (request, obj) -> context for the template, or None to leave the panel out.
    context: Callable
    position: int = 100


_PANELS: dict[str, list[Panel]] = {}


def register_panel(page: str, *, template_name: str, context: Callable, position: int = 100) -> None:
    _PANELS.setdefault(page, []).append(Panel(template_name, context, position))


def panels_for(page: str, request, obj) -> list[tuple[str, dict]]:
    """The panels of `page` for this object, in order, each as (template name, context)."""
    rendered = []
    for panel in sorted(_PANELS.get(page, []), key=lambda p: p.position):
        context = panel.context(request, obj)
        if context is not None:
            rendered.append((panel.template_name, context))
    return rendered

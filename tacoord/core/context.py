"""Who is acting, carried through a request or a command so the change log can name them."""

import contextlib
import uuid
from contextvars import ContextVar
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ChangeContext:
    user: object = None
    source: str = ""
    request_id: uuid.UUID = field(default_factory=uuid.uuid4)


_current: ContextVar[ChangeContext | None] = ContextVar("tacoord_change_context", default=None)


def current_change_context() -> ChangeContext:
    return _current.get() or ChangeContext(source="system")


@contextlib.contextmanager
def change_context(*, user=None, source: str):
    token = _current.set(ChangeContext(user=user, source=source))
    try:
        yield
    finally:
        _current.reset(token)

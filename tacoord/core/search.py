"""Global search. Each app registers its records in its `search.py`; results always pass through `restrict`."""

from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db.models import Q

from tacoord.core.permissions import Action


@dataclass(frozen=True)
class SearchIndex:
    queryset: object
    fields: tuple[str, ...]
    label: str

    def search(self, user, term: str, limit: int):
        query = reduce(or_, (Q(**{f"{field}__icontains": term}) for field in self.fields))
        queryset = self.queryset.restrict(user, Action.VIEW).filter(query)
        return list(queryset[: limit + 1])


_INDEXES: list[SearchIndex] = []


def register_search(*, queryset, fields, label) -> None:
    _INDEXES.append(SearchIndex(queryset=queryset, fields=tuple(fields), label=label))


def search_everything(*, user, term: str, limit: int = 10) -> list[dict]:
    """For each kind of record, up to `limit` matches the user may see, and whether there are more."""
    term = term.strip()
    if len(term) < 2:
        return []
    groups = []
    for index in _INDEXES:
        found = index.search(user, term, limit)
        if found:
            groups.append({"label": index.label, "results": found[:limit], "more": len(found) > limit,
                           "model": index.queryset.model})
    return groups

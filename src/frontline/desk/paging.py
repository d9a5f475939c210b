"""Links between the pages of a keyset-paginated list, keeping the other query parameters."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import QueryDict

from frontline.core.pagination import KeysetPage


@dataclass(frozen=True, slots=True)
class PageLinks:
    """Query strings (starting with '?') for the neighbouring pages; None where there is none."""

    newest: str | None
    newer: str | None
    older: str | None
    oldest: str | None

    @property
    def items(self) -> list[tuple[str, str]]:
        """The (label, query string) of each link that exists, in reading order."""
        labelled = [("Newest", self.newest), ("Newer", self.newer), ("Older", self.older), ("Oldest", self.oldest)]
        return [(label, query) for label, query in labelled if query is not None]


def _with(query: QueryDict, param: str, cursor: str | None) -> str:
    changed = query.copy()
    changed.pop(param, None)
    if cursor:
        changed[param] = cursor
    encoded = changed.urlencode()
    return f"?{encoded}" if encoded else "?"


def page_links(query: QueryDict, page: KeysetPage[Any], *, param: str = "cursor") -> PageLinks:
    """The Newest / Newer / Older / Oldest links of `page`, read with `param` as the cursor parameter."""
    at_start = page.previous_cursor is None
    at_end = page.next_cursor is None
    return PageLinks(
        newest=None if at_start else _with(query, param, None),
        newer=None if at_start else _with(query, param, page.previous_cursor),
        older=None if at_end else _with(query, param, page.next_cursor),
        oldest=None if at_end else _with(query, param, page.last_cursor),
    )

"""Display helpers for the desk's templates."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def duration(seconds: int | None) -> str:
    """A number of seconds as people say it: "45 s", "4 min 05 s", "1 h 02 min"."""
    if seconds is None:
        return ""
    total = max(0, int(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes:02d} min"
    if minutes:
        return f"{minutes} min {secs:02d} s"
    return f"{secs} s"

"""Display helpers for the desk's templates."""

from __future__ import annotations

import re

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

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


NANP = re.compile(r"^\+1(\d{3})(\d{3})(\d{4})$")


@register.filter
def phone(number: str | None) -> str:
    """A stored E.164 number as people read it: "+1 604-608-6427" for North American numbers, else as stored."""
    if not number:
        return ""
    match = NANP.match(number)
    return f"+1 {match[1]}-{match[2]}-{match[3]}" if match else number


@register.filter
def email_breaks(address: str | None) -> SafeString:
    """An e-mail address that may wrap before its @ and the dots of its domain, not inside a word."""
    local, at, domain = (address or "").rpartition("@")
    if not at:
        return format_html("{}", address or "")
    dots = SafeString("<wbr>.")
    return format_html("{}<wbr>@{}", local, format_html_join(dots, "{}", ((part,) for part in domain.split("."))))


@register.filter
def field_label(name: str) -> str:
    """A field name an error names, as a label: "opened_from" is "Opened from", "customer_id" is "Customer"."""
    words = name.removesuffix("_id").replace("_", " ").strip()
    return words[:1].upper() + words[1:] if words and name != "__all__" else "Request"


@register.filter
def percent(value: float | None) -> str:
    """A share as a whole percentage: 0.734 is "73%"."""
    return "" if value is None else f"{round(value * 100)}%"


@register.filter
def percent_number(value: float | None) -> int:
    """A share as a whole number of percent, for a bar's width: 0.734 is 73."""
    return 0 if value is None else max(0, min(100, round(value * 100)))


@register.filter
def signed_points(value: float | None) -> str:
    """A difference of two shares in percentage points, with its sign: "+12.5 pts"."""
    if value is None:
        return ""
    return f"{100 * value:+.1f} pts"

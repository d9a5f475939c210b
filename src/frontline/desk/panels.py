"""The panels of the case page: each is an HTML fragment the page loads by itself.

A later feature adds a panel by appending a `Panel` to `PANELS` (and a view that renders its fragment at the
named URL, which takes `case_id`). The case page renders every panel the person may see, in `order`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from frontline.core.permissions import Actor, has_permission


@dataclass(frozen=True, slots=True)
class Panel:
    """A panel of the case page: its key, heading, the URL name of its fragment and where it sits."""

    key: str
    title: str
    url_name: str
    order: int
    permission: str = ""  # shown only to people holding it; empty for everyone who can read the case


@dataclass(frozen=True, slots=True)
class PanelSlot:
    """A panel placed on one case's page: where its fragment is loaded from."""

    key: str
    title: str
    url: str


PANELS: list[Panel] = [
    Panel(
        key="customer",
        title="Customer",
        url_name="desk:panel_customer",
        order=10,
        permission="customers.view_customer",
    ),
    # What resolved cases like this one comes first: it is what the agent acts on.
    Panel(key="similar", title="Similar cases", url_name="desk:panel_similar", order=5),
    # The rules that apply, why they exist, who decided them, and where to ask for an exception.
    Panel(
        key="policies",
        title="Policies",
        url_name="desk:panel_policies",
        order=6,
        permission="authority.view_policy",
    ),
    # A small step now: what was given on the case and what the agent may still give.
    Panel(
        key="authority",
        title="Gestures",
        url_name="desk:panel_authority",
        order=7,
        permission="authority.view_gesture",
    ),
    # The big fix later: promised with an owner and a due time, closed with a root cause and a prevention.
    Panel(key="fixes", title="Fix later", url_name="desk:panel_fixes", order=8, permission="authority.view_followup"),
    # What the customer said in surveys about this case and lately, and whether an unhappy answer was followed up.
    Panel(
        key="feedback",
        title="Customer feedback",
        url_name="desk:panel_feedback",
        order=9,
        permission="surveys.view_response",
    ),
]


def panels_for_case(*, actor: Actor, case_id: int) -> list[PanelSlot]:
    """The panels `actor` may see on the page of case `case_id`, in order."""
    visible = [panel for panel in PANELS if not panel.permission or has_permission(actor, panel.permission)]
    return [
        PanelSlot(key=panel.key, title=panel.title, url=reverse(panel.url_name, kwargs={"case_id": case_id}))
        for panel in sorted(visible, key=lambda panel: (panel.order, panel.key))
    ]

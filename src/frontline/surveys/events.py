"""Events the surveys context publishes; `frontline.wiring` decides who hears them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class InvitationDue:
    invitation_id: int
    method: str
    send_after: dt.datetime


@dataclass(frozen=True, slots=True)
class SurveyAnswered:
    response_id: int
    is_unhappy: bool

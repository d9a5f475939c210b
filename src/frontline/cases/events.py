"""Events the cases context publishes; `frontline.wiring` decides who hears them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class CaseOpened:
    case_id: int
    customer_id: int


@dataclass(frozen=True, slots=True)
class CaseStatusChanged:
    case_id: int
    old_status: str
    new_status: str


@dataclass(frozen=True, slots=True)
class CaseResolved:
    case_id: int
    owner_id: int | None


@dataclass(frozen=True, slots=True)
class CaseReassigned:
    case_id: int
    old_owner_id: int | None
    new_owner_id: int | None
    assignment: str  # names this assignment once, e.g. "audit:123", so it is announced once


@dataclass(frozen=True, slots=True)
class ContactLogged:
    contact_id: int
    case_id: int


@dataclass(frozen=True, slots=True)
class ContactEnded:
    contact_id: int
    case_id: int

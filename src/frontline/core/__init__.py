"""Shared building blocks: money, errors, pagination, permissions, events and the audit log."""

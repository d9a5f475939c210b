"""Frontline: knowledge, authority and feedback at the front line of customer service."""

__version__ = "0.1.0"

"""Imports and exports of customers, cases and contacts as CSV and JSON Lines."""

"""Products, the category taxonomy, cases and contacts."""

"""The assist tests' case base (see casebase.py)."""

from tests.assist.casebase import base  # noqa: F401 (a fixture)

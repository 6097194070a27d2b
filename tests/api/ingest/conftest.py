"""Factories for the import and ingest tests (shared with the sibling folder)."""

from tests.ingest_support import (  # noqa: F401  (fixtures)
    auth_headers,
    brussels,
    make_outlet,
    make_territory,
)

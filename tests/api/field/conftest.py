from tests.field_support import field_as, field_world  # noqa: F401  (fixtures)

"""Service functions: the business steps views and commands call."""

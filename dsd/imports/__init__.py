"""Imports of outlets, deliveries and service visits from files."""

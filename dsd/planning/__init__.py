"""Replenishment planning: which outlets need a drop, how big, and the routes."""

"""Helpers for the test suites: factories and a small, fixed world of States, organisations and people."""

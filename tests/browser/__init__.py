"""Helpers to drive Debian's headless chromium from tests (no Python dependency)."""

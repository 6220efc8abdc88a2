"""Connections to things outside the app: the OS keyring and a webhook. No Qt."""

"""Call Companion: a small window beside sales calls."""

__version__ = "0.1.0"
APP_ID = "app.callcompanion.CallCompanion"
APP_NAME = "Call Companion"

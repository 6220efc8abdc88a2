"""Exports (Markdown, CSV, JSON, iCalendar) and the JSON import. Plain Python, no Qt."""

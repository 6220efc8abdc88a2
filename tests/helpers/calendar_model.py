"""What a calendar shows after importing .ics files, read with two independent parsers.

A calendar keeps one entry per UID; importing an entry whose UID it already has replaces it
when the new SEQUENCE is not lower (RFC 5545's rule for a newer revision). It shows the
open ones: events not cancelled, to-dos neither completed nor cancelled.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import vobject
from icalendar import Calendar


@dataclass(frozen=True)
class Entry:
    kind: str            # "VTODO" or "VEVENT"
    uid: str
    sequence: int
    status: str
    summary: str
    when: datetime | None

    @property
    def is_open(self) -> bool:
        if self.kind == "VEVENT":
            return self.status != "CANCELLED"
        return self.status not in ("COMPLETED", "CANCELLED")


def read_with_icalendar(text: str) -> list[Entry]:
    entries = []
    for component in Calendar.from_ical(text).subcomponents:
        if component.name not in ("VTODO", "VEVENT"):
            continue
        when_key = "DTSTART" if component.name == "VEVENT" else "DUE"
        entries.append(Entry(
            component.name, str(component["UID"]), int(component.get("SEQUENCE", 0)),
            str(component.get("STATUS", "")), str(component.get("SUMMARY", "")),
            component.decoded(when_key) if when_key in component else None))
    return entries


def _vobject_value(component, key: str, default=None):
    return component.contents[key][0].value if key in component.contents else default


def read_with_vobject(text: str) -> list[Entry]:
    calendar = vobject.readOne(text)
    entries = []
    for kind, attr, when_key in (("VTODO", "vtodo_list", "due"), ("VEVENT", "vevent_list", "dtstart")):
        for component in getattr(calendar, attr, []):
            entries.append(Entry(kind, _vobject_value(component, "uid", ""),
                                 int(_vobject_value(component, "sequence", 0)),
                                 _vobject_value(component, "status", ""), _vobject_value(component, "summary", ""),
                                 _vobject_value(component, when_key)))
    return entries


PARSERS = {"icalendar": read_with_icalendar, "vobject": read_with_vobject}


class CalendarModel:
    def __init__(self, parse):
        self.parse = parse
        self.entries: dict[str, Entry] = {}

    def import_file(self, text: str) -> None:
        for entry in self.parse(text):
            known = self.entries.get(entry.uid)
            if known is None or entry.sequence >= known.sequence:
                self.entries[entry.uid] = entry

    def shown(self) -> list[tuple[str, str]]:
        """The open entries as (kind, summary), sorted."""
        return sorted((e.kind, e.summary) for e in self.entries.values() if e.is_open)

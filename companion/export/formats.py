"""The export formats by their short names, and the one way to run an export to a file.

The CLI and the export dialog both go through here, so a format behaves the same in both.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, TextIO

from sqlite_utils import Database

from companion.core.call_text import counted
from companion.core.display_names import DisplayNames
from companion.export.csv_export import write_csv
from companion.export.destination import atomic_text_file
from companion.export.ics import write_ics
from companion.export.json_export import write_json
from companion.export.markdown import write_markdown
from companion.export.selection import CallSelection
from companion.store.export_queries import read_snapshot


@dataclass(frozen=True)
class ExportFormat:
    key: str
    label: str
    suffix: str
    unit: str                                        # what the returned count counts
    write: Callable[..., int]                        # (db, selection, out, **options) -> count

    @property
    def file_filter(self) -> str:
        return f"{self.label} (*{self.suffix})"

    def counted(self, count: int) -> str:
        return counted(count, self.unit)


FORMATS: dict[str, ExportFormat] = {
    "md": ExportFormat("md", "Markdown notes", ".md", "call", write_markdown),
    "csv": ExportFormat("csv", "CSV for a CRM or spreadsheet", ".csv", "call", write_csv),
    "json": ExportFormat("json", "JSON (everything, can be imported)", ".json", "call", write_json),
    "ics": ExportFormat("ics", "Calendar of next steps", ".ics", "next step", write_ics),
}


def installed_names(user_playbooks: Path | None = None) -> DisplayNames:
    """Names of the built-in playbooks and their closes, and of the user's when given."""
    from companion.resources import resource_path
    from companion.store.playbook_files import load_playbooks

    return DisplayNames.of(load_playbooks(resource_path("playbooks"), user_playbooks).playbooks)


def export_to_stream(db: Database, key: str, selection: CallSelection, out: TextIO, **options) -> int:
    """Write one format. All of it is read from one snapshot of the database, so a save made
    meanwhile (by the webhook, another window, an import) is either wholly in or wholly out.
    `names` (DisplayNames) says how playbooks and closes are called; the built-ins' names
    when not given."""
    if options.get("names") is None:
        options["names"] = installed_names()
    with read_snapshot(db):
        return FORMATS[key].write(db, selection, out, **options)


def export_to_file(db: Database, key: str, selection: CallSelection, path: Path | str,
                   **options) -> int:
    """Write atomically: an interrupted export leaves the earlier file as it was.
    An unwritable destination raises ExportDestinationError with a message for the user."""
    with atomic_text_file(path) as out:
        return export_to_stream(db, key, selection, out, **options)

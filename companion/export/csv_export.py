"""CSV for CRMs and spreadsheets: one row per call, CRM wording, no formula injection.

Read as plain rows (store.export_queries.CSV_ROWS_SQL, no Call objects) because this is
the export people run over months of calls; the benchmark holds it to 3x SQLite's own CSV output of the same rows.
"""

from __future__ import annotations

import csv
import re
from datetime import datetime, tzinfo
from typing import TextIO

from sqlite_utils import Database

from companion.core.call import DISPOSITION_LABELS, OUTCOME_LABELS
from companion.core.display_names import DisplayNames
from companion.export.selection import CallSelection
from companion.store.export_queries import iter_csv_rows

COLUMNS = (
    "Call ID", "Date", "Start time", "Duration (min)", "Contact", "Company", "Playbook",
    "Outcome", "Disposition", "Deal value", "Yes moments", "Objections", "Closes tried",
    "Next step", "Next step owner", "Customer action", "Next step due", "Next step status",
    "Notes",
)
# Wording CRMs use for call results and task fields.
OWNER_WORDS = {"rep": "Rep", "prospect": "Prospect", "both": "Both"}
STATUS_WORDS = {"open": "Open", "done": "Completed", "cancelled": "Cancelled"}
# OWASP: a cell starting with one of these can be read as a formula by a spreadsheet. The
# full-width forms count too: spreadsheets fold them to the ASCII ones.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
# What a spreadsheet may skip before it looks for a formula: any space (no-break, full-width
# and zero-width ones included), quotes and a byte order mark.
_SKIPPED_BEFORE_FORMULA = re.compile(r"[\s\u200b-\u200d\u2060\ufeff\"'\u2018\u2019\u201c\u201d]*")

def neutralise(text: str | None) -> str:
    """User text made safe for a spreadsheet: a cell whose first visible character could
    start a formula gets a leading quote, which makes it text."""
    if not text:
        return ""
    visible = text[_SKIPPED_BEFORE_FORMULA.match(text).end():]
    if text.startswith(FORMULA_STARTS) or visible.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def _closes(attempts: str | None, names: DisplayNames) -> str:
    """"summary: declined; trial: accepted" -> "Summary close: declined; Trial close: accepted"."""
    if not attempts:
        return ""
    named = []
    for attempt in attempts.split("; "):
        close_id, _, result = attempt.rpartition(": ")
        named.append(f"{names.close(close_id)}: {result}" if close_id else attempt)
    return "; ".join(named)


def _local_minutes(iso: str | None, tz: tzinfo | None) -> str:
    """UTC ISO text as local "YYYY-MM-DD HH:MM", the form spreadsheets and CRM imports read."""
    if not iso:
        return ""
    # tz None: astimezone() uses the computer's zone with the DST rule of that very date.
    return datetime.fromisoformat(iso).astimezone(tz).isoformat(" ", "minutes")[:16]


def _disposition(disposition: str | None, outcome: str | None) -> str:
    if disposition:
        return DISPOSITION_LABELS.get(disposition, disposition)
    # A call with a conversation outcome reached someone, even if no disposition was set.
    return DISPOSITION_LABELS["connected"] if outcome and outcome != "no_connect" else ""


def _number(value: float | None) -> str:
    if value is None:
        return ""
    value = float(value)
    return str(int(value)) if value.is_integer() else f"{value:.2f}"


def write_csv(db: Database, selection: CallSelection, out: TextIO, *, bom: bool = False,
              tz: tzinfo | None = None, names: DisplayNames | None = None, **_options) -> int:
    names = names or DisplayNames()
    if bom:
        out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    count = 0
    for rows in iter_csv_rows(db, selection.to_filter()):
        out_rows = []
        for (call_id, started, ended, contact, company, playbook, outcome, disposition, deal_value,
             moments, objections, closes, action, owner, customer_action, due, status,
             notes) in rows:
            start = _local_minutes(started, tz)
            minutes = ""
            if ended:
                seconds = (datetime.fromisoformat(ended) - datetime.fromisoformat(started)).total_seconds()
                minutes = str(max(0, round(seconds / 60)))
            out_rows.append((
                neutralise(call_id),
                start[:10],
                start[11:],
                minutes,
                neutralise(contact), neutralise(company),
                neutralise(names.playbook(playbook)) if playbook else "",
                OUTCOME_LABELS.get(outcome, outcome or ""),
                _disposition(disposition, outcome),
                _number(deal_value),
                neutralise(moments), neutralise(objections), neutralise(_closes(closes, names)),
                neutralise(action),
                OWNER_WORDS.get(owner, owner or ""),
                neutralise(customer_action),
                _local_minutes(due, tz),
                STATUS_WORDS.get(status, status or ""),
                neutralise(notes),
            ))
        writer.writerows(out_rows)
        count += len(out_rows)
    return count


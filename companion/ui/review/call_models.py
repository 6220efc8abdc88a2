"""The review's lists of calls: the day, the audit, search results, a contact's history.

All share one set of columns, picked per list; rows arrive a page at a time.
"""

from __future__ import annotations

from datetime import datetime
from typing import Callable

from PySide6.QtCore import Qt

from companion.core.audit import AuditResult, audit_call
from companion.core.call import DISPOSITION_LABELS
from companion.core.review import CallRow, describe_due, describe_when
from companion.ui.review import tones
from companion.ui.review.cell_fonts import cell_font
from companion.ui.review.paged_model import PagedTableModel

Clock = Callable[[], datetime]
_ROLE = Qt.ItemDataRole

# key: (header, header tooltip)
_COLUMNS = {
    "time": ("Time", "When the call started"),
    "when": ("When", "When the call started"),
    "contact": ("Contact", ""),
    "company": ("Company", ""),
    "outcome": ("Outcome", "How the call ended"),
    "step": ("Next step", "What was agreed to happen next"),
    "due": ("Due", "When the next step is due"),
    "status": ("Status", "Whether the next step is open, done or cancelled"),
    "commitment": ("Commitment", "Did the call end with a defined commitment: an order or advance "
                                 "with a dated next step?"),
    "specific": ("Specific", "The next step says exactly what will happen"),
    "dated": ("Dated", "The next step has a date"),
    "customer": ("Customer acts", "The customer has something to do too"),
    "verdict": ("Verdict", "What the audit found"),
    "match": ("Match", "Where the words were found"),
}


class CallListModel(PagedTableModel):
    COLUMNS: tuple[str, ...] = ()

    def __init__(self, clock: Clock, parent=None):
        super().__init__(parent)
        self.clock = clock
        self.HEADERS = tuple(_COLUMNS[key][0] for key in self.COLUMNS)
        self.TOOLTIPS = tuple(_COLUMNS[key][1] for key in self.COLUMNS)

    def call_of(self, row) -> CallRow:
        return row

    def call_at(self, number: int) -> CallRow | None:
        row = self.row(number)
        return None if row is None else self.call_of(row)

    def find(self, call_id: str) -> int:
        return next((i for i, row in enumerate(self._rows) if self.call_of(row).call_id == call_id), -1)

    def cell(self, row, column: int, role: int):
        key = self.COLUMNS[column]
        call = self.call_of(row)
        if role == _ROLE.DisplayRole:
            return self.text(row, call, key)
        if role == _ROLE.ToolTipRole:
            return self.tooltip(row, call, key)
        if role == _ROLE.ForegroundRole:
            return self.colour(row, call, key)
        if role == _ROLE.FontRole and key in ("contact",):
            return cell_font("demi")
        if role == _ROLE.UserRole:
            return call.call_id
        return None

    def text(self, row, call: CallRow, key: str) -> str | None:
        step = call.step
        local = call.started_at.astimezone()
        if key == "time":
            return f"{local:%H:%M}"
        if key == "when":
            return describe_when(call.started_at, self.clock())
        if key == "contact":
            return call.contact
        if key == "company":
            return call.company
        if key == "outcome":
            if call.outcome == "no_connect" and call.disposition:
                return DISPOSITION_LABELS.get(call.disposition, call.disposition)
            return call.outcome_label
        if key == "step":
            return step.action if step is not None and step.action else "—"
        if key == "due":
            return describe_due(step.due, self.clock()) if step is not None else ""
        if key == "status":
            return step.status.capitalize() if step is not None else ""
        if key == "commitment":
            if not call.connected:
                return "— not reached"
            return "✔ Committed" if call.ended_with_commitment else "⚠ No commitment"
        return None

    def tooltip(self, row, call: CallRow, key: str) -> str | None:
        step = call.step
        if key == "commitment" and call.connected and not call.ended_with_commitment:
            return audit_call(call.outcome, step, call.started_at).verdict
        if key == "step" and step is not None:
            parts = [step.action or "(no action)"]
            if step.customer_action:
                parts.append(f"Customer will: {step.customer_action}")
            return "\n".join(parts)
        if key == "when":
            return f"{call.started_at.astimezone():%A %d %B %Y %H:%M}"
        if key == "due" and step is not None and step.due is not None:
            return f"{step.due.astimezone():%A %d %B %Y %H:%M}"
        return None

    def colour(self, row, call: CallRow, key: str):
        step = call.step
        if key == "commitment" and call.connected:
            return tones.good() if call.ended_with_commitment else tones.warn()
        if key in ("due", "status") and step is not None and step.status == "open" \
                and step.due is not None and step.due < self.clock():
            return tones.bad()
        return None


class DayCallsModel(CallListModel):
    COLUMNS = ("time", "contact", "company", "outcome", "step", "due", "commitment")


class HistoryModel(CallListModel):
    COLUMNS = ("when", "outcome", "step", "due", "status")


class AuditModel(CallListModel):
    """Rows are (call, audit result): judged once, when the page is read."""

    COLUMNS = ("when", "contact", "outcome", "step", "specific", "dated", "customer", "verdict")

    def call_of(self, row) -> CallRow:
        return row[0]

    def results(self) -> list[AuditResult]:
        return [result for _, result in self._rows]

    def text(self, row, call, key):
        result: AuditResult = row[1]
        if key in ("specific", "dated", "customer"):
            if not result.applicable:
                return "—"
            return "✔" if getattr(result, _MARKS[key]) else "✘"
        if key == "verdict":
            return result.verdict
        return super().text(row, call, key)

    def tooltip(self, row, call, key):
        if key == "verdict":
            return row[1].verdict
        return super().tooltip(row, call, key)

    def colour(self, row, call, key):
        result: AuditResult = row[1]
        if key in _MARKS and result.applicable:
            return tones.good() if getattr(result, _MARKS[key]) else tones.bad()
        if key == "verdict" and result.applicable:
            return tones.good() if result.passed else tones.warn()
        return super().colour(row, call, key)

    def cell(self, row, column, role):
        if role == _ROLE.TextAlignmentRole and self.COLUMNS[column] in _MARKS:
            return int(Qt.AlignmentFlag.AlignCenter)
        return super().cell(row, column, role)


_MARKS = {"specific": "specific", "dated": "dated", "customer": "customer_acts"}


def audited(rows: list[CallRow]) -> list[tuple[CallRow, AuditResult]]:
    return [(row, audit_call(row.outcome, row.step, row.started_at)) for row in rows]


class SearchModel(CallListModel):
    """Rows are (call, snippet); see search_source for how two indexes are read together."""

    COLUMNS = ("when", "contact", "company", "outcome", "step", "match")

    def call_of(self, row) -> CallRow:
        return row[0]

    def text(self, row, call, key):
        if key == "match":
            return row[1]
        return super().text(row, call, key)

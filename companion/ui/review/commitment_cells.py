"""What each row of the Commitments table shows, role by role: a group's header, a
"show more" row, and a next step. Kept apart from the model, which only keeps order."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from companion.core.call import OWNER_LABELS
from companion.core.review import DONE, OVERDUE, STEP_GROUP_LABELS, TODAY, StepRow, describe_due, overdue_text
from companion.ui.review import tones
from companion.ui.review.cell_fonts import cell_font

ACTION_COLUMN, CUSTOMER_COLUMN, STATUS_COLUMN = 3, 4, 5
_ROLE = Qt.ItemDataRole


def header_cell(text: str, name: str, count: int, collapsed: bool, count_text: str,
                column: int, role: int):
    if role == _ROLE.DisplayRole:
        return text if column == 0 else None
    if role == _ROLE.FontRole:
        return cell_font("bold")
    if role == _ROLE.ForegroundRole and name == OVERDUE and count:
        return tones.bad()
    if role == _ROLE.BackgroundRole:
        return QGuiApplication.palette().window()
    if role == _ROLE.ToolTipRole:
        return "Enter or a click folds or unfolds the group"
    if role == _ROLE.AccessibleTextRole and column == 0:
        state = "folded" if collapsed else "unfolded"
        return f"{STEP_GROUP_LABELS[name]}: {count_text} next step{'' if count_text == '1' else 's'}, {state}"
    return None


def more_cell(left: int, capped: bool, page_size: int, column: int, role: int):
    # The same words whatever has been read: the row stays put while rows go in above it.
    if role == _ROLE.DisplayRole and column == 0:
        return f"   Show {page_size} more…"
    if role == _ROLE.ForegroundRole:
        return QGuiApplication.palette().placeholderText().color()
    if role == _ROLE.ToolTipRole:
        return f"{left:,}{'+' if capped else ''} more in this group (Enter or click)"
    return None


def step_cell(row: StepRow, group: str, now: datetime, column: int, role: int):
    step = row.step
    if role in (_ROLE.DisplayRole, _ROLE.EditRole):
        if column == 0:
            text = "   " + describe_due(step.due, now)
            if group == OVERDUE:
                text += f" · {overdue_text(step.due, now)}"
            return text
        return (row.contact, row.company, step.action, step.customer_action,
                status_text(step.status, step.owner))[column - 1]
    if role == _ROLE.ToolTipRole:
        if column == CUSTOMER_COLUMN and not step.customer_action.strip():
            return "Nothing for the customer to do yet: double-click to add their part"
        if column in (ACTION_COLUMN, CUSTOMER_COLUMN):
            return "Double-click or F2 to edit; saved at once"
        if column == 0 and step.due is not None:
            return f"{step.due.astimezone():%A %d %B %Y %H:%M}"
        return None
    if role == _ROLE.ForegroundRole:
        if group == OVERDUE and column in (0, STATUS_COLUMN):
            return tones.bad()
        if group == DONE:
            return QGuiApplication.palette().placeholderText().color()
        if group == TODAY and column == 0:
            return tones.warn()
        return None
    if role == _ROLE.FontRole:
        bold = group == OVERDUE and column == 0
        struck = step.status == "cancelled" and column == ACTION_COLUMN
        return cell_font("bold" if bold else "normal", struck) if bold or struck else None
    if role == _ROLE.UserRole:
        return row.call_id
    return None


def status_text(status: str, owner: str) -> str:
    if status != "open":
        return status.capitalize()
    return f"Open · {OWNER_LABELS.get(owner, owner)}"

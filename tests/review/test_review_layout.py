"""The review at its default size shows what matters whole: due dates and status, verdicts,
all of a day's calls, and a trend chart that labels both axes and draws no line across
days without calls."""

from datetime import date, timedelta

import pytest
from helpers.review_fixtures import NOW, step
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QPalette

from companion.core.review import DayPoint, summarize
from companion.resources import resource_path
from companion.store.playbook_files import load_playbooks
from companion.ui.review.window import ReviewWindow

LONG_ACTION = "Walk-through of the approval workflow for team leads and their deputies in finance"


def clock():
    return NOW


@pytest.fixture
def review(qtbot, store):
    window = ReviewWindow(store, load_playbooks(resource_path("playbooks"), None), clock=clock)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    # Its default size, as on a screen with room for it (the test screen is 800x600, and the
    # window never grows past the screen it is on).
    window.setMaximumSize(16777215, 16777215)
    window.resize(1100, 720)
    qtbot.waitUntil(lambda: window.width() == 1100)
    return window


def text_fits(view, row: int, column: int, lines: int = 1) -> bool:
    index = view.model().index(row, column)
    text = str(index.data() or "")
    width = view.columnWidth(column) - 8          # the cell's own padding
    needed = view.fontMetrics().boundingRect(QRect(0, 0, width, 10_000),
                                             Qt.TextFlag.TextWordWrap if lines > 1 else 0, text)
    if lines == 1:
        return view.fontMetrics().horizontalAdvance(text) <= width
    return needed.height() <= min(lines * view.fontMetrics().height(), view.verticalHeader().defaultSectionSize() - 4)


def test_commitments_show_due_and_status_whole(qtbot, review, add_call):
    for days in (11, 3):
        add_call("Ann Smith", NOW - timedelta(days=days + 1),
                 step=step(action=LONG_ACTION, due=NOW - timedelta(days=days), customer=LONG_ACTION))
    review.show_tab("commitments")
    table, model = review.commitments.table, review.commitments.model
    qtbot.wait(50)
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert "11 days late" in model.index(2, headers.index("Due")).data()
    for title in ("Due", "Status"):
        column = headers.index(title)
        # What the rows' own fonts and the cell padding need, against what the column has.
        assert table.sizeHintForColumn(column) <= table.columnWidth(column), title
    assert table.horizontalHeader().sectionSize(headers.index("Next step")) >= 200


def test_audit_verdicts_are_never_cut(qtbot, review, add_call):
    add_call("Ben Okafor", NOW - timedelta(hours=3), outcome="order",
             step=step(action="Check in about pricing", owner="rep", customer=""))
    add_call("Ann Smith", NOW - timedelta(hours=2), outcome="continuation", step=None)
    review.show_tab("audit")
    table, model = review.audit.table, review.audit.model
    qtbot.wait(50)
    verdict = model.COLUMNS.index("verdict")
    lines = 3
    assert model.rowCount() == 2

    def all_fit():
        return all(text_fits(table, row, verdict, lines=lines) for row in range(model.rowCount()))

    qtbot.waitUntil(all_fit, timeout=3000)      # once the columns have their final widths


def test_today_shows_all_seven_calls_without_scrolling(qtbot, review, add_call):
    for n in range(7):
        add_call(f"Contact {n}", NOW - timedelta(hours=8 - n))
    add_call("Contact 6", NOW - timedelta(days=9))             # an earlier call for the panel below
    review.refresh_all()
    review.show_tab("today")
    qtbot.wait(50)
    table = review.today.table
    assert review.today.model.rowCount() == 7
    assert not table.verticalScrollBar().isVisible()
    assert review.today.history.table.height() > 0


def points(calls_by_day: list[int]) -> list[DayPoint]:
    first = date(2026, 3, 1)
    result = []
    for offset, calls in enumerate(calls_by_day):
        rows = [("advance", step())] * calls
        result.append(DayPoint(first + timedelta(days=offset), summarize(rows)))
    return result


def test_trend_line_stops_at_days_without_calls_and_the_right_axis_is_named(qtbot):
    from companion.ui.review.trend_chart import TrendChart

    chart = TrendChart()
    qtbot.addWidget(chart)
    chart.resize(760, 340)
    chart.set_points(points([3, 2, 0, 0, 4, 1, 0, 2]))
    segments = chart.rate_segments(chart._plot())
    assert [len(s) for s in segments] == [2, 2, 1]
    image = chart.grab().toImage()
    plot = chart._plot()
    background = chart.palette().color(QPalette.ColorRole.Base)
    title_area = [image.pixelColor(x, y) for x in range(int(plot.right()) - 30, chart.width())
                  for y in range(int(plot.top()) - 22, int(plot.top()) - 8)]
    assert any(c != background for c in title_area), "nothing is written above the right axis"



def test_review_exports_the_day_shown_with_ctrl_shift_e(qtbot, review, add_call, tmp_path):
    from companion.ui.export_dialog import ExportDialog
    from tests.ui.test_live_call_keyboard import when_modal_opens

    shown_day = NOW - timedelta(days=2)
    add_call("Ann Smith", shown_day)
    add_call("Ben Okafor", shown_day + timedelta(hours=1))
    add_call("Cleo Park", NOW - timedelta(hours=1))                # another day: not exported
    review.settings.export_folder = str(tmp_path)
    review.show_tab("today")
    review.today.show_day(shown_day.astimezone().date())
    review.activateWindow()
    qtbot.waitUntil(review.isActiveWindow)
    seen = {}

    def check_and_export(dialog):
        seen["range"] = dialog.range_kind
        seen["count"] = dialog.count_label.text()
        seen["selection"] = dialog.selection_radio.text()
        dialog.path_edit.setText(str(tmp_path / "day.md"))
        qtbot.keyClick(dialog.path_edit, Qt.Key.Key_Return)

    done = when_modal_opens(qtbot, ExportDialog, check_and_export)
    qtbot.keyClick(review, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert done == [True]
    assert seen["range"] == "range" and seen["count"].startswith("2 calls")
    assert "(1)" in seen["selection"]                                # the selected call is offered too
    text = (tmp_path / "day.md").read_text(encoding="utf-8")
    assert "Ann Smith" in text and "Ben Okafor" in text and "Cleo Park" not in text
    assert "Exported 2 calls" in review.statusBar().currentMessage()


def test_counts_read_right_in_the_singular(qtbot, review, add_call):
    add_call("Ann Smith", NOW - timedelta(hours=1))
    review.refresh_all()
    review.show_tab("today")
    assert review.today.rate_caption.text().endswith(" of 1 connect)")
    review.show_tab("trend")
    detail = review.trend.detail.text()
    assert detail.startswith("1 call on 1 day, 1 connect,"), detail


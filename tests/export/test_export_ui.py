"""The export dialog, the import flow, the webhook settings section and the outbox status,
driven as a person would, checked in the files, the keyring and the database."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime, timedelta, timezone

import keyring
from helpers.call_samples import save_all, varied_calls
from keyring.backends import fail
from PySide6.QtCore import QPoint, Qt

from companion.core.call import Call
from companion.core.settings import Settings
from companion.export.formats import export_to_file
from companion.export.selection import CallSelection
from companion.integrations.secrets import SERVICE, get_secret
from companion.integrations.webhook import TOKEN_NAME, outbox_summary
from companion.ui.export_dialog import ExportDialog
from companion.ui.import_flow import run_import
from companion.ui.outbox_status import OutboxStatus
from companion.ui.webhook_settings import WebhookSettingsSection


def todays_calls(count: int) -> list[Call]:
    # Seconds before now, but never before this local day began (a run just after midnight).
    now = datetime.now(timezone.utc).replace(microsecond=0)
    day_start = datetime.now().astimezone().replace(hour=0, minute=0, second=0, microsecond=0)

    def today(seconds_ago: int) -> datetime:
        return max(now - timedelta(seconds=seconds_ago), day_start.astimezone(timezone.utc))

    sample = varied_calls(1)[0]
    sample.started_at = today(30)
    sample.ended_at = None
    return [sample] + [Call(contact=f"Today {n}", started_at=today(n)) for n in range(1, count)]


def test_export_today_as_csv_by_keyboard_and_remember_the_choices(qtbot, store, db, tmp_path):
    save_all(store, todays_calls(3) + varied_calls(4))           # the sample calls are in 2024
    settings = Settings()
    saved = []
    dialog = ExportDialog(db, settings, save_settings=lambda: saved.append(True))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.format_combo.setFocus()
    qtbot.keyClick(dialog.format_combo, Qt.Key.Key_Down)         # Markdown -> CSV
    assert dialog.format_key == "csv"
    assert dialog.bom_check.isVisible()
    assert dialog.count_label.text().startswith("3 calls")
    assert dialog.path_edit.text().endswith(f"calls-{date.today().isoformat()}.csv")
    target = tmp_path / "today.csv"
    dialog.path_edit.selectAll()
    qtbot.keyClicks(dialog.path_edit, str(target))
    qtbot.keyClick(dialog.path_edit, Qt.Key.Key_Return)
    assert not dialog.isVisible(), (dialog.problem_label.text(), dialog.path_edit.text(), dialog.result())
    assert dialog.result_message, (dialog.path_edit.text(), dialog.result())
    text = target.read_text(encoding="utf-8")
    assert text.startswith("\ufeff")                              # BOM is on by default
    assert len(list(csv.DictReader(io.StringIO(text[1:], newline="")))) == 3
    assert dialog.result_message == f"Exported 3 calls to {target}"
    assert (settings.export_format, settings.export_range, settings.export_folder) == ("csv", "today", str(tmp_path))
    assert saved == [True]
    again = ExportDialog(db, settings)
    qtbot.addWidget(again)
    assert again.format_key == "csv" and again.today_radio.isChecked()
    assert again.path_edit.text().startswith(str(tmp_path))


def test_selected_calls_and_a_day_range(qtbot, store, db, tmp_path):
    calls = varied_calls(10)
    save_all(store, calls)
    picked = [calls[2].id, calls[6].id]
    dialog = ExportDialog(db, Settings(export_format="json"), call_ids=picked,
                          choose_file=lambda suggested, _filter: str(tmp_path / "picked.json"))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.selection_radio.isChecked()
    qtbot.mouseClick(dialog.browse_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    exported = json.loads((tmp_path / "picked.json").read_text())["calls"]
    assert sorted(c["id"] for c in exported) == sorted(picked)

    ranged = ExportDialog(db, Settings())
    qtbot.addWidget(ranged)
    ranged.show()
    qtbot.waitExposed(ranged)
    # On the round indicator: the radio's cell is wider than its label.
    qtbot.mouseClick(ranged.range_radio, Qt.MouseButton.LeftButton, pos=QPoint(8, ranged.range_radio.height() // 2))
    assert ranged.range_radio.isChecked()
    ranged.from_edit.setDate(ranged.to_edit.date().addDays(1))
    assert not ranged.export_button.isEnabled(), ranged.problem_label.text()
    assert "after the last day" in ranged.problem_label.text()


def test_unwritable_destination_is_explained_and_the_dialog_stays(qtbot, store, db, tmp_path):
    save_all(store, todays_calls(1))
    dialog = ExportDialog(db, Settings())
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.path_edit.setText(str(tmp_path / "no-such-folder" / "notes.md"))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "does not exist" in dialog.problem_label.text()
    assert not (tmp_path / "no-such-folder").exists()


def test_import_flow_reports_the_result_or_the_refusal(qtbot, store, db, paths, tmp_path):
    from companion.store.db import open_database

    save_all(store, varied_calls(5))
    good = tmp_path / "backup.json"
    export_to_file(db, "json", CallSelection.everything(), good)
    target = open_database(tmp_path / "target.sqlite3")
    told = []
    result = run_import(None, target, tmp_path / "target.sqlite3", choose_file=lambda _parent: str(good),
                        tell=lambda _parent, ok, title, text: told.append((ok, text)))
    assert result.added == 5
    assert told == [(True, "backup.json: 5 calls: 5 added, 0 updated, 0 unchanged.")]
    bad = tmp_path / "bad.json"
    document = json.loads(good.read_text())
    document["calls"][4]["close_attempts"] = "many"
    bad.write_text(json.dumps(document))
    told.clear()
    assert run_import(None, target, tmp_path / "t.sqlite3", choose_file=lambda _parent: str(bad),
                      tell=lambda _parent, ok, title, text: told.append((ok, text))) is None
    assert told[0][0] is False and "calls[4].close_attempts" in told[0][1]
    assert run_import(None, target, tmp_path / "t.sqlite3", choose_file=lambda _parent: "") is None
    target.close()


def test_webhook_section_keeps_the_token_in_the_keyring_only(qtbot, memory_keyring):
    settings = Settings()
    section = WebhookSettingsSection(settings)
    qtbot.addWidget(section)
    section.show()
    qtbot.keyClicks(section.url_edit, "http://crm.example.com/hook")
    qtbot.keyClicks(section.token_edit, "tok-123")
    qtbot.mouseClick(section.enable_check, Qt.MouseButton.LeftButton)
    assert section.save() is False                                  # plain http to a remote host
    assert "https" in section.problem_label.text()
    assert settings.webhook_enabled is False and get_secret(TOKEN_NAME) is None
    section.url_edit.setText("https://crm.example.com/hook")
    assert section.save() is True
    assert (settings.webhook_url, settings.webhook_enabled) == ("https://crm.example.com/hook", True)
    assert memory_keyring.passwords == {(SERVICE, TOKEN_NAME): "tok-123"}
    assert "tok-123" not in json.dumps(settings.to_dict())
    assert section.token_edit.text() == "" and "stored" in section.token_edit.placeholderText()
    qtbot.mouseClick(section.remove_button, Qt.MouseButton.LeftButton)
    assert get_secret(TOKEN_NAME) is None and settings.webhook_enabled is False


def test_webhook_section_without_a_keyring_says_so_and_stays_off(qtbot):
    keyring.set_keyring(fail.Keyring())
    settings = Settings(webhook_url="https://crm.example.com/hook", webhook_enabled=True)
    section = WebhookSettingsSection(settings)
    qtbot.addWidget(section)
    assert "No secret store is available" in section.store_label.text()
    assert not section.enable_check.isEnabled() and not section.enable_check.isChecked()
    assert not section.token_edit.isEnabled()
    assert section.save() is True
    assert settings.webhook_enabled is False


def test_outbox_status_shows_counts_and_retries(qtbot, db):
    db.execute("INSERT INTO outbox (call_id, payload, created_at, status, attempts, last_error)"
               " VALUES ('c1', '{}', '2024-05-14', 'failed', 3, 'HTTP 500 Internal Server Error')")
    db.execute("INSERT INTO outbox (call_id, payload, created_at, status, attempts)"
               " VALUES ('c2', '{}', '2024-05-14', 'delivered', 1)")
    retried = []
    status = OutboxStatus(db, on_retry=lambda: retried.append(True))
    qtbot.addWidget(status)
    status.show()
    assert status.label.text() == ("Webhook: 0 waiting, 1 delivered, 1 failed. "
                                   "Last error: HTTP 500 Internal Server Error")
    qtbot.mouseClick(status.retry_button, Qt.MouseButton.LeftButton)
    assert outbox_summary(db).pending == 1 and retried == [True]
    assert not status.retry_button.isVisible()


def test_app_wiring_queues_saved_calls_when_the_webhook_is_on(qtbot, paths, db):
    from companion.ui.app import build_main_window, load_all_playbooks
    from companion.ui.services import build_services

    settings = Settings(webhook_url="http://127.0.0.1:9/hook", webhook_enabled=False)
    window = build_main_window(build_services(paths, db, settings, load_all_playbooks(paths)))
    qtbot.addWidget(window)
    service = window.store.after_write[-1].__self__
    try:
        window.store.save_call(Call(contact="Off"))
        assert outbox_summary(db).pending == 0                     # off by default: nothing queued
        settings.webhook_enabled = True
        window.store.save_call(Call(contact="On"))
        assert outbox_summary(db).pending == 1
    finally:
        service.stop()


def test_calls_menu_export_opens_the_dialog_and_enter_exports(qtbot, paths, db, tmp_path):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from companion.store.calls import CallStore
    from companion.ui.app import build_main_window, load_all_playbooks
    from companion.ui.services import build_services

    settings = Settings(export_folder=str(tmp_path))
    window = build_main_window(build_services(paths, db, settings, load_all_playbooks(paths)))
    qtbot.addWidget(window)
    CallStore(db).save_call(todays_calls(2)[1])
    seen = []

    def press_enter():
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, ExportDialog):
            seen.append(dialog.count_label.text())
            qtbot.keyClick(dialog.path_edit, Qt.Key.Key_Return)
        else:
            QTimer.singleShot(20, press_enter)

    QTimer.singleShot(0, press_enter)
    QTimer.singleShot(5000, lambda: QApplication.activeModalWidget() and QApplication.activeModalWidget().reject())
    window.export_requested.emit()
    written = tmp_path / f"calls-{date.today().isoformat()}.md"
    assert seen == ["1 call"]
    assert "## Today 1" in written.read_text()
    assert window.statusBar().currentMessage() == f"Exported 1 call to {written}"


def test_review_shows_webhook_deliveries_only_when_there_are_any(qtbot, store, db):
    from companion.core.playbook import PlaybookSet
    from companion.ui.review.window import ReviewWindow

    window = ReviewWindow(store, PlaybookSet())
    qtbot.addWidget(window)
    window.show()
    assert not window.outbox_status.isVisible()
    db.execute("INSERT INTO outbox (call_id, payload, created_at, status, attempts, last_error)"
               " VALUES ('x', '{}', '2026-01-01T00:00:00+00:00', 'failed', 20, 'HTTP 500')")
    db.conn.commit()
    window.outbox_status.refresh()
    assert window.outbox_status.isVisible()
    assert "1 failed" in window.outbox_status.label.text()
    assert "HTTP 500" in window.outbox_status.label.text()


def test_the_issue_steps_alt_d_then_alt_o_keep_the_days_and_zero_calls_write_nothing(qtbot, store, db, tmp_path):
    """Alt+D (a range with calls), Alt+O to edit the path: the range stays; a range with no
    calls says so and writes no file, even when Enter is pressed."""
    save_all(store, varied_calls(6))                           # all in 2024, none today
    dialog = ExportDialog(db, Settings(export_folder=str(tmp_path)))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    assert dialog.today_radio.isChecked()
    assert "No calls today: nothing to export" in dialog.problem_label.text()
    assert not dialog.export_button.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(dialog.range_radio.isChecked)
    dialog.from_edit.setDate(date(2024, 1, 1))
    dialog.to_edit.setDate(date(2024, 12, 31))
    assert dialog.export_button.isEnabled() and dialog.count_label.text().startswith("6 calls")
    qtbot.keyClick(dialog, Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: dialog.focusWidget() is dialog.path_edit)
    assert dialog.range_radio.isChecked()
    dialog.to_edit.setDate(date(2024, 1, 1))
    dialog.from_edit.setDate(date(2024, 1, 1))                # a day without calls
    target = tmp_path / "empty.md"
    dialog.path_edit.setText(str(target))
    qtbot.keyClick(dialog.path_edit, Qt.Key.Key_Return)
    assert dialog.isVisible() and not target.exists()
    assert "No calls on these days: nothing to export" in dialog.problem_label.text()
    assert [p.name for p in tmp_path.iterdir()] == ["data"]      # the app's own data folder only


def test_zero_calls_at_export_time_write_nothing(qtbot, store, db, tmp_path):
    [call] = todays_calls(1)
    save_all(store, [call])
    dialog = ExportDialog(db, Settings())
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.export_button.isEnabled()
    store.delete_call(call.id)                                 # gone while the dialog is open
    target = tmp_path / "notes.md"
    dialog.path_edit.setText(str(target))
    dialog.export()
    assert not target.exists() and dialog.isVisible()
    assert "nothing to export" in dialog.problem_label.text()


def test_the_default_folder_is_the_users_documents_folder(tmp_path, monkeypatch):
    from companion.ui import export_dialog

    documents = tmp_path / "Dokumente"
    documents.mkdir()
    monkeypatch.setattr("platformdirs.user_documents_dir", lambda: str(documents))
    assert export_dialog.default_folder(Settings()) == documents
    assert export_dialog.default_folder(Settings(export_folder=str(tmp_path))) == tmp_path
    documents.rmdir()
    assert export_dialog.default_folder(Settings()) == export_dialog.Path.home()

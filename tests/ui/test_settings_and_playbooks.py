"""Settings reach the coach; playbooks added to the folder appear without a restart."""

from PySide6.QtCore import QTime

from companion.core.settings import Settings
from companion.store.settings_file import load_settings
from companion.ui.app import build_main_window, load_all_playbooks
from companion.ui.services import build_services
from companion.ui.settings_dialog import SettingsDialog

USER_PLAYBOOK = '''id = "renewal"
name = "Renewal call"
[[moments]]
id = "usage"
label = "Confirms usage"
stage = "discovery"
'''


def test_playbook_dropped_in_the_folder_is_picked_up(qtbot, paths, db):
    window = build_main_window(build_services(paths, db, Settings(), load_all_playbooks(paths)))
    qtbot.addWidget(window)
    (paths.playbooks_dir / "renewal.toml").write_text(USER_PLAYBOOK, encoding="utf-8")
    qtbot.waitUntil(lambda: window.playbooks.get("renewal") is not None, timeout=5000)

    (paths.playbooks_dir / "renewal.toml").write_text("id = [", encoding="utf-8")
    qtbot.waitUntil(lambda: window.playbooks.get("renewal") is None, timeout=5000)
    assert any(e.file.endswith("renewal.toml") for e in window.playbooks.errors)
    assert window.playbooks.get("discovery") is not None


def test_settings_dialog_saves_working_hours_and_threshold(qtbot, paths, db):
    settings = Settings()
    window = build_main_window(build_services(paths, db, settings, load_all_playbooks(paths)))
    qtbot.addWidget(window)
    dialog = SettingsDialog(settings, window.playbooks, paths.playbooks_dir, lambda: window.playbooks)
    qtbot.addWidget(dialog)
    dialog.day_checks[4].setChecked(False)                   # no Fridays
    dialog.day_start_edit.setTime(QTime(8, 30))
    dialog.threshold_edit.setText("120k")
    dialog.save()
    assert dialog.result() == SettingsDialog.DialogCode.Accepted
    assert settings.working_days == [0, 1, 2, 3]
    assert settings.day_start == "08:30"
    assert settings.large_deal_threshold == 120_000
    window.settings_changed.emit()
    assert load_settings(paths.settings_path).large_deal_threshold == 120_000


def test_settings_dialog_refuses_an_impossible_day(qtbot, paths, db):
    settings = Settings()
    dialog = SettingsDialog(settings, load_all_playbooks(paths), paths.playbooks_dir, lambda: None)
    qtbot.addWidget(dialog)
    dialog.day_end_edit.setTime(QTime(8, 0))
    dialog.save()
    assert dialog.error_label.isVisibleTo(dialog)
    assert "end after it starts" in dialog.error_label.text()
    assert settings.day_end == "17:00"


def test_review_opened_after_a_playbook_change_uses_the_new_playbooks(qtbot, paths, db):
    from companion.ui.tray import attach_review_and_reminders

    settings = Settings()
    window = build_main_window(build_services(paths, db, settings, load_all_playbooks(paths)))
    qtbot.addWidget(window)
    hooks = attach_review_and_reminders(window, window.services, tray_available=False)
    (paths.playbooks_dir / "renewal.toml").write_text(USER_PLAYBOOK, encoding="utf-8")
    qtbot.waitUntil(lambda: window.playbooks.get("renewal") is not None, timeout=5000)
    assert hooks.launcher.playbooks.get("renewal") is not None

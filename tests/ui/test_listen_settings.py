"""Settings › Listening: the statement, off by default, how to add the extra, saving the choices."""

from __future__ import annotations

from companion.core.playbook import PlaybookSet
from companion.core.settings import Settings
from companion.ui import listen_settings
from companion.ui.settings_dialog import SettingsDialog


def open_dialog(qtbot, tmp_path, settings):
    dialog = SettingsDialog(settings, PlaybookSet(), tmp_path / "playbooks", lambda: PlaybookSet())
    qtbot.addWidget(dialog)
    return dialog


def test_off_by_default_after_a_plain_statement(qtbot, tmp_path):
    dialog = open_dialog(qtbot, tmp_path, Settings())
    section = dialog.listen_section
    assert dialog.tabs.tabText(dialog.tabs.indexOf(section)) == "&Listening"
    assert not section.enable_check.isChecked()
    text = section.findChild(type(section.install_label)).text()
    for words in ("on this computer only", "never stored", "never sent", "No transcript is kept",
                  "every party's consent"):
        assert words in text


def test_without_the_speech_extra_it_says_how_to_add_it_and_cannot_be_turned_on(qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(listen_settings, "speech_extra_missing", lambda: ["faster-whisper", "soundcard"])
    dialog = open_dialog(qtbot, tmp_path, Settings(listen_enabled=True))
    section = dialog.listen_section
    assert not section.install_label.isHidden()
    assert "pip install 'call-companion[speech]'" in section.install_label.text()
    assert "faster-whisper, soundcard" in section.install_label.text()
    assert not section.enable_check.isEnabled() and not section.enable_check.isChecked()
    assert not section.check_button.isEnabled()


def test_choices_are_saved(qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(listen_settings, "speech_extra_missing", lambda: [])
    settings = Settings()
    dialog = open_dialog(qtbot, tmp_path, settings)
    section = dialog.listen_section
    section.enable_check.setChecked(True)
    section.source_combo.setCurrentIndex(section.source_combo.findData("both"))
    section.transcript_check.setChecked(True)
    dialog.save()
    assert (settings.listen_enabled, settings.listen_sources, settings.listen_show_transcript) == (True, "both", True)
    assert Settings.from_dict(settings.to_dict()).listen_sources == "both"


def test_a_model_folder_without_a_model_is_refused_with_the_reason(qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(listen_settings, "speech_extra_missing", lambda: [])
    settings = Settings()
    dialog = open_dialog(qtbot, tmp_path, settings)
    section = dialog.listen_section
    section.enable_check.setChecked(True)
    section.model_edit.setText(str(tmp_path))
    dialog.save()
    assert dialog.tabs.currentWidget() is section
    assert "model.bin, config.json, tokenizer.json missing" in section.model_problem.text()
    assert settings.listen_enabled is False and settings.listen_model_folder == ""

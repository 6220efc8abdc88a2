import subprocess
import sys

import pytest

from companion import __version__
from companion.errors import DataDirError
from companion.paths import DATA_DIR_ENV, AppPaths


def test_data_dir_option_beats_environment(tmp_path):
    chosen = AppPaths.resolve(str(tmp_path / "opt"), environ={DATA_DIR_ENV: str(tmp_path / "env")})
    assert chosen.db_path == tmp_path / "opt" / "calls.sqlite3"
    assert chosen.settings_path.parent == tmp_path / "opt"
    from_env = AppPaths.resolve(None, environ={DATA_DIR_ENV: str(tmp_path / "env")})
    assert from_env.log_dir == tmp_path / "env" / "logs"


def test_default_uses_platform_folders(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    paths = AppPaths.resolve(None, environ={})
    assert paths.db_path == tmp_path / "xdg-data" / "call-companion" / "calls.sqlite3"
    assert paths.playbooks_dir == tmp_path / "xdg-config" / "call-companion" / "playbooks"


def test_resolving_paths_creates_nothing(tmp_path):
    AppPaths.resolve(str(tmp_path / "later"))
    assert not (tmp_path / "later").exists()


def test_unwritable_data_folder_names_it_and_the_way_out(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    paths = AppPaths.resolve(str(blocker / "data"))
    with pytest.raises(DataDirError) as info:
        paths.ensure()
    message = str(info.value)
    assert str(blocker / "data") in message
    assert "--data-dir" in message and "COMPANION_DATA_DIR" in message


def test_gui_start_with_unwritable_folder_reports_instead_of_crashing(tmp_path, monkeypatch):
    from companion.ui import app as app_module

    shown = []
    monkeypatch.setattr(app_module, "show_problem", lambda title, message: shown.append(message))
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    code = app_module.run_app(AppPaths.resolve(str(blocker / "data")), [])
    assert code == 2
    assert shown and str(blocker / "data") in shown[0]


def test_version_flag():
    result = subprocess.run([sys.executable, "-m", "companion", "--version"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    assert result.stdout.strip() == f"companion {__version__}"


def test_data_dir_is_a_global_option_for_subcommands(tmp_path):
    from companion.cli import build_parser

    args = build_parser().parse_args(["--data-dir", str(tmp_path), "export", "--format", "json"])
    assert args.data_dir == str(tmp_path) and args.command == "export"


@pytest.mark.parametrize("command", [["backup"], ["export", "-f", "json"], ["doctor"]])
def test_an_empty_data_dir_is_refused_not_replaced_by_the_real_folder(command, capsys, monkeypatch):
    from companion.cli import main

    monkeypatch.delenv("COMPANION_DATA_DIR", raising=False)
    opened = []
    monkeypatch.setattr("companion.paths.AppPaths.ensure", lambda self: opened.append(self))
    with pytest.raises(SystemExit) as exited:
        main(["--data-dir", "", *command])
    assert exited.value.code == 2
    assert "--data-dir needs a folder" in capsys.readouterr().err
    assert not opened


def test_app_paths_refuse_an_empty_override():
    from companion.errors import DataDirError
    from companion.paths import AppPaths

    with pytest.raises(DataDirError, match="no folder was given"):
        AppPaths.resolve("", environ={})

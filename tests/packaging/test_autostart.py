"""Start at login: the XDG autostart entry is written, read and removed as the rep expects."""

import shutil
import subprocess
import sys

import pytest

from companion import APP_ID, autostart


@pytest.fixture
def environ(tmp_path):
    return {"XDG_CONFIG_HOME": str(tmp_path / "config")}


def exec_command(text: str) -> list[str]:
    """Read an Exec line back as the Desktop Entry spec says a launcher must."""
    line = next(line for line in text.splitlines() if line.startswith("Exec="))
    value = line[len("Exec="):].replace("\\\\", "\\")   # the string type's escape level
    args, current, quoted, i, started = [], "", False, 0, False
    while i < len(value):
        char = value[i]
        if quoted and char == "\\" and value[i + 1] in '"`$\\':
            current, i = current + value[i + 1], i + 2
            continue
        if char == '"':
            quoted, started = not quoted, True
        elif char == " " and not quoted:
            if started:
                args.append(current)
            current, started = "", False
        else:
            current, started = current + char, True
        i += 1
    if started:
        args.append(current)
    return [arg.replace("%%", "%") for arg in args]


def test_off_by_default(environ):
    assert not autostart.is_enabled(environ)


def test_enable_writes_an_entry_in_the_xdg_autostart_folder(environ, tmp_path):
    path = autostart.enable(["/opt/call companion/companion"], environ)
    assert path == tmp_path / "config" / "autostart" / f"{APP_ID}.desktop"
    assert autostart.is_enabled(environ)
    text = path.read_text(encoding="utf-8")
    assert exec_command(text) == ["/opt/call companion/companion"]
    assert f"Icon={APP_ID}" in text
    # No temp file left behind by the atomic write.
    assert [p.name for p in path.parent.iterdir()] == [path.name]


def test_disable_removes_it_and_is_harmless_twice(environ):
    autostart.enable(["companion"], environ)
    autostart.disable(environ)
    assert not autostart.is_enabled(environ)
    autostart.disable(environ)


def test_apply_setting_follows_the_setting(environ):
    autostart.apply_setting(True, environ)
    assert autostart.is_enabled(environ)
    autostart.apply_setting(False, environ)
    assert not autostart.is_enabled(environ)


@pytest.mark.parametrize("line", ["Hidden=true", "X-GNOME-Autostart-enabled=false"])
def test_entry_switched_off_by_the_desktop_counts_as_disabled(environ, line):
    path = autostart.enable(["companion"], environ)
    path.write_text(path.read_text().replace("X-GNOME-Autostart-enabled=true", "") + line + "\n")
    assert not autostart.is_enabled(environ)


def test_without_xdg_config_home_it_uses_dot_config(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    assert autostart.autostart_dir({}) == tmp_path / ".config" / "autostart"
    # A relative XDG_CONFIG_HOME is invalid per the spec and ignored.
    assert autostart.autostart_dir({"XDG_CONFIG_HOME": "rel"}) == tmp_path / ".config" / "autostart"


def test_awkward_paths_survive_the_exec_quoting(environ):
    command = [sys.executable, "-m", "companion", "--data-dir", 'C:\\odd "dir" $HOME 100%']
    path = autostart.enable(command, environ)
    assert exec_command(path.read_text()) == command


def test_entry_passes_desktop_file_validate(environ):
    assert shutil.which("desktop-file-validate"), "scripts/test.sh installs desktop-file-utils"
    path = autostart.enable([sys.executable, "-m", "companion"], environ)
    result = subprocess.run(["desktop-file-validate", str(path)], capture_output=True, text=True)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


def test_launch_command_runs_this_installation():
    command = autostart.launch_command()
    assert command[0] in (sys.executable,) or command[0].endswith("companion")


def test_other_systems_say_so(monkeypatch, environ):
    monkeypatch.setattr(autostart.sys, "platform", "darwin")
    assert not autostart.is_supported()
    with pytest.raises(autostart.AutostartUnsupported):
        autostart.enable(["companion"], environ)

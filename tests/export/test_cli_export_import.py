"""`companion export` and `companion import`, run as a user would: headless, no Qt."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from helpers.call_samples import save_all, varied_calls

from companion.cli import main
from companion.export.call_reader import iter_calls
from companion.export.selection import CallSelection

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[2]
# Runs main() and reports whether any Qt module got imported on the way.
PROBE = ("import sys; from companion.cli import main; code = main(sys.argv[1:]); "
         "print('QT-IMPORTED' if any(m.startswith('PySide6') for m in sys.modules) else '', file=sys.stderr); "
         "sys.exit(code)")


def run_headless(*args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["PYTHONPATH"] = str(REPO)
    return subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, env=env, timeout=120,
                          cwd=REPO)


def test_export_to_stdout_without_display_or_qt(store, paths):
    save_all(store, varied_calls(5))
    done = run_headless("--data-dir", str(paths.data_dir), "export", "--format", "csv", "--bom")
    assert done.returncode == 0, done.stderr
    assert b"QT-IMPORTED" not in done.stderr
    rows = list(csv.reader(io.StringIO(done.stdout.decode("utf-8-sig"), newline="")))
    assert len(rows) == 6


def test_export_to_file_then_import_elsewhere(store, paths, tmp_path, capsys):
    calls = varied_calls(8)
    save_all(store, calls)
    target = tmp_path / "calls.json"
    assert main(["--data-dir", str(paths.data_dir), "export", "--format", "json", "-o", str(target)]) == 0
    assert "Exported 8 calls" in capsys.readouterr().err
    elsewhere = tmp_path / "elsewhere"
    assert main(["--data-dir", str(elsewhere), "import", str(target)]) == 0
    assert "8 added" in capsys.readouterr().out
    assert main(["--data-dir", str(elsewhere), "import", str(target)]) == 0
    assert "8 unchanged" in capsys.readouterr().out


def test_date_range(store, paths, capsys):
    calls = varied_calls(10)            # every 5 hours from 13 May 2024 08:00 UTC
    save_all(store, calls)
    assert main(["--data-dir", str(paths.data_dir), "export", "--format", "json",
                 "--from", "2024-05-14", "--to", "2024-05-14"]) == 0
    exported = json.loads(capsys.readouterr().out)["calls"]
    day = date(2024, 5, 14)
    expected = [s.call.id for s in iter_calls(store.db, CallSelection.days(day, day))]   # local days
    assert expected and len(expected) < len(calls)
    assert [c["id"] for c in exported] == expected


@pytest.mark.parametrize("args", [
    ["export"],
    ["export", "--format", "pdf"],
    ["export", "--format", "md", "--from", "14/05/2024"],
    ["export", "--format", "md", "--from", "2024-05-15", "--to", "2024-05-14"],
    ["export", "--format", "md", "--bom"],
])
def test_bad_arguments_exit_2(paths, store, args):
    save_all(store, varied_calls(1))
    done = run_headless("--data-dir", str(paths.data_dir), *args)
    assert done.returncode == 2, done.stderr


def test_failures_exit_1_with_one_line(paths, store, tmp_path):
    save_all(store, varied_calls(1))
    done = run_headless("--data-dir", str(paths.data_dir), "export", "--format", "md",
                        "-o", str(tmp_path / "missing-folder" / "notes.md"))
    assert done.returncode == 1
    message = done.stderr.decode().strip().splitlines()
    assert len(message) == 1 and "does not exist" in message[0]
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "call-companion", "version": 1, "calls": [{"id": 3}]}')
    done = run_headless("--data-dir", str(paths.data_dir), "import", str(bad))
    assert done.returncode == 1
    assert "calls[0].id" in done.stderr.decode()


def test_folder_as_destination_is_refused_clearly(paths, store, tmp_path, capsys):
    save_all(store, varied_calls(1))
    assert main(["--data-dir", str(paths.data_dir), "export", "--format", "md", "-o", str(tmp_path)]) == 1
    assert "is a folder" in capsys.readouterr().err


def test_interrupted_export_keeps_the_old_file(db, store, tmp_path, monkeypatch):
    from companion.export import formats
    from companion.export.selection import CallSelection

    save_all(store, varied_calls(3))
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "notes.md"
    target.write_text("yesterday's notes")

    def crash_midway(db, selection, out, **options):
        out.write("half a document")
        raise KeyboardInterrupt

    monkeypatch.setitem(formats.FORMATS, "md", formats.FORMATS["md"].__class__(
        "md", "Markdown", ".md", "call", crash_midway))
    with pytest.raises(KeyboardInterrupt):
        formats.export_to_file(db, "md", CallSelection.everything(), target)
    assert target.read_text() == "yesterday's notes"
    assert [p.name for p in target.parent.iterdir()] == ["notes.md"]     # no temp file left behind

"""The CSV export opened in LibreOffice Calc the way the README says: every text cell comes
back as exported (accents, emoji, neutralised formulas), where Calc's own guess garbles it."""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from companion.cli import main
from companion.core.call import Call, NextStep

pytestmark = pytest.mark.slow
README = Path(__file__).resolve().parents[2] / "README.md"
TEXT_COLUMNS = ("Contact", "Company", "Playbook", "Closes tried", "Next step", "Customer action", "Notes")
# Calc writes its copy back as UTF-8 CSV, so the two files can be compared cell by cell.
WRITE_UTF8_CSV = "csv:Text - txt - csv (StarCalc):44,34,76,1"


def readme_filter() -> str:
    """The import filter options the README tells people to use."""
    found = re.search(r'soffice --infilter="([^"]+)"', README.read_text(encoding="utf-8"))
    assert found, "the README does not say how to open the CSV in LibreOffice"
    return found.group(1)


def through_calc(source: Path, tmp_path: Path, in_filter: str | None) -> list[dict[str, str]]:
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice (libreoffice-calc-nogui) is needed; scripts/test.sh installs it"
    out_dir = tmp_path / ("calc-utf8" if in_filter else "calc-guess")
    command = [soffice, "--headless", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}"]
    if in_filter:
        command.append(f"--infilter={in_filter}")
    command += ["--convert-to", WRITE_UTF8_CSV, "--outdir", str(out_dir), str(source)]
    subprocess.run(command, check=True, capture_output=True, timeout=180)
    text = (out_dir / source.name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_calc_reads_the_export_as_exported_with_the_readme_options(store, paths, tmp_path):
    call = Call(contact="Zoë Ünïcödé 😀", company="Café Ltd ½", playbook_id="discovery")
    call.record_close_attempt("ben_franklin", "accepted")
    call.next_step = NextStep("=HYPERLINK(\"http://evil.example\")", "rep", " @SUM(1,2)", None)
    call.notes = "Prix: 25 000 € — ça marche\n=1+1"
    store.save_call(call)
    source = tmp_path / "calls.csv"
    assert main(["--data-dir", str(paths.data_dir), "export", "--format", "csv", "-o", str(source)]) == 0
    (exported,) = list(csv.DictReader(io.StringIO(source.read_text(encoding="utf-8"), newline="")))

    (as_told,) = through_calc(source, tmp_path, readme_filter())
    assert {c: as_told[c] for c in TEXT_COLUMNS} == {c: exported[c] for c in TEXT_COLUMNS}
    assert as_told["Contact"] == "Zoë Ünïcödé 😀"
    assert as_told["Next step"].startswith("'=HYPERLINK")            # text, never evaluated

    (guessed,) = through_calc(source, tmp_path, None)                # why the README says it
    assert guessed["Contact"] != exported["Contact"]

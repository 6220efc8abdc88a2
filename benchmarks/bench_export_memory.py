"""Peak memory of the streamed exports: 100,000 calls against 1,000, per format.

    python benchmarks/bench_export_memory.py [--calls N] [--small M] [--seed S]

Each export runs as `companion export --format F -o FILE` in a fresh process, which reports
its peak resident size (VmHWM) as it ends. The baseline is the same export of the first
M calls of the same generated history, so the ratio says how memory grows with the number of
calls: an export that streams stays near 1x, one that builds the whole file grows with N.
Target: every format at most 1.5x its small-export figure.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_export import generate  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
FORMATS = ("ics", "md", "csv", "json")
TARGET = 1.5


# The child reports its own high-water mark (VmHWM): ru_maxrss would carry over the
# parent's size from before exec.
CHILD = ("import sys; from companion.cli import main; code = main(sys.argv[2:]); "
         "hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1]; "
         "open(sys.argv[1], 'w').write(hwm); sys.exit(code)")


def peak_mb(data_dir: Path, fmt: str, out: Path) -> float:
    """Peak resident size of one export process, in MB."""
    report = out.with_suffix(".hwm")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", CHILD, str(report), "--data-dir", str(data_dir), "export",
                           "--format", fmt, "-o", str(out)], env=env, capture_output=True)
    if done.returncode != 0:
        raise SystemExit(f"export --format {fmt} failed: {done.stderr.decode(errors='replace')}")
    return int(report.read_text()) / 1024          # VmHWM is in KiB


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        sizes = {"big": args.calls, "small": args.small}
        for name, count in sizes.items():
            (base / name).mkdir()
            generate(base / name / "calls.sqlite3", count, args.seed)
        print(f"{'format':<6} {args.small:>9,} calls {args.calls:>9,} calls   ratio  target  met")
        for fmt in FORMATS:
            small = peak_mb(base / "small", fmt, base / f"small.{fmt}")
            big = peak_mb(base / "big", fmt, base / f"big.{fmt}")
            ratio = big / small
            print(f"{fmt:<6} {small:>9.0f} MB    {big:>9.0f} MB   {ratio:5.2f}x  {TARGET:.1f}x   "
                  f"{'yes' if ratio <= TARGET else 'NO'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

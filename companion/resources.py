"""Find the files shipped in `resources/`, the same way in every kind of install.

- PyInstaller bundle: `<bundle>/companion/resources` (the spec puts them there).
- Installed wheel: `companion/resources` inside the package (the build maps them there).
- Source checkout: the top-level `resources/` folder beside the package.
"""

from __future__ import annotations

import sys
from pathlib import Path


def resources_root() -> Path:
    package_dir = Path(__file__).resolve().parent
    candidates = []
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        candidates.append(Path(bundle) / "companion" / "resources")
    candidates.append(package_dir / "resources")
    candidates.append(package_dir.parent / "resources")
    for candidate in candidates:
        if (candidate / "playbooks").is_dir():
            return candidate
    raise FileNotFoundError(
        "Call Companion's resources folder is missing (looked in: "
        + ", ".join(str(c) for c in candidates)
        + "). Reinstall the app."
    )


def resource_path(*parts: str) -> Path:
    return resources_root().joinpath(*parts)

"""Settings on disk: JSON, written atomically."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from companion.atomic_write import write_atomic
from companion.core.settings import Settings

log = logging.getLogger(__name__)


def load_settings(path: Path) -> Settings:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Settings()
    except OSError as exc:
        log.warning("Settings file %s cannot be read (%s); using defaults", path, exc)
        return Settings()
    try:
        return Settings.from_dict(json.loads(text))
    except ValueError:
        log.warning("Settings file %s is not valid JSON; using defaults (the file is kept)", path)
        return Settings()


def save_settings(path: Path, settings: Settings) -> None:
    write_atomic(path, json.dumps(settings.to_dict(), indent=2, sort_keys=True) + "\n")

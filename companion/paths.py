"""Where Call Companion keeps its files: one object, one override.

Nothing here touches the disk until `ensure()` is called by the bootstrap.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from companion.errors import DataDirError

DATA_DIR_ENV = "COMPANION_DATA_DIR"
_APP_DIR_NAME = "call-companion"


@dataclass(frozen=True)
class AppPaths:
    data_dir: Path
    config_dir: Path
    log_dir: Path

    @classmethod
    def resolve(cls, override: str | os.PathLike | None = None, environ=None) -> "AppPaths":
        """`--data-dir` wins, then $COMPANION_DATA_DIR, then the platform's folders."""
        environ = os.environ if environ is None else environ
        if override is not None and str(override).strip() == "":
            # Falling back to the real folder would mix test or portable data into it.
            raise DataDirError(Path(""), "no folder was given; name one, e.g. --data-dir ~/calls-test")
        chosen = override or environ.get(DATA_DIR_ENV) or None
        if chosen:
            root = Path(chosen).expanduser().resolve()
            return cls(data_dir=root, config_dir=root, log_dir=root / "logs")
        import platformdirs

        return cls(
            data_dir=Path(platformdirs.user_data_dir(_APP_DIR_NAME, appauthor=False)),
            config_dir=Path(platformdirs.user_config_dir(_APP_DIR_NAME, appauthor=False)),
            log_dir=Path(platformdirs.user_log_dir(_APP_DIR_NAME, appauthor=False)),
        )

    @property
    def db_path(self) -> Path:
        return self.data_dir / "calls.sqlite3"

    @property
    def settings_path(self) -> Path:
        return self.config_dir / "settings.json"

    @property
    def playbooks_dir(self) -> Path:
        return self.config_dir / "playbooks"

    @property
    def backups_dir(self) -> Path:
        return self.data_dir / "backups"

    @property
    def crash_log_path(self) -> Path:
        return self.log_dir / "crash.log"

    def ensure(self) -> None:
        """Create the folders (owner-only), turning OS errors into a message a user can act on."""
        from companion.private_files import make_private_folder

        for folder in (self.data_dir, self.config_dir, self.log_dir, self.playbooks_dir):
            try:
                make_private_folder(folder)         # 0700: call notes are nobody else's
            except OSError as exc:
                raise DataDirError(folder, exc.strerror or str(exc)) from exc
        # A probe of its own (unique name, gone when closed): with one shared name, two
        # first starts at once could remove each other's probe and report a full disk.
        import tempfile

        try:
            with tempfile.TemporaryFile(dir=self.data_dir) as probe:
                probe.write(b"x")
                probe.flush()
        except OSError as exc:
            raise DataDirError(self.data_dir, exc.strerror or str(exc)) from exc

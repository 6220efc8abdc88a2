"""The services the windows work with, built once by the bootstrap and passed in.

One explicit bundle instead of a global handle or attributes poked into windows: whoever
needs the store, the drafts, the settings or the playbooks gets this object through its
constructor (or `attach()`), so what depends on what can be read from the signatures.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from companion.core.playbook import PlaybookSet
from companion.core.settings import Settings
from companion.paths import AppPaths

if TYPE_CHECKING:
    from sqlite_utils import Database

    from companion.store.calls import CallStore
    from companion.store.drafts import DraftStore
    from companion.ui.playbook_watcher import PlaybookWatcher

log = logging.getLogger(__name__)


@dataclass
class AppServices:
    paths: AppPaths
    db: Database
    settings: Settings
    store: CallStore
    drafts: DraftStore
    playbooks: PlaybookSet
    watcher: PlaybookWatcher | None = None
    # Called with the new set whenever the playbook folder is reloaded.
    playbook_listeners: list[Callable[[PlaybookSet], None]] = field(default_factory=list)

    def persist_settings(self) -> None:
        from companion.store.settings_file import save_settings

        try:
            save_settings(self.paths.settings_path, self.settings)
        except OSError as exc:
            log.warning("Settings not saved to %s: %s", self.paths.settings_path, exc)

    def set_playbooks(self, playbooks: PlaybookSet) -> None:
        """New calls and reviews use these; a call in progress keeps its playbook."""
        self.playbooks = playbooks
        for listener in list(self.playbook_listeners):
            listener(playbooks)

    def reload_playbooks(self) -> PlaybookSet:
        """Read the playbook folder again now (Settings' Import and Reload)."""
        if self.watcher is not None:
            return self.watcher.reload()
        return self.playbooks


def build_services(paths: AppPaths, db: Database, settings: Settings,
                   playbooks: PlaybookSet) -> AppServices:
    """The store and drafts over an open database, and a watcher on the playbook folder."""
    from companion.resources import resource_path
    from companion.store.calls import CallStore
    from companion.store.drafts import DRAFT_LOCK_WAIT_MS, DraftStore
    from companion.store.playbook_files import load_playbooks
    from companion.ui.playbook_watcher import PlaybookWatcher

    services = AppServices(paths=paths, db=db, settings=settings,
                           store=CallStore(db, paths.db_path),
                           # Drafts are written on the UI thread: a short lock wait, then retry.
                           drafts=DraftStore(db, lock_wait_ms=DRAFT_LOCK_WAIT_MS),
                           playbooks=playbooks)
    services.watcher = PlaybookWatcher(
        paths.playbooks_dir, lambda: load_playbooks(resource_path("playbooks"), paths.playbooks_dir))
    services.watcher.reloaded.connect(services.set_playbooks)
    return services

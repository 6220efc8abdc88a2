"""The export dialog writes playbooks by the names the user's own playbooks give them."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from PySide6.QtCore import Qt

from companion.core.call import Call
from companion.core.display_names import DisplayNames
from companion.core.playbook import Playbook
from companion.core.settings import Settings
from companion.ui.export_dialog import ExportDialog


def test_a_users_playbook_is_exported_by_its_name(qtbot, store, db, tmp_path):
    now = datetime.now(timezone.utc).replace(microsecond=0)
    store.save_call(Call(contact="Ann", playbook_id="renewal_q3", started_at=now - timedelta(seconds=20)))
    own = Playbook("renewal_q3", "Q3 renewals (enterprise)", "", (), (), ())
    dialog = ExportDialog(db, Settings(), names=DisplayNames.of([own]))
    qtbot.addWidget(dialog)
    dialog.show()
    target = tmp_path / "today.md"
    dialog.path_edit.selectAll()
    qtbot.keyClicks(dialog.path_edit, str(target))
    qtbot.keyClick(dialog.path_edit, Qt.Key.Key_Return)
    assert "- **Playbook:** Q3 renewals (enterprise)" in target.read_text(encoding="utf-8")

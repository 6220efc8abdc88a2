"""How big a playbook may be. A playbook is a checklist to glance at during a call; one of
10,000 moments took 20 s and 1.3 GB to show, on the UI thread. Far beyond any real use,
these limits keep a pasted or generated file from freezing the window.

Checked on the parsed TOML, before anything is built from it, with a message naming the
file and the field.
"""

from __future__ import annotations

from companion.errors import PlaybookError

MAX_PLAYBOOK_BYTES = 256 * 1024
MAX_ENTRIES = {"moments": 100, "closes": 60, "objections": 60}
MAX_TEXT_CHARS = 2000          # a label, a prompt, a script, one keyword...
MAX_LIST_ITEMS = 200           # keywords, phrases, answers... of one entry


def check_playbook_limits(root: dict[str, object], file: str) -> None:
    for key, limit in MAX_ENTRIES.items():
        entries = root.get(key)
        if isinstance(entries, list) and len(entries) > limit:
            raise PlaybookError(file, None, f"has {len(entries)} [[{key}]] entries; a playbook may "
                                            f"have at most {limit}. Split it into several playbooks.")
    _check_values(root, file, "")


def _check_values(value: object, file: str, where: str) -> None:
    if isinstance(value, str):
        if len(value) > MAX_TEXT_CHARS:
            raise PlaybookError(file, None, f'"{where}" is {len(value)} characters long; at most '
                                            f"{MAX_TEXT_CHARS} are allowed. Shorten it.")
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_values(item, file, f"{where}.{key}" if where else str(key))
    elif isinstance(value, list):
        if len(value) > MAX_LIST_ITEMS and where not in MAX_ENTRIES:
            raise PlaybookError(file, None, f'"{where}" has {len(value)} items; at most '
                                            f"{MAX_LIST_ITEMS} are allowed.")
        for index, item in enumerate(value):
            _check_values(item, file, f"{where}[{index}]")

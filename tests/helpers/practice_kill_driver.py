"""Run a practice session headless and rate drills until killed (for the SIGKILL test).

Usage: practice_kill_driver.py DB_PATH. Prints "rated KEY RATING" after each rating is saved.
"""

from __future__ import annotations

import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from companion.core.call import utcnow  # noqa: E402
from companion.core.practice.drills import build_session  # noqa: E402
from companion.core.practice.session import PracticeSession  # noqa: E402
from companion.resources import resource_path  # noqa: E402
from companion.store.db import open_database  # noqa: E402
from companion.store.playbook_files import load_playbooks  # noqa: E402
from companion.store.practice import PracticeStore, practice_data  # noqa: E402

RATINGS = ("good", "again", "easy")


def main(db_path: str) -> None:
    db = open_database(Path(db_path))
    store = PracticeStore(db, Path(db_path))
    now = utcnow()
    data = practice_data(store, load_playbooks(resource_path("playbooks"), None), now)
    session = PracticeSession("killed-session", build_session(data, now, seed=9), dict(data.cards), now)
    store.start_session(session.session_id, now, 9, data.focus)
    number = 0
    while not session.finished:
        drill = session.current
        session.show_closes()
        session.pick(drill.offered[0])
        session.say("Would Tuesday at 10:00 or Thursday at 14:00 work for you?")
        rating = RATINGS[number % len(RATINGS)]
        result, card = session.rate(rating, now + timedelta(seconds=30 * (number + 1)))
        store.record_rating(session.session_id, result, card)
        print(f"rated {result.key} {rating}", flush=True)
        number += 1
        if number == 3:
            time.sleep(60)           # killed here, mid-session


if __name__ == "__main__":
    main(sys.argv[1])

"""Bootstrap: the one place that creates folders, opens the database, loads playbooks
and builds the windows. Nothing of this happens at import time."""

from __future__ import annotations

import logging
import sys

from companion import APP_ID, APP_NAME, __version__
from companion.core.playbook import PlaybookSet
from companion.errors import EnvironmentProblem
from companion.paths import AppPaths
from companion.resources import resource_path
from companion.store.playbook_files import load_playbooks

log = logging.getLogger(__name__)


def setup_logging(paths: AppPaths) -> None:
    import logging.handlers  # here, not at the top: it pulls in socket and pickle (benchmarks/bench_startup.py)

    from companion.private_files import make_private

    log_file = paths.log_dir / "companion.log"
    try:
        handler = logging.handlers.RotatingFileHandler(
            log_file, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
        # Log lines name contacts and files: owner only, also for logs of older versions.
        for kept in (log_file, *(log_file.with_name(f"{log_file.name}.{n}") for n in (1, 2, 3))):
            make_private(kept)
    except OSError as exc:
        # No log file is no reason to stop a rep from working: log to the terminal instead.
        handler = logging.StreamHandler()
        print(f"Call Companion cannot write its log in {paths.log_dir} ({exc}); logging to the terminal.",
              file=sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)


def load_all_playbooks(paths: AppPaths) -> PlaybookSet:
    return load_playbooks(resource_path("playbooks"), paths.playbooks_dir)


def create_application(qt_args: list[str]):
    from PySide6.QtWidgets import QApplication

    from companion.ui.style import icon
    from companion.ui.theme import follow_system_scheme

    app = QApplication.instance() or QApplication([sys.argv[0], *qt_args])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_ID)
    # Palette and style sheet for the desktop's light or dark scheme, kept in step live.
    follow_system_scheme(app)
    app.setWindowIcon(icon("app"))
    return app


def qt_version() -> str:
    from PySide6.QtCore import qVersion

    return qVersion()


def show_problem(title: str, message: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    print(f"{title}: {message}", file=sys.stderr)
    box = QMessageBox(QMessageBox.Icon.Critical, title, message)
    box.exec()


def build_main_window(services):
    """The live window wired to its services. Used by the app, tests and the self-test."""
    window = build_window_shell(services.settings)
    attach_services(window, services)
    return window


def build_window_shell(settings):
    """The live window before the database is open: it can be shown (and painted) first."""
    from companion.ui.live.window import LiveCallWindow

    return LiveCallWindow(settings)


def attach_services(window, services) -> None:
    """Give the window its services, and connect what needs both."""
    window.attach(services)
    if services.watcher is not None:
        # Deleted by Qt with the window, never by Python's collector in the middle of an
        # event-loop pass (its file notifier would be freed while Qt still polls it).
        services.watcher.setParent(window)
    window.settings_changed.connect(services.persist_settings)
    connect_data_exchange(window, services)
    connect_settings_and_playbooks(window, services)
    connect_listening(window, services)


def connect_listening(window, services, start=None):
    """Listening during calls (off unless turned on in Settings). `start` replaces the sound
    devices in tests."""
    from companion.ui.live.listen_controller import ListenController

    controller = ListenController(window, window.call_page.listen_panel, services.settings, start=start)
    window.session_started.connect(controller.call_started)
    window.session_finished.connect(controller.call_finished)
    return controller


def connect_settings_and_playbooks(window, services) -> None:
    """Calls > Settings…, and playbooks reloaded when the user's folder changes."""

    def playbooks_reloaded(playbooks: PlaybookSet) -> None:
        if playbooks.errors:
            window.statusBar().showMessage(f"Playbook skipped: {playbooks.errors[0]}", 15000)

    services.playbook_listeners.append(playbooks_reloaded)

    def open_settings() -> None:
        from companion.ui.settings_dialog import SettingsDialog  # built on first use only

        dialog = SettingsDialog(services.settings, services.playbooks, services.paths.playbooks_dir,
                                services.reload_playbooks, window, shortcuts=window.global_shortcuts)
        if dialog.exec() == SettingsDialog.DialogCode.Accepted:
            window.settings_changed.emit()
            window.presence.apply_on_top()
            window.show_pin_state()
            if window.global_shortcuts is not None:
                from companion.ui.live.global_actions import report_shortcut_problems

                window.global_shortcuts.apply(services.settings)
                report_shortcut_problems(window, window.global_shortcuts)
            window.refresh()

    window.settings_requested.connect(open_settings)


def connect_data_exchange(window, services) -> None:
    """Calls > Export… and Import…, and the webhook push of saved calls (off by default)."""
    from PySide6.QtWidgets import QApplication

    from companion.integrations.webhook_service import WebhookService

    # The export and import modules load on first use: the exporters are no part of the
    # live window's start (benchmarks/bench_startup.py measures it).
    def export() -> None:
        from companion.core.display_names import DisplayNames
        from companion.ui.export_dialog import open_export_dialog

        message = open_export_dialog(window, services.db, services.settings, services.persist_settings,
                                     names=DisplayNames.of(services.playbooks.playbooks))
        if message:
            window.statusBar().showMessage(message, 10000)

    def import_calls() -> None:
        from companion.ui.import_flow import run_import

        run_import(window, services.db, services.paths.db_path)

    window.export_requested.connect(export)
    window.import_requested.connect(import_calls)
    webhook = WebhookService(services.db, services.paths.db_path, services.settings)
    services.store.after_write.append(webhook.after_write)     # inside each save's transaction
    window.call_saved.connect(webhook.call_saved)               # after the commit: send right away
    QApplication.instance().aboutToQuit.connect(webhook.stop)
    webhook.start()


def offer_resume(window, drafts) -> None:
    """A call that never reached its wrap-up (crash, kill, power cut) is offered back."""
    from PySide6.QtWidgets import QMessageBox

    pending = drafts.pending()
    if not pending:
        return
    call = pending[0]
    when = call.started_at.astimezone().strftime("%a %d %b %H:%M")
    box = QMessageBox(QMessageBox.Icon.Question, "Resume call?",
                      f"A call with {call.contact} (started {when}) was not wrapped up. "
                      "Resume it with everything you entered?", parent=window)
    resume = box.addButton("Resume call", QMessageBox.ButtonRole.AcceptRole)
    later = box.addButton("Later", QMessageBox.ButtonRole.RejectRole)
    later.setToolTip("Keep it aside: Calls › Resume set-aside call… (Ctrl+Shift+R) brings it back")
    box.setDefaultButton(resume)
    box.exec()
    if box.clickedButton() is resume:
        window.begin(call)
    else:
        # Nothing is thrown away: the draft stays until it is resumed or, asked first, discarded.
        window.statusBar().showMessage(
            f"Call with {call.contact} set aside: Calls › Resume set-aside call… (Ctrl+Shift+R).", 15000)


def schedule_daily_backup(window, paths: AppPaths, delay_ms: int = 3000) -> None:
    """Once the window is up, back up in a worker thread: never in the way of the first paint
    or of typing. A failure is shown in the status bar and logged; doctor reports it too."""
    from concurrent.futures import ThreadPoolExecutor

    from PySide6.QtCore import QTimer

    from companion.store.backup import take_daily_backup

    def start() -> None:
        executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="daily-backup")
        future = executor.submit(take_daily_backup, paths.db_path, paths.backups_dir)
        executor.shutdown(wait=False)
        poll = QTimer(window)
        poll.setInterval(200)

        def check() -> None:
            if not future.done():
                return
            poll.stop()
            poll.deleteLater()
            try:
                made = future.result()
            except EnvironmentProblem as exc:
                log.warning("Daily backup failed: %s", exc)
                window.statusBar().showMessage(str(exc), 0)
                return
            if made is not None:
                log.info("Daily backup written to %s", made)

        poll.timeout.connect(check)
        poll.start()

    QTimer.singleShot(delay_ms, window, start)


def run_app(paths: AppPaths, qt_args: list[str]) -> int:
    """Start: a second launch only wakes the first; then the window is shown at once and
    the database, playbooks, tray and the rest load right after its first paint."""
    from companion.store.settings_file import load_settings
    from companion.ui.crash_dialog import start_crash_reporting
    from companion.ui.single_instance import bring_to_front, claim_single_instance

    app = create_application(qt_args)
    instance = claim_single_instance(paths.data_dir)
    if instance is None:
        return 0
    try:
        paths.ensure()
    except EnvironmentProblem as exc:
        show_problem(f"{APP_NAME} cannot start", str(exc))
        return 2
    setup_logging(paths)
    crash_log, crash_handler = start_crash_reporting(paths)
    settings = load_settings(paths.settings_path)
    window = build_window_shell(settings)
    crash_handler.parent_window = lambda: window
    # A second launch is the rep asking for the window: it comes with the keyboard.
    instance.activation_requested.connect(lambda: (bring_to_front(window), window.presence.bring_forward()))
    opened: list = []
    after_first_paint(window, lambda: opened.append(finish_start(app, window, paths, settings, crash_log)))
    window.show()
    termination = watch_for_termination(app, window)
    code = app.exec()
    window.draft_saver.flush()
    if opened and opened[0] is not None:
        services, _extras = opened[0]
        services.db.close()
    instance.close()            # removes the socket file
    crash_log.close()
    if termination is not None:
        termination.close()
    return code


def watch_for_termination(app, window):
    """SIGTERM quits like the Quit action, without questions: draft written, then the
    clean-up after app.exec() runs. None where there is no SIGTERM (Windows)."""
    import signal

    if not hasattr(signal, "SIGTERM") or not hasattr(signal, "set_wakeup_fd") or sys.platform == "win32":
        return None
    from companion.ui.termination import TerminationWatch

    def quit_now() -> None:
        window.draft_saver.flush()
        app.quit()

    return TerminationWatch(quit_now, app)


def after_first_paint(window, then) -> None:
    """Run `then` once, just after the window has first been painted."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    class FirstPaint(QObject):
        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Paint:
                window.removeEventFilter(self)
                QTimer.singleShot(0, then)
            return False

    watcher = FirstPaint(window)
    window.installEventFilter(watcher)


def finish_start(app, window, paths: AppPaths, settings, crash_log):
    """Open the database and bring everything else up; the open database, or None (after
    telling the rep, or when they chose to quit) with the app asked to exit."""
    from companion.ui.crash_dialog import mention_previous_crash
    from companion.ui.services import build_services
    from companion.ui.startup_problems import open_database_at_start
    from companion.ui.tray import attach_review_and_reminders

    try:
        db = open_database_at_start(paths)      # a damaged file: restore / start new / quit
    except EnvironmentProblem as exc:
        show_problem(f"{APP_NAME} cannot open its database", str(exc))
        app.exit(2)
        return None
    if db is None:
        app.exit(0)
        return None
    try:
        playbooks = load_all_playbooks(paths)
    except FileNotFoundError as exc:            # the built-in playbooks are gone: a broken install
        show_problem(f"{APP_NAME} cannot start", str(exc))
        db.close()
        app.exit(2)
        return None
    services = build_services(paths, db, settings, playbooks)
    attach_services(window, services)
    from companion.ui.live.global_actions import connect_global_shortcuts

    connect_global_shortcuts(window, settings)
    # The review (Ctrl+R, tray), the tray icon where the desktop has one, and reminders.
    extras = attach_review_and_reminders(window, services)
    if playbooks.errors:
        from PySide6.QtWidgets import QMessageBox

        details = "\n\n".join(str(e) for e in playbooks.errors)
        QMessageBox.warning(window, "Some playbooks could not be loaded",
                            f"These files were skipped; the other playbooks work.\n\n{details}")
    mention_previous_crash(window, crash_log.previous)
    offer_resume(window, services.drafts)
    schedule_daily_backup(window, paths)
    return services, extras

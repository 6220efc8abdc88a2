"""The pages of one drill: the situation, pick the close, say it, and the feedback to rate."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPlainTextEdit

from companion.core.practice.drills import KIND_LABELS, Drill
from companion.core.practice.schedule import RATING_LABELS, RATINGS
from companion.core.practice.session import LineFeedback, PickFeedback
from companion.ui.practice.widgets import Page, key_button, text
from companion.ui.style import section_title

_ORDINALS = {1: "1st", 2: "2nd", 3: "3rd"}


def ordinal(n: int) -> str:
    return _ORDINALS.get(n if n < 20 else n % 10, f"{n}th")


def money(value: float) -> str:
    return f"{value:,.0f}"


class DrillHeader(QHBoxLayout):
    """"Drill 2 of 5 · Replay a call" and the time left."""

    def __init__(self):
        super().__init__()
        self.where = text(name="muted")
        self.clock = QLabel()
        self.clock.setObjectName("muted")
        self.clock.setAccessibleName("Time left")
        self.addWidget(self.where, 1)
        self.addWidget(self.clock)


class SituationPage(Page):
    def show_drill(self, drill: Drill, number: int, total: int) -> None:
        self.clear()
        s = drill.situation
        self.body.addWidget(text(f"Drill {number} of {total} · {KIND_LABELS[s.kind]}", "muted"))
        self.body.addWidget(text(s.title, "drillTitle"))
        if s.prospect_says:
            self.body.addWidget(text(f"They say: {s.prospect_says}", "prospectSays"))
        self.body.addWidget(section_title("Agreed so far"))
        points = "\n".join(f"• {p}" for p in s.agreed_points) or "Nothing agreed yet."
        self.body.addWidget(text(points))
        facts = [f"{s.minutes_gone} min gone"]
        facts.append(f"Deal value {money(s.deal_value)}" if s.deal_value is not None else "No deal value")
        facts.append("Open: " + ", ".join(s.open_objections) if s.open_objections
                     else "No objection open")
        self.body.addWidget(text(" · ".join(facts)))
        self.body.addStretch(1)
        self.body.addWidget(text("What do you say now?", "askNow"))
        self.next_hint = text("Enter: pick the close", "muted")
        self.body.addWidget(self.next_hint)


class PickPage(Page):
    picked = Signal(str)

    def show_drill(self, drill: Drill) -> None:
        self.clear()                      # the last drill's feedback goes with the rest
        self.feedback_widgets = []
        self.drill = drill
        self.answered = False
        self.body.addWidget(text("Pick the close that fits now", "drillTitle"))
        self.buttons = []
        playbook = drill.situation.playbook
        for number, close_id in enumerate(drill.offered, 1):
            close = playbook.close(close_id)
            name = close.name if close else close_id
            button = key_button(str(number), name, f"Pick {name}",
                                lambda _=False, c=close_id: self.picked.emit(c))
            self.buttons.append(button)
            self.body.addWidget(button)
            if close is not None and close.description:
                self.body.addWidget(text(close.description, "muted"))
        self.feedback = text()
        self.body.addWidget(self.feedback)
        self.body.addStretch(1)

    def choice_for_key(self, number: int) -> str | None:
        offered = self.drill.offered
        return offered[number - 1] if 1 <= number <= len(offered) and not self.answered else None

    def show_feedback(self, feedback: PickFeedback) -> None:
        self.answered = True
        for button in self.buttons:
            button.setEnabled(False)
        chosen, best = feedback.chosen, feedback.best
        verdict = "Right." if feedback.right else f"The coach would pick {best.name}."
        lines = [f"The coach ranks {chosen.name} {ordinal(feedback.chosen_rank)} of {feedback.total} here:"]
        lines += [f"• {r}" for r in chosen.reasons[:3]]
        if not feedback.right:
            lines.append(f"{best.name}: " + " · ".join(best.reasons[:2]))
        if feedback.when:
            lines.append(f"{chosen.name} is right {_lower_first(feedback.when)}")
        self.clear_feedback()
        verdict_label = text(verdict, "verdict")
        verdict_label.setAccessibleName("Verdict")
        self.feedback_widgets = [verdict_label, text("\n".join(lines)),
                                 text(f"Enter: say it ({best.name})", "muted")]
        index = self.body.indexOf(self.feedback)
        for offset, widget in enumerate(self.feedback_widgets):
            self.body.insertWidget(index + offset, widget)

    def clear_feedback(self) -> None:
        for widget in getattr(self, "feedback_widgets", []):
            widget.hide()
            widget.deleteLater()
        self.feedback_widgets = []


def _lower_first(sentence: str) -> str:
    return sentence[:1].lower() + sentence[1:] if sentence[:1].isupper() and not sentence[1:2].isupper() \
        else sentence


class LineEdit(QPlainTextEdit):
    """Where the rep types the line: Enter submits, Shift+Enter starts a new line."""

    submitted = Signal()

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and \
                not event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            self.submitted.emit()
            return
        super().keyPressEvent(event)


class SayPage(Page):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.title = text(name="drillTitle")
        self.hint = text(name="muted")
        self.edit = LineEdit()
        self.edit.setAccessibleName("Your line")
        self.edit.setPlaceholderText("Type what you would say, then Enter")
        self.edit.setTabChangesFocus(True)
        self.body.addWidget(self.title)
        self.body.addWidget(self.hint)
        self.body.addWidget(self.edit, 1)
        self.body.addWidget(text("Enter: check it · Esc: end the session", "muted"))

    def show_drill(self, drill: Drill) -> None:
        close = drill.situation.playbook.close(drill.close_id)
        name = close.name if close else drill.close_id
        self.title.setText(f"Say it: {name}")
        self.hint.setText(close.description if close else "")
        self.edit.clear()


class FeedbackPage(Page):
    rated = Signal(str)

    def show_feedback(self, feedback: LineFeedback, close_name: str) -> None:
        self.clear()
        passed = sum(c.passed for c in feedback.checks)
        verdict = text(f"{close_name}: {passed} of {len(feedback.checks)} checks passed", "verdict")
        verdict.setAccessibleName("Line verdict")
        self.body.addWidget(verdict)
        self.body.addWidget(text(f"You said: “{feedback.line}”" if feedback.line else "You said nothing."))
        for check in feedback.checks:
            mark = "✓" if check.passed else "✗"
            label = text(f"{mark} {check.message}")
            label.setProperty("passed", check.passed)
            self.body.addWidget(label)
        self.body.addWidget(section_title("The coach's line"))
        self.body.addWidget(text(feedback.coach_line, "coachLine"))
        self.body.addStretch(1)
        self.body.addWidget(text("How well did you recall it?", "askNow"))
        row = QHBoxLayout()
        tips = {"again": "Forgot it: again in a minute", "hard": "Recalled with effort",
                "good": "Recalled after a moment", "easy": "Came at once"}
        for number, rating in enumerate(RATINGS, 1):
            button = key_button(str(number), RATING_LABELS[rating], tips[rating],
                                lambda _=False, r=rating: self.rated.emit(r))
            row.addWidget(button)
        self.body.addLayout(row)

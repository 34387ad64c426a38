"""The result and error pages: each renders what it is given (a `SyncResult`, a `Failure`)
in the window's language."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (QFrame, QGridLayout, QHBoxLayout, QLabel, QPlainTextEdit,
                               QPushButton, QScrollArea, QStackedWidget, QToolButton,
                               QVBoxLayout, QWidget)

from ...core.models import SyncResult
from .. import text as T
from ..engine import Failure
from ..engine_text import failure_sentence, note_sentence
from .alignment_view import AlignmentPicture, AlignmentView, RunMark
from .runs_box import RunsBox
from .panels import STRETCH, clear_layout, column, is_dark, row, scaled


class ErrorPanel(QFrame):
    """The engine's one-line human message, details folded away, never a traceback up front."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("errorPanel")
        self.title = scaled(QLabel(), 1.25, bold=True)
        self.message = scaled(QLabel(), 1.05)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.toggle = QToolButton()
        self.toggle.setCheckable(True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.toggle.setAutoRaise(True)
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setMaximumHeight(160)
        self.details.hide()
        self.open_log = QPushButton()
        self.retry = QPushButton()
        self.retry.setObjectName("retryButton")
        self.toggle.toggled.connect(self._toggled)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(18, 14, 18, 14)
        lay.addWidget(self.title)
        lay.addWidget(self.message)
        lay.addWidget(self.hint)
        lay.addLayout(row(self.toggle, STRETCH, self.open_log, self.retry))
        lay.addWidget(self.details)
        lay.addStretch(1)

    def _toggled(self, on: bool) -> None:
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if on else Qt.ArrowType.RightArrow)
        self.details.setVisible(on)

    def show_failure(self, name: str, failure: Failure) -> None:
        """A failed job for the class video `name`, in the window's language."""
        if failure.unexpected:
            self.show_error(self.tr("Something went wrong"), self.tr(
                "An unexpected error stopped the job for “{0}”. Nothing was written. The "
                "details are in the log file.").format(name), "", failure.detail)
            return
        sentence = failure_sentence(failure)
        summary = T.failure_summary(failure.kind) if sentence == failure.message else ""
        if summary:   # no translation of the engine's sentence: the gist first, then its words
            sentence = f"{summary}\n{failure.message}"
        self.show_error(self.tr("Could not sync “{0}”").format(name), sentence,
                        T.failure_hint(failure.kind), failure.detail)

    def show_error(self, title: str, message: str, hint: str, details: str) -> None:
        self.title.setText(title)
        self.title.setStyleSheet("color:#ff8a80;" if is_dark(self) else "color:#c62828;")
        self.message.setText(message)
        self.hint.setText(hint)
        self.hint.setVisible(bool(hint))
        self.details.setPlainText(details)
        self.toggle.setVisible(bool(details))
        self.toggle.setChecked(False)


class ResultPanel(QWidget):
    """Outcome in plain words, the match picture, and what to do with the file."""
    runner_up_clicked = Signal(float)      # candidate offset to force

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.headline = scaled(QLabel(), 1.25, bold=True)
        self.headline.setWordWrap(True)
        self.output_label = QLabel()
        self.output_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.output_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.output_label.setWordWrap(True)

        self.warning = QFrame()
        self.warning.setObjectName("lowConfidence")
        self.warning_text = QLabel()
        self.warning_text.setWordWrap(True)
        self.runner_ups = QHBoxLayout()
        wl = QVBoxLayout(self.warning)
        wl.setContentsMargins(12, 8, 12, 8)
        wl.addWidget(self.warning_text)
        wl.addLayout(self.runner_ups)
        self.warning.hide()

        self.facts = QGridLayout()
        self.facts.setHorizontalSpacing(18)
        self.facts.setVerticalSpacing(4)
        self.facts.setColumnStretch(1, 1)

        self.runs = RunsBox()            # the song plays more than once: filled by ui/runs.py
        self.runs.hide()
        self.picture = AlignmentView()
        self.player_host = QStackedWidget()   # [0] alignment picture, [1] player (lazy)
        self.player_host.addWidget(self.picture)

        self.play = QPushButton()
        self.open_external = QPushButton()
        self.reveal = QPushButton()
        # Above the buttons, a page that scrolls when the window is too low for it all (a
        # small screen, several runs); the buttons stay in view.
        body = QWidget()
        column(body, self.headline, self.output_label, self.warning, self.facts, self.runs,
               (self.player_host, 1), spacing=8).setContentsMargins(0, 0, 0, 0)
        self.scroll = QScrollArea()
        self.scroll.setObjectName("resultScroll")
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(body)
        column(self, (self.scroll, 1), row(self.play, self.open_external, self.reveal, STRETCH),
               spacing=8)

    def show_result(self, result: SyncResult, name: str) -> None:
        """A finished job (`name`: the class video) in plain words, with the match picture."""
        a, plan = result.alignment, result.plan
        found = result.found_runs()
        if len(result.outputs) > 1:
            self.headline.setText(self.tr("✓ Done: {0} files, one per run").format(
                len(result.outputs)))
            self.output_label.setText("\n".join(str(path) for path in result.outputs))
        elif result.output is not None:
            self.headline.setText(self.tr("✓ Done: {0}").format(result.output.name))
            self.output_label.setText(str(result.output))
        else:
            self.headline.setText(self.tr("✓ Analysed: {0}").format(name))
            self.output_label.setText("")
        facts = [
            (self.tr("Where"), T.offset_sentence(a.music_start, a.segments[0].ref_start)),
            (self.tr("Confidence"), T.confidence_sentence(a.confidence_label, a.confidence)),
            (self.tr("Kept"), T.kept_sentence(plan.video_start, plan.end)
             if not result.plans else "\n".join(T.kept_sentence(p.video_start, p.end)
                                                 for p in result.plans)),
        ]
        tempo = T.tempo_words(a.segments[0].rate, a.segments[0].tempo)
        if len(found) > 1:      # each run's place and confidence are in the runs box
            del facts[:2]
        elif tempo:
            facts.insert(1, (self.tr("Tempo"), tempo))
        notes = T.plan_notes(plan) + [note_sentence(w) for w in result.warnings]
        if abs(a.drift_ppm) >= 1.0:
            notes.append(self.tr("Clock difference between player and phone: {0} ppm "
                                 "(corrected)").format(f"{a.drift_ppm:.0f}"))
        if notes:
            facts.append((self.tr("Notes"), "\n".join(notes)))
        self.set_facts(facts)
        others = [c for c in a.candidates[1:4] if abs(c.offset - a.offset) > 0.05]
        if a.confidence_label == "low":
            self.set_warning(self.tr("⚠ The match is uncertain. Play the result to check it; "
                                     "if the music is off, try another position the engine "
                                     "found:"),
                             [(c.offset, self.tr("Try {0} (score {1} %)").format(
                                 T.seconds(c.offset), int(round(c.score * 100))))
                              for c in others])
        else:
            self.set_warning("", [])
        self.picture.set_picture(AlignmentPicture(
            rate=a.envelope_rate, dance=a.dance_envelope, reference=a.reference_envelope,
            offset=a.offset, dance_duration=result.dance.duration,
            song_duration=result.reference.duration,
            kept=(min(p.video_start for p in result.plans or [plan]),
                  max(p.end for p in result.plans or [plan])), music=(a.music_start, a.music_end),
            candidates=[(c.offset, c.score) for c in a.candidates],
            runs=[RunMark(n, (s.dance_start, s.dance_end), (s.ref_start, s.ref_time(s.dance_end)),
                          kept) for n, s, kept in found]))
        for button in (self.play, self.open_external, self.reveal):
            button.setEnabled(result.output is not None)

    def set_facts(self, rows: list[tuple[str, str]]) -> None:
        clear_layout(self.facts)
        for r, (name, value) in enumerate(rows):
            key = QLabel(name)
            key.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            val = QLabel(value)
            val.setWordWrap(True)
            val.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.facts.addWidget(key, r, 0, Qt.AlignmentFlag.AlignTop)
            self.facts.addWidget(val, r, 1)

    def set_warning(self, text: str, runner_ups: list[tuple[float, str]]) -> None:
        clear_layout(self.runner_ups)
        if not text:
            self.warning.hide()
            return
        dark = is_dark(self)
        bg, fg = ("#4a3b12", "#ffe08a") if dark else ("#fff4d6", "#6b4e00")
        self.warning.setStyleSheet(f"#lowConfidence {{ background:{bg}; border-radius:8px; }}"
                                   f" #lowConfidence QLabel {{ color:{fg}; }}")
        self.warning_text.setText(text)
        for offset, label in runner_ups:
            b = QPushButton(label)
            b.setObjectName("runnerUp")
            b.clicked.connect(lambda _=False, o=offset: self.runner_up_clicked.emit(o))
            self.runner_ups.addWidget(b)
        self.runner_ups.addStretch(1)
        self.warning.show()

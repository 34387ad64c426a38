"""The match picture: the live recording's loudness envelope mirrored under the clean
song's (already shifted to the chosen offset), the kept span, and where in the song the
best and runner-up candidates would put the recording. Painted with QPainter."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPainterPath, QPalette, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget


@dataclass
class AlignmentPicture:
    rate: float                                  # envelope frames per second
    dance: Sequence[float]                       # live recording envelope (dance clock)
    reference: Sequence[float]                   # clean song envelope, shifted onto the dance clock
    offset: float                                # song time − dance time
    dance_duration: float
    song_duration: float
    kept: tuple[float, float]                    # dance seconds kept in the output
    music: tuple[float, float]                   # dance seconds where the song plays
    candidates: list[tuple[float, float]] = field(default_factory=list)  # (offset, score), best first
    runs: list["RunMark"] = field(default_factory=list)   # the song plays more than once


@dataclass(frozen=True)
class RunMark:
    """One run of the song on both clocks; one left out of the output is drawn greyed."""
    number: int
    dance: tuple[float, float]
    song: tuple[float, float]
    kept: bool = True


def _fmt(seconds: float) -> str:
    seconds = max(0, int(round(seconds)))
    return f"{seconds // 60}:{seconds % 60:02d}"


def _nice_step(span: float, max_ticks: int) -> float:
    for step in (1, 2, 5, 10, 15, 20, 30, 60, 120, 300, 600, 1200):
        if span / step <= max_ticks:
            return step
    return 1800


def _buckets(values: Sequence[float], n: int) -> list[float]:
    """Per-pixel peaks, normalised so the 98th percentile reaches 1."""
    count = len(values)
    if count == 0 or n <= 0:
        return []
    ordered = sorted(values)
    top = ordered[min(count - 1, int(count * 0.98))] or (ordered[-1] or 1.0)
    out = []
    for i in range(n):
        a = i * count // n
        b = max(a + 1, (i + 1) * count // n)
        out.append(min(1.0, max(values[a:b]) / top))
    return out


class AlignmentView(QWidget):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setMinimumHeight(190)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._pic: AlignmentPicture | None = None
        self._cache: dict = {}
        self.texts = {"song": "Song", "clean": "Clean song", "live": "Class recording",
                      "kept": "kept"}
        self.setAccessibleName("Alignment picture")

    def sizeHint(self) -> QSize:    # lower under a list of runs (the result page scrolls
        return QSize(640, 230 if self.minimumHeight() >= 190 else 145)   # to its hint height)

    def set_texts(self, **texts: str) -> None:
        self.texts.update(texts)
        self.update()

    def set_picture(self, picture: AlignmentPicture | None) -> None:
        self._pic = picture
        self._cache.clear()
        self.update()

    def set_runs(self, runs: list[RunMark]) -> None:
        """The runs again (a tick changed which are kept), on the same picture; with several
        runs the picture may be lower (the runs' list above it takes room)."""
        self.setMinimumHeight(140 if len(runs) > 1 else 190)
        self.updateGeometry()
        if self._pic is not None:
            self._pic.runs = list(runs)
            self.update()

    # -- painting -----------------------------------------------------------------
    def _colors(self):
        pal = self.palette()
        dark = pal.color(QPalette.ColorRole.Window).lightness() < 128
        clean = QColor(pal.color(QPalette.ColorRole.Highlight))
        live = QColor("#ff9f43") if dark else QColor("#e67e22")
        return pal, dark, clean, live

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal, dark, clean, live = self._colors()
        text = pal.color(QPalette.ColorRole.Text)
        muted = pal.color(QPalette.ColorRole.PlaceholderText)
        p.fillRect(self.rect(), pal.color(QPalette.ColorRole.Base))
        pic = self._pic
        if pic is None or pic.dance_duration <= 0:
            p.setPen(muted)
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "")
            p.end()
            return
        fm = QFontMetrics(self.font())
        lh = fm.height()
        left, right = 12, 12
        w = self.width() - left - right

        # 1) Song strip: where the recording sits inside the whole song.
        strip_top = 6
        p.setPen(text)
        song_label = self.texts["song"]
        p.drawText(QPointF(left, strip_top + lh * 0.8), song_label)
        sx0 = left + fm.horizontalAdvance(song_label) + 10
        sx1 = left + w - fm.horizontalAdvance("0:00") - 8
        bar = QRectF(sx0, strip_top + lh * 0.35, max(10, sx1 - sx0), 8)
        p.setPen(Qt.PenStyle.NoPen)
        track = QColor(muted)
        track.setAlpha(70)
        p.setBrush(track)
        p.drawRoundedRect(bar, 4, 4)
        song_len = max(pic.song_duration, 1e-6)

        def sx(t: float) -> float:
            return bar.left() + bar.width() * min(1.0, max(0.0, t / song_len))

        several = len(pic.runs) > 1
        spans = ([(r.song, clean if r.kept else track) for r in pic.runs] if several else
                 [((pic.offset + pic.kept[0], pic.offset + pic.kept[1]), clean)])
        for (s0, s1), color in spans:
            p.setBrush(color)
            p.drawRoundedRect(QRectF(QPointF(sx(s0), bar.top()), QPointF(sx(s1), bar.bottom())),
                              4, 4)
        p.setPen(muted)
        p.drawText(QPointF(bar.right() + 8, strip_top + lh * 0.8), _fmt(pic.song_duration))
        small = self.font()
        small.setPointSizeF(small.pointSizeF() * 0.8)
        p.setFont(small)
        for r in pic.runs if several else ():     # each run's number under its place in the song
            p.setPen(text if r.kept else muted)
            p.drawText(QPointF(sx(r.song[0]) + 1, bar.bottom() + 10), str(r.number))
        # Candidate markers below the bar: 1 = chosen (filled), 2, 3… = runner-ups.
        for i, (cand_offset, _score) in enumerate([] if several else pic.candidates[:4]):
            x = sx(cand_offset + pic.music[0])
            y = bar.bottom() + 2
            tri = QPolygonF([QPointF(x, y), QPointF(x - 5, y + 8), QPointF(x + 5, y + 8)])
            if i == 0:
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(clean)
            else:
                p.setPen(QPen(muted, 1.2))
                p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawPolygon(tri)
            p.setPen(text if i == 0 else muted)
            p.drawText(QPointF(x + 6, y + 9), str(i + 1))
        p.setFont(self.font())

        # 2) Mirrored envelopes on the dance clock.
        plot_top = strip_top + lh + 22
        axis_h = lh + 6
        plot = QRectF(left, plot_top, w, max(40, self.height() - plot_top - axis_h - 4))
        mid = plot.center().y()
        half = plot.height() / 2 - 2
        n = max(1, int(plot.width()))
        key = (n, id(pic))
        if key not in self._cache:
            self._cache = {key: (_buckets(pic.reference, n), _buckets(pic.dance, n))}
        ref_b, dance_b = self._cache[key]
        env_len = max(len(pic.dance), len(pic.reference), 1)
        env_dur = env_len / pic.rate if pic.rate else pic.dance_duration
        duration = max(pic.dance_duration, 1e-6)

        def tx(t: float) -> float:
            return plot.left() + plot.width() * min(1.0, max(0.0, t / duration))

        def area(values: list[float], sign: int) -> QPainterPath:
            path = QPainterPath(QPointF(plot.left(), mid))
            scale = plot.width() * min(1.0, env_dur / duration) / max(1, len(values))
            for i, v in enumerate(values):
                path.lineTo(plot.left() + i * scale, mid - sign * v * half)
            path.lineTo(plot.left() + len(values) * scale, mid)
            path.closeSubpath()
            return path

        fill_clean = QColor(clean)
        fill_clean.setAlpha(150)
        fill_live = QColor(live)
        fill_live.setAlpha(150)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(fill_clean)
        p.drawPath(area(ref_b, +1))
        p.setBrush(fill_live)
        p.drawPath(area(dance_b, -1))
        p.setPen(QPen(muted, 1))
        p.drawLine(QPointF(plot.left(), mid), QPointF(plot.right(), mid))

        # Dim what is cut away; mark the kept span.
        dim = QColor(pal.color(QPalette.ColorRole.Base))
        dim.setAlpha(175)
        k0, k1 = tx(pic.kept[0]), tx(pic.kept[1])
        p.fillRect(QRectF(plot.left(), plot.top(), k0 - plot.left(), plot.height()), dim)
        p.fillRect(QRectF(k1, plot.top(), plot.right() - k1, plot.height()), dim)
        pen = QPen(text, 1.2, Qt.PenStyle.DashLine)
        p.setPen(pen)
        for x in (k0, k1):
            p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
        if several:
            self._draw_runs(p, pic.runs, plot, tx, dim, clean, muted, text)

        # Legend (top-left and bottom-left of the plot, beside the halves they name).
        def legend(y: float, color: QColor, label: str) -> None:
            r = QRectF(plot.left() + 6, y - 7, 10, 10)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(color)
            p.drawRoundedRect(r, 2, 2)
            bg = QColor(pal.color(QPalette.ColorRole.Base))
            bg.setAlpha(200)
            tw = fm.horizontalAdvance(label)
            p.fillRect(QRectF(r.right() + 3, y - lh * 0.75, tw + 6, lh), bg)
            p.setPen(text)
            p.drawText(QPointF(r.right() + 6, y + 2), label)

        legend(plot.top() + lh * 0.6, clean, self.texts["clean"])
        legend(plot.bottom() - lh * 0.35, live, self.texts["live"])

        # Time axis.
        p.setPen(muted)
        step = _nice_step(duration, max(2, int(plot.width() / 70)))
        t = 0.0
        while t <= duration + 1e-6:
            x = tx(t)
            p.drawLine(QPointF(x, plot.bottom() + 1), QPointF(x, plot.bottom() + 4))
            label = _fmt(t)
            lw = fm.horizontalAdvance(label)
            p.drawText(QPointF(min(max(plot.left(), x - lw / 2), plot.right() - lw),
                               plot.bottom() + lh + 2), label)
            t += step
        p.end()

    def _draw_runs(self, p: QPainter, runs, plot: QRectF, tx, dim, clean, muted, text) -> None:
        """Each run on the video clock: a numbered band along the top; the runs left out of
        the output greyed like the cut-away ends."""
        fm = QFontMetrics(p.font())
        for r in runs:
            x0, x1 = tx(r.dance[0]), tx(r.dance[1])
            if not r.kept:
                p.fillRect(QRectF(x0, plot.top(), x1 - x0, plot.height()), dim)
            p.fillRect(QRectF(x0, plot.top(), x1 - x0, 3), clean if r.kept else muted)
            label = str(r.number)
            chip = QRectF((x0 + x1) / 2 - fm.horizontalAdvance(label) / 2 - 4,
                          plot.center().y() - fm.height() / 2, fm.horizontalAdvance(label) + 8,
                          fm.height())     # on the middle line, clear of the legends
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(clean if r.kept else muted)
            p.drawRoundedRect(chip, 4, 4)
            p.setPen(self.palette().color(QPalette.ColorRole.HighlightedText) if r.kept
                     else self.palette().color(QPalette.ColorRole.Base))
            p.drawText(chip, Qt.AlignmentFlag.AlignCenter, label)

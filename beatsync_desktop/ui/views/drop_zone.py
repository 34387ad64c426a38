"""A drop target for one role (class video or song): shows the file once it is read."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (QColor, QDragEnterEvent, QDropEvent, QImage, QPainter, QPainterPath,
                           QPalette, QPen, QPixmap, QPolygonF)
from PySide6.QtWidgets import (QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy,
                               QToolButton, QVBoxLayout, QWidget)

from .panels import STRETCH, row

THUMB = QSize(112, 112)


def local_paths(mime) -> list[str]:
    """Local file paths of a drag's URLs (via toLocalFile, never by string surgery)."""
    if mime is None or not mime.hasUrls():
        return []
    return [u.toLocalFile() for u in mime.urls() if u.isLocalFile() and u.toLocalFile()]


def placeholder_pixmap(role: str, size: QSize, palette: QPalette, dpr: float = 1.0) -> QPixmap:
    """A drawn icon (no image files needed): a film frame with a play mark, or two notes."""
    pm = QPixmap(size * dpr)
    pm.setDevicePixelRatio(dpr)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    w, h = size.width(), size.height()
    bg = QColor(palette.color(QPalette.ColorRole.Highlight))
    bg.setAlpha(38)
    fg = QColor(palette.color(QPalette.ColorRole.Highlight))
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(bg)
    p.drawRoundedRect(QRectF(4, 4, w - 8, h - 8), 14, 14)
    p.setBrush(fg)
    if role == "video":
        body = QRectF(w * 0.22, h * 0.32, w * 0.42, h * 0.36)
        p.drawRoundedRect(body, 6, 6)
        lens = QPolygonF([QPointF(w * 0.66, h * 0.44), QPointF(w * 0.80, h * 0.35),
                          QPointF(w * 0.80, h * 0.65), QPointF(w * 0.66, h * 0.56)])
        p.drawPolygon(lens)
    else:
        pen = QPen(fg, max(2.0, w * 0.04))
        for x in (0.36, 0.66):
            p.drawEllipse(QPointF(w * x - w * 0.06, h * 0.66), w * 0.085, h * 0.065)
        p.setPen(pen)
        p.drawLine(QPointF(w * 0.36 + w * 0.02, h * 0.66), QPointF(w * 0.36 + w * 0.02, h * 0.30))
        p.drawLine(QPointF(w * 0.66 + w * 0.02, h * 0.66), QPointF(w * 0.66 + w * 0.02, h * 0.26))
        path = QPainterPath(QPointF(w * 0.38, h * 0.30))
        path.lineTo(w * 0.68, h * 0.26)
        p.setPen(QPen(fg, max(4.0, w * 0.07)))
        p.drawPath(path)
    p.end()
    return pm


class DropZone(QFrame):
    files_dropped = Signal(list)      # local paths dropped onto this zone
    browse_clicked = Signal()
    clear_clicked = Signal()

    def __init__(self, role: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.role = role
        self.setObjectName(f"dropZone_{role}")
        self.setAcceptDrops(True)
        self.setMinimumHeight(150)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self._hover = False
        self._thumb: QImage | None = None
        self._loaded = False

        self.thumb = QLabel()
        self.thumb.setFixedSize(THUMB)
        self.thumb.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title = QLabel()
        self.title.setObjectName("zoneTitle")
        f = self.title.font()
        f.setBold(True)
        f.setPointSizeF(f.pointSizeF() * 0.92)
        self.title.setFont(f)
        self.name = QLabel()
        self.name.setObjectName("zoneName")
        nf = self.name.font()
        nf.setPointSizeF(nf.pointSizeF() * 1.15)
        nf.setBold(True)
        self.name.setFont(nf)
        self.name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.name.setWordWrap(True)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setObjectName("zoneMessage")
        self.message.hide()
        self.browse = QPushButton()
        self.browse.clicked.connect(self.browse_clicked)
        self.clear = QToolButton()
        self.clear.setText("×")
        self.clear.setAutoRaise(True)
        self.clear.clicked.connect(self.clear_clicked)
        self.clear.hide()

        text = QVBoxLayout()
        text.setSpacing(4)
        text.addWidget(self.title)
        text.addWidget(self.name)
        text.addWidget(self.details)
        text.addLayout(row(self.browse, STRETCH))
        text.addStretch(1)
        line = QHBoxLayout()
        line.setSpacing(14)
        line.addWidget(self.thumb, 0, Qt.AlignmentFlag.AlignTop)
        line.addLayout(text, 1)
        line.addWidget(self.clear, 0, Qt.AlignmentFlag.AlignTop)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 14, 12, 14)
        outer.addLayout(line)
        outer.addWidget(self.message)
        self.retranslate()
        self.set_empty()

    # -- texts --------------------------------------------------------------------
    def retranslate(self) -> None:
        if self.role == "video":
            self.title.setText(self.tr("CLASS VIDEO"))
            self._hint = self.tr("Drop the class video here")
            self._hint_details = self.tr("The phone recording of the dance. Several videos make a batch.")
            self.browse.setText(self.tr("Browse…"))
            self.browse.setToolTip(self.tr("Choose the class video (Ctrl+O)"))
        else:
            self.title.setText(self.tr("SONG"))
            self._hint = self.tr("Drop the song here")
            self._hint_details = self.tr("The clean music file the class danced to.")
            self.browse.setText(self.tr("Browse…"))
            self.browse.setToolTip(self.tr("Choose the song (Ctrl+Shift+O)"))
        self.clear.setToolTip(self.tr("Remove"))
        if not self._loaded:
            self.name.setText(self._hint)
            self.details.setText(self._hint_details)

    # -- states -------------------------------------------------------------------
    def set_empty(self) -> None:
        self._loaded = False
        self._thumb = None
        self.name.setText(self._hint)
        self.details.setText(self._hint_details)
        self.clear.hide()
        self._show_placeholder()

    def set_busy(self, text: str) -> None:
        self.details.setText(text)

    def set_file(self, name: str, details: str, thumbnail: QImage | None = None,
                 tooltip: str = "") -> None:
        self._loaded = True
        self.name.setText(name)
        self.name.setToolTip(tooltip)
        self.details.setText(details)
        self.clear.show()
        self._thumb = thumbnail
        if thumbnail is not None and not thumbnail.isNull():
            self._show_thumbnail(thumbnail)
        else:
            self._show_placeholder()

    def set_message(self, text: str, error: bool = True) -> None:
        if not text:
            self.message.hide()
            return
        color = "#c62828" if error else self.palette().color(QPalette.ColorRole.Text).name()
        if error and self._dark():
            color = "#ff8a80"
        self.message.setStyleSheet(f"color: {color};")
        self.message.setText(text)
        self.message.show()

    @property
    def loaded(self) -> bool:
        return self._loaded

    # -- drawing ------------------------------------------------------------------
    def _dark(self) -> bool:
        return self.palette().color(QPalette.ColorRole.Window).lightness() < 128

    def _show_placeholder(self) -> None:
        self.thumb.setPixmap(placeholder_pixmap(self.role, THUMB, self.palette(),
                                                self.devicePixelRatioF()))

    def _show_thumbnail(self, image: QImage) -> None:
        dpr = self.devicePixelRatioF()
        pm = QPixmap.fromImage(image).scaled(THUMB * dpr, Qt.AspectRatioMode.KeepAspectRatio,
                                             Qt.TransformationMode.SmoothTransformation)
        pm.setDevicePixelRatio(dpr)
        self.thumb.setPixmap(pm)

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == event.Type.PaletteChange and not self._loaded:
            self._show_placeholder()

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        rect = QRectF(self.rect()).adjusted(1.5, 1.5, -1.5, -1.5)
        base = QColor(pal.color(QPalette.ColorRole.Base))
        accent = QColor(pal.color(QPalette.ColorRole.Highlight))
        if self._hover:
            fill = QColor(accent)
            fill.setAlpha(40)
            p.setBrush(fill)
            pen = QPen(accent, 2.0)
        else:
            p.setBrush(base)
            pen = QPen(pal.color(QPalette.ColorRole.Mid), 1.4)
        pen.setStyle(Qt.PenStyle.SolidLine if self._loaded and not self._hover
                     else Qt.PenStyle.DashLine)
        p.setPen(pen)
        p.drawRoundedRect(rect, 12, 12)
        p.end()

    # -- drag and drop --------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if local_paths(event.mimeData()):
            event.acceptProposedAction()
            self._hover = True
            self.update()
        else:
            event.ignore()

    def dragLeaveEvent(self, event) -> None:
        self._hover = False
        self.update()

    def dropEvent(self, event: QDropEvent) -> None:
        self._hover = False
        self.update()
        paths = local_paths(event.mimeData())
        if not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        self.files_dropped.emit(paths)

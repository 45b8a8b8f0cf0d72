"""The drawing canvas: strokes kept as point lists, painted smooth, anti-aliased, round-capped."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal, Slot
from PySide6.QtGui import (
    QColor,
    QImage,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
    QPointingDevice,
    QTabletEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from gui.i18n import Retranslates, tr
from gui.style import FollowsPalette, colours, gray_image, mix
from model.reading.preprocess import render_strokes

MAX_POINT_GAP = 2.0  # px; longer jumps (a fast mouse) are filled in so erasing finds them
MAX_UNDO = 200  # steps kept; an evening of drawing must not grow memory without end


@dataclass(frozen=True)
class Stroke:
    points: tuple[tuple[float, float, float], ...]  # x, y, pressure (1.0 for a mouse)
    width: float  # brush width in px at pressure 1.0

    @cached_property
    def _xy(self) -> np.ndarray:
        xy = np.array([(x, y) for x, y, _ in self.points], dtype=np.float64).reshape(-1, 2)
        xy.flags.writeable = False  # shared by every reading of this stroke
        return xy

    def xy(self) -> np.ndarray:
        """The points as an (N, 2) array, made once: a canvas of 5,000 strokes is read again
        after every stroke."""
        return self._xy


@dataclass(frozen=True)
class Drawing:
    """What the canvas shows; immutable so undo/redo can keep whole snapshots cheaply."""

    strokes: tuple[Stroke, ...] = ()
    picture: np.ndarray | None = None  # an opened image as ink (1 = ink), replacing strokes

    @property
    def empty(self) -> bool:
        return not self.strokes and self.picture is None


class DrawingCanvas(FollowsPalette, Retranslates, QWidget):
    """Left button (or pen) draws, right button erases; Undo/Redo work per stroke."""

    changed = Signal()  # the drawing changed (also while a stroke is being drawn)
    strokeFinished = Signal()  # a stroke or erase gesture ended, or clear/undo/redo/open
    digitTyped = Signal(int)  # a digit key: "this was a 7"
    digitClicked = Signal(int)  # the numbered tag of a digit's box, in a written number

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("canvas")
        self.setMinimumSize(280, 280)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAttribute(Qt.WidgetAttribute.WA_StaticContents)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._drawing = Drawing()
        self._undo: list[Drawing] = []
        self._redo: list[Drawing] = []
        self._current: list[tuple[float, float, float]] | None = None
        self._erasing = False
        self._before_gesture: Drawing | None = None
        self.brush_width = 18.0
        self._cache: QPixmap | None = None  # the finished strokes, repainted only on change
        self._cached: Drawing | None = None  # the drawing the cache shows
        # The cache as it was before the last stroke: Undo after a long scribble is instant.
        self._cache_before: tuple[Drawing, QPixmap] | None = None
        # The stroke being drawn, painted as it grows: each move adds its new points only, so
        # a stroke of 100,000 points costs no more per move than a short one.
        self._live: QPixmap | None = None
        self._live_points = 0
        self._digit_boxes: list[QRectF] = []  # how a written number was split
        self.left_out_boxes: list[QRectF] = []  # separators left out of the number
        self.refused_boxes: list[QRectF] = []  # pieces left out as not digits (a letter)
        self._selected_box = 0
        self.retranslate()

    def retranslate(self) -> None:
        self.setAccessibleName(tr("Drawing area"))
        self.setAccessibleDescription(tr("Draw a digit or a number with the mouse or a pen. "
                                         "Type a digit key to say what you wrote."))
        self.setToolTip(tr("Draw a digit with the left mouse button or a pen; right button "
                           "erases; a digit key says what you wrote"))
        self._cache = None  # the hint painted on an empty canvas is in words
        self.update()

    # ---- public API ------------------------------------------------------------------------

    def sizeHint(self) -> QSize:
        return QSize(440, 440)

    @property
    def drawing(self) -> Drawing:
        return self._drawing

    def is_empty(self) -> bool:
        return self._drawing.empty and not self._current

    def can_undo(self) -> bool:
        return bool(self._undo)

    def can_redo(self) -> bool:
        return bool(self._redo)

    def strokes_xy(self) -> list[np.ndarray]:
        """Every stroke's points as (N, 2) arrays, the one being drawn included."""
        strokes = [stroke.xy() for stroke in self._drawing.strokes]
        if self._current:
            strokes.append(np.array([(x, y) for x, y, _ in self._current]))
        return strokes

    def showing_picture(self) -> bool:
        return self._drawing.picture is not None and not self._current

    def ink(self) -> np.ndarray | None:
        """What the model should see, as ink intensities, or None when nothing is drawn.

        Strokes are re-rendered at a width relative to the drawing's own size, not as painted
        on screen, so the person's brush width and drawing size do not change the tensor.
        """
        if self.showing_picture():
            return self._drawing.picture
        strokes = self.strokes_xy()
        return render_strokes(strokes) if strokes else None

    def set_digit_boxes(self, boxes, selected: int = 0, left_out=(), refused=()) -> None:
        """Show how a written number was split: faint numbered boxes (x0, y0, x1, y1) in
        canvas coordinates, for strokes, or in the opened picture's pixels; fainter and
        without a number, the marks left out of it (a comma, a dot, a dash); crossed, the
        pieces left out as not digits (a letter beside the number)."""
        if self.showing_picture():
            boxes, left_out, refused = ([self._picture_box(box) for box in group]
                                        for group in (boxes, left_out, refused))
        several = len(boxes) > 1 or bool(left_out) or bool(boxes and refused)

        def rects(group) -> list[QRectF]:
            return [QRectF(x0, y0, x1 - x0, y1 - y0) for x0, y0, x1, y1 in group] \
                if several else []

        self._digit_boxes, self.left_out_boxes, self.refused_boxes = \
            rects(boxes), rects(left_out), rects(refused)
        self._selected_box = selected
        self.update()

    def digit_tag(self, index: int) -> QRectF:
        """Where the number tag of digit `index` sits (click it to select that digit)."""
        box = self._padded(self._digit_boxes[index])
        return QRectF(box.left(), box.top() - 20, 22, 18)

    def _padded(self, box: QRectF) -> QRectF:
        """A digit's box around its ink, not just around its strokes' centre lines."""
        widest = max((stroke.width for stroke in self._drawing.strokes), default=0.0)
        pad = widest / 2 + 4
        return box.adjusted(-pad, -pad, pad, pad)

    def _picture_box(self, box):
        target, scale = _picture_placement(self._drawing.picture, QRectF(self.rect()))
        x0, y0, x1, y1 = box
        return (target.left() + x0 * scale, target.top() + y0 * scale,
                target.left() + x1 * scale, target.top() + y1 * scale)

    @Slot()
    def clear(self) -> None:
        if not self._drawing.empty:
            self._commit(Drawing())

    @Slot()
    def undo(self) -> None:
        if self._undo:
            self._redo.append(self._drawing)
            self._set(self._undo.pop())

    @Slot()
    def redo(self) -> None:
        if self._redo:
            self._undo.append(self._drawing)
            self._set(self._redo.pop())

    def set_picture(self, ink: np.ndarray) -> None:
        """Show an opened image (ink intensities) in place of the strokes; undoable."""
        self._commit(Drawing(picture=np.asarray(ink, dtype=np.float32)))

    def set_strokes(self, strokes) -> None:
        """Show saved strokes ((x, y, pressure) point lists) as a new drawing; undoable."""
        kept = tuple(Stroke(tuple(tuple(map(float, p)) for p in points), self.brush_width)
                     for points in strokes if len(points))
        self._commit(Drawing(kept))

    def stroke_points(self) -> tuple[tuple[tuple[float, float, float], ...], ...]:
        """The finished strokes as (x, y, pressure) points, in drawing order."""
        return tuple(stroke.points for stroke in self._drawing.strokes)

    def keyPressEvent(self, event) -> None:
        key = event.key()
        if Qt.Key.Key_0 <= key <= Qt.Key.Key_9 and not (
                event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier):
            self.digitTyped.emit(key - Qt.Key.Key_0)
            return
        super().keyPressEvent(event)

    def set_brush_width(self, width: float) -> None:
        self.brush_width = float(width)

    def render_image(self) -> QImage:
        """The canvas as the person sees it, for saving as PNG."""
        image = QImage(self.size(), QImage.Format.Format_RGB32)
        image.fill(colours(self.palette()).paper)
        painter = QPainter(image)
        self._paint_drawing(painter, self._drawing, hint=False)
        painter.end()
        return image

    # ---- state changes -----------------------------------------------------------------------

    def _commit(self, drawing: Drawing, before: Drawing | None = None) -> None:
        self._undo.append(before if before is not None else self._drawing)
        del self._undo[:-MAX_UNDO]
        self._redo.clear()
        self._set(drawing)

    def _set(self, drawing: Drawing) -> None:
        self._drawing = drawing
        if self._cache_before is not None and self._cache_before[0] is drawing:
            (self._cached, self._cache), self._cache_before = self._cache_before, None
        elif not self._adds_strokes_to_cache(drawing):
            self._cache = None
        self.update()
        self.changed.emit()
        self.strokeFinished.emit()

    # ---- input -------------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        for index in range(len(self._digit_boxes)):
            if self.digit_tag(index).contains(event.position()):
                self.digitClicked.emit(index)
                return
        if event.button() == Qt.MouseButton.LeftButton:
            self._begin_stroke(event.position(), 1.0)
        elif event.button() == Qt.MouseButton.RightButton:
            self._begin_erase(event.position())

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._current is not None:
            self._extend_stroke(event.position(), 1.0)
        elif self._erasing:
            self._erase_at(event.position())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self._current is not None:
            self._end_stroke()
        elif event.button() == Qt.MouseButton.RightButton and self._erasing:
            self._end_erase()

    def tabletEvent(self, event: QTabletEvent) -> None:
        # A pen's pressure sets the painted width; accepting stops Qt's synthetic mouse events.
        kind = event.type()
        pressure = max(0.05, float(event.pressure()))
        eraser = event.pointerType() == QPointingDevice.PointerType.Eraser
        if kind == QTabletEvent.Type.TabletPress:
            if eraser:
                self._begin_erase(event.position())
            else:
                self._begin_stroke(event.position(), pressure)
        elif kind == QTabletEvent.Type.TabletMove:
            if self._current is not None:
                self._extend_stroke(event.position(), pressure)
            elif self._erasing:
                self._erase_at(event.position())
        elif kind == QTabletEvent.Type.TabletRelease:
            if self._current is not None:
                self._end_stroke()
            elif self._erasing:
                self._end_erase()
        event.accept()

    def _begin_stroke(self, pos: QPointF, pressure: float) -> None:
        self._current = [(pos.x(), pos.y(), pressure)]
        self._live = None
        if self._drawing.picture is not None:  # drawing replaces an opened picture
            self._before_gesture = self._drawing
            self._drawing = Drawing()
            self._cache = None
        self.update()
        self.changed.emit()

    def _extend_stroke(self, pos: QPointF, pressure: float) -> None:
        x0, y0, p0 = self._current[-1]
        x1, y1 = pos.x(), pos.y()
        gap = math.hypot(x1 - x0, y1 - y0)
        if gap < 0.5:
            return
        steps = max(1, math.ceil(gap / MAX_POINT_GAP))
        for i in range(1, steps + 1):
            t = i / steps
            self._current.append((x0 + (x1 - x0) * t, y0 + (y1 - y0) * t,
                                  p0 + (pressure - p0) * t))
        margin = self.brush_width * 2 + 4
        self.update(QRectF(min(x0, x1) - margin, min(y0, y1) - margin,
                           abs(x1 - x0) + 2 * margin, abs(y1 - y0) + 2 * margin).toAlignedRect())
        self.changed.emit()

    def _end_stroke(self) -> None:
        stroke = Stroke(tuple(self._current), self.brush_width)
        self._current = None
        self._live = None
        before = self._before_gesture
        self._before_gesture = None
        base = self._drawing
        self._commit(Drawing(base.strokes + (stroke,)), before=before or base)

    def _begin_erase(self, pos: QPointF) -> None:
        self._erasing = True
        self._before_gesture = self._drawing
        self._erase_at(pos)

    def _erase_at(self, pos: QPointF) -> None:
        radius = max(8.0, self.brush_width)
        kept: list[Stroke] = []
        touched = False
        for stroke in self._drawing.strokes:
            xy = stroke.xy()
            near = np.hypot(xy[:, 0] - pos.x(), xy[:, 1] - pos.y()) <= radius
            if not near.any():
                kept.append(stroke)
                continue
            touched = True
            # Split the stroke where the eraser passed; keep the pieces that remain.
            piece: list[tuple[float, float, float]] = []
            for point, gone in zip(stroke.points, near):
                if gone:
                    if len(piece) > 1:
                        kept.append(Stroke(tuple(piece), stroke.width))
                    piece = []
                else:
                    piece.append(point)
            if len(piece) > 1:
                kept.append(Stroke(tuple(piece), stroke.width))
        if touched:
            self._drawing = Drawing(tuple(kept))
            self._cache = None
            self.update()
            self.changed.emit()

    def _end_erase(self) -> None:
        self._erasing = False
        before, self._before_gesture = self._before_gesture, None
        if before is not None and before is not self._drawing:
            erased, self._drawing = self._drawing, before
            self._commit(erased, before=before)

    # ---- painting ----------------------------------------------------------------------------

    def resizeEvent(self, event) -> None:
        self._cache = self._cache_before = None
        super().resizeEvent(event)

    def restyle(self) -> None:  # light ↔ dark desktop: repaint paper and ink
        self._cache = self._cache_before = None
        self.update()

    def paintEvent(self, event) -> None:
        c = colours(self.palette())
        ratio = self.devicePixelRatioF()  # the cache has device pixels: sharp ink on HiDPI
        if self._cache is None or self._cache.size() != self.size() * ratio:
            self._cache = QPixmap(self.size() * ratio)
            self._cache.setDevicePixelRatio(ratio)
            self._cache.fill(c.paper)
            cache_painter = QPainter(self._cache)
            self._paint_drawing(cache_painter, self._drawing, hint=not self._current)
            cache_painter.end()
            self._cached = self._drawing
        painter = QPainter(self)
        painter.drawPixmap(0, 0, self._cache)
        if self._current:
            painter.drawPixmap(0, 0, self._live_layer(ratio, c.ink))
        self._paint_digit_boxes(painter, c)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if self.hasFocus():  # keys go here (a digit key saves the drawing): show it
            painter.setPen(QPen(c.accent, 3))
            painter.drawRect(QRectF(self.rect()).adjusted(1.5, 1.5, -1.5, -1.5))
        else:
            painter.setPen(QPen(mix(c.paper, c.text, 0.3), 1))  # where the drawing area ends
            painter.drawRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5))
        painter.end()

    def _adds_strokes_to_cache(self, drawing: Drawing) -> bool:
        """Paint the strokes `drawing` adds to the cached one straight onto the cache (a new
        stroke repaints one stroke, not 5,000); False when the cache must be made again."""
        old = self._cached
        if self._cache is None or old is None or old.empty or drawing.picture is not None \
                or old.picture is not None or len(drawing.strokes) <= len(old.strokes) \
                or any(a is not b for a, b in zip(old.strokes, drawing.strokes)):
            return False
        self._cache_before = (old, self._cache.copy())
        painter = QPainter(self._cache)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        ink = colours(self.palette()).ink
        for stroke in drawing.strokes[len(old.strokes):]:
            _paint_stroke(painter, stroke, ink)
        painter.end()
        self._cached = drawing
        return True

    def _live_layer(self, ratio: float, ink: QColor) -> QPixmap:
        """The stroke being drawn, on a transparent layer; only its new points are painted."""
        if self._live is None or self._live.size() != self.size() * ratio:
            self._live = QPixmap(self.size() * ratio)
            self._live.setDevicePixelRatio(ratio)
            self._live.fill(Qt.GlobalColor.transparent)
            self._live_points = 0
        points = self._current
        start = max(0, self._live_points - 1)
        painter = QPainter(self._live)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        _paint_stroke(painter, Stroke(tuple(points[start:]), self.brush_width), ink,
                      smooth=False)
        painter.end()
        self._live_points = len(points)
        return self._live

    def _paint_digit_boxes(self, painter: QPainter, c) -> None:
        if not (self._digit_boxes or self.left_out_boxes) or self._current:
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(mix(c.paper, c.text, 0.5), 1.2, Qt.PenStyle.DotLine))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for box in self.left_out_boxes:
            painter.drawRoundedRect(self._padded(box), 4, 4)
        # Not a digit: a box in the unsure colour, struck through from corner to corner.
        painter.setPen(QPen(c.unsure, 1.4, Qt.PenStyle.DashLine))
        for box in self.refused_boxes:
            padded = self._padded(box)
            painter.drawRoundedRect(padded, 4, 4)
            painter.drawLine(padded.topRight(), padded.bottomLeft())
        font = painter.font()
        font.setPointSizeF(8.5)
        font.setBold(True)
        painter.setFont(font)
        for index, box in enumerate(self._digit_boxes):
            selected = index == self._selected_box
            colour = c.accent if selected else mix(c.paper, c.text, 0.45)
            pen = QPen(colour, 1.5 if selected else 1.0,
                       Qt.PenStyle.SolidLine if selected else Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(self._padded(box), 5, 5)
            tag = self.digit_tag(index)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawRoundedRect(tag, 4, 4)
            painter.setPen(c.paper)
            painter.drawText(tag, Qt.AlignmentFlag.AlignCenter, str(index + 1))

    def _paint_drawing(self, painter: QPainter, drawing: Drawing, hint: bool) -> None:
        c = colours(self.palette())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        if drawing.picture is not None:
            _paint_picture(painter, drawing.picture, QRectF(self.rect()), light_ink=c.dark)
        for stroke in drawing.strokes:
            _paint_stroke(painter, stroke, c.ink)
        if hint and drawing.empty:
            painter.setPen(mix(c.paper, c.text, 0.45))
            font = painter.font()
            font.setPointSizeF(max(11.0, self.height() / 28))
            painter.setFont(font)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, tr("Draw a digit here"))


PATH_CHUNK = 256  # points per painted path: Qt outlines a path in time that grows faster
                 # than its length, so a 100,000-point scribble is painted in pieces


def _paint_stroke(painter: QPainter, stroke: Stroke, ink: QColor, smooth: bool = True) -> None:
    points = stroke.points
    pen = QPen(ink, stroke.width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
               Qt.PenJoinStyle.RoundJoin)
    if len(points) == 1:
        painter.setPen(pen)
        painter.drawPoint(QPointF(points[0][0], points[0][1]))
        return
    pressures = {round(p, 2) for _, _, p in points}
    if len(pressures) == 1:
        # Constant width (a mouse): smooth paths through the midpoints of the polyline (the
        # growing stroke as a plain polyline: points ≤ 2 px apart look the same).
        pen.setWidthF(stroke.width * _pressure_scale(points[0][2]))
        painter.setPen(pen)
        for start in range(0, len(points) - 1, PATH_CHUNK):
            chunk = points[start:start + PATH_CHUNK + 1]
            path = QPainterPath(QPointF(chunk[0][0], chunk[0][1]))
            if smooth:
                for (xa, ya, _), (xb, yb, _) in zip(chunk[1:], chunk[2:]):
                    path.quadTo(QPointF(xa, ya), QPointF((xa + xb) / 2, (ya + yb) / 2))
            else:
                for x, y, _ in chunk[1:-1]:
                    path.lineTo(QPointF(x, y))
            path.lineTo(QPointF(chunk[-1][0], chunk[-1][1]))
            painter.drawPath(path)
        return
    for (xa, ya, pa), (xb, yb, pb) in zip(points, points[1:]):  # a pen: width follows pressure
        pen.setWidthF(stroke.width * _pressure_scale((pa + pb) / 2))
        painter.setPen(pen)
        painter.drawLine(QPointF(xa, ya), QPointF(xb, yb))


def _pressure_scale(pressure: float) -> float:
    return 0.35 + 0.65 * min(1.0, pressure)


def _picture_placement(ink: np.ndarray, area: QRectF) -> tuple[QRectF, float]:
    """Where an opened picture is shown on the canvas, and at what scale."""
    height, width = ink.shape
    scale = min(area.width() / width, area.height() / height) * 0.9
    target = QRectF(0, 0, width * scale, height * scale)
    target.moveCenter(area.center())
    return target, scale


def _paint_picture(painter: QPainter, ink: np.ndarray, area: QRectF, light_ink: bool) -> None:
    painter.drawImage(_picture_placement(ink, area)[0], gray_image(ink, invert=not light_ink))
